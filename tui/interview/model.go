// Package interview is the mock interview screen: open questions from the
// interview bank one at a time against a real countdown. The learner answers
// (typing or thinking), reveals the model answer and marks themselves; the
// marks feed the same review schedule as drills (lessons/drill).
package interview

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/drill"
)

// Options configure a mock interview.
type Options struct {
	Context   common.Context
	Items     []lessondrill.Item // interview cards, in order
	Scheduler lessondrill.Scheduler
	Duration  time.Duration    // the countdown, real wall time
	Now       func() time.Time // defaults to time.Now
}

type phase int

const (
	asking   phase = iota // the question, with the answer box
	revealed              // the model answer, waiting for a mark
	finished              // the summary
)

// Why the interview ended.
type ending int

const (
	exhausted ending = iota // every question asked
	timeUp
	stopped // the learner ended it early
)

// Model is the mock interview screen.
type Model struct {
	ctx   common.Context
	items []lessondrill.Item
	sched lessondrill.Scheduler
	now   func() time.Time
	dur   time.Duration

	start, deadline time.Time
	left            time.Duration // time left at the last message
	ended           ending
	endedAt         time.Time

	i        int
	phase    phase
	answer   textarea.Model
	typed    []string // what the learner typed, per question asked
	outcomes []lessondrill.Outcome

	rendered drill.Answers
	vp       viewport.Model
	width    int
	height   int
	status   string
}

// Messages of the interview's timers and background work.
type (
	tickMsg   struct{} // one second passed (animated countdown)
	timeUpMsg struct{} // the deadline passed (static countdown)
)

// New builds a mock interview over opt.Items; the clock starts in Init.
func New(opt Options) *Model {
	m := &Model{
		ctx: opt.Context, items: opt.Items, sched: opt.Scheduler, now: opt.Now, dur: opt.Duration,
		rendered: drill.Answers{}, vp: drill.NewViewport(),
	}
	m.ctx = m.ctx.WithDefaults()
	if m.now == nil {
		m.now = time.Now
	}
	m.answer = textarea.New()
	m.answer.Placeholder = "Type your answer here, or just think it through…"
	m.answer.ShowLineNumbers = false
	m.answer.SetHeight(5)
	st := m.answer.Styles()
	st.Cursor.Blink = !m.ctx.NoAnimation
	m.answer.SetStyles(st)
	return m
}

// Outcomes are the marks given so far.
func (m *Model) Outcomes() []lessondrill.Outcome { return m.outcomes }

// Done reports whether the summary is shown.
func (m *Model) Done() bool { return m.phase == finished }

// Ready reports whether no model answer is still rendering.
func (m *Model) Ready() bool {
	return m.phase != revealed || m.rendered.Has(m.renderKey())
}

// CapturingInput is true while the learner types an answer: q and ? are text.
func (m *Model) CapturingInput() bool { return m.phase == asking && m.answer.Focused() }

func (m *Model) Init() tea.Cmd {
	m.start = m.now()
	m.deadline = m.start.Add(m.dur)
	m.left = m.dur
	if len(m.items) == 0 {
		m.finish(exhausted)
		return nil
	}
	return tea.Batch(m.answer.Focus(), m.timer())
}

// timer drives the countdown: a tick a second when animated, else a single
// wake-up at the deadline (the text stays static in between).
func (m *Model) timer() tea.Cmd {
	if m.ctx.NoAnimation {
		return tea.Tick(max(m.deadline.Sub(m.now()), 0), func(time.Time) tea.Msg { return timeUpMsg{} })
	}
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}

func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.answer.SetWidth(m.textWidth())
	m.layout()
}

func (m *Model) textWidth() int { return drill.TextWidth(m.width) }

func (m *Model) item() lessondrill.Item { return m.items[m.i] }

func (m *Model) renderKey() drill.RenderKey {
	return drill.RenderKey{ID: m.item().ID, Width: m.textWidth(), Style: m.ctx.Theme.MarkdownStyle()}
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	var cmd tea.Cmd
	if m.phase != finished && !m.start.IsZero() { // the clock starts in Init
		m.left = m.deadline.Sub(m.now())
		if m.left <= 0 {
			m.finish(timeUp)
		}
	}
	switch msg := msg.(type) {
	case tickMsg:
		if m.phase != finished {
			cmd = m.timer()
		}
	case timeUpMsg:
		if m.phase != finished { // woke early (clock drift): wait again
			cmd = m.timer()
		}
	case tea.KeyPressMsg:
		cmd = m.key(msg)
	case tea.MouseWheelMsg:
		m.vp, cmd = m.vp.Update(msg)
	case drill.RenderedMsg:
		m.rendered[msg.Key] = msg.Text
	case drill.SavedMsg:
		m.status = msg.Status()
	case common.SizeMsg, common.ThemeChangedMsg:
		cmd = m.needRender()
	default:
		if m.phase == asking {
			m.answer, cmd = m.answer.Update(msg) // cursor blink
		}
	}
	m.layout()
	return m, cmd
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	keys := drill.DefaultKeys
	switch m.phase {
	case finished:
		if key.Matches(k, keys.Back) || key.Matches(k, keys.Next) {
			return common.Back
		}
	case asking:
		if m.answer.Focused() {
			switch {
			case key.Matches(k, interviewKeys.Reveal):
				return m.reveal()
			case key.Matches(k, interviewKeys.StopTyping):
				m.answer.Blur()
				return nil
			}
			var cmd tea.Cmd
			m.answer, cmd = m.answer.Update(k)
			return cmd
		}
		switch {
		case key.Matches(k, interviewKeys.Type):
			return m.answer.Focus()
		case key.Matches(k, keys.Reveal), key.Matches(k, interviewKeys.Reveal):
			return m.reveal()
		case key.Matches(k, keys.Back):
			m.finish(stopped)
		}
	case revealed:
		if res, ok := keys.Result(k); ok {
			return m.mark(res)
		}
		switch {
		case key.Matches(k, keys.ScrollUp):
			m.vp.ScrollUp(1)
		case key.Matches(k, keys.ScrollDown):
			m.vp.ScrollDown(1)
		case key.Matches(k, keys.Back):
			m.finish(stopped)
		}
	}
	return nil
}

func (m *Model) reveal() tea.Cmd {
	m.answer.Blur()
	m.phase = revealed
	m.vp.GotoTop()
	return m.needRender()
}

func (m *Model) mark(res lessondrill.Result) tea.Cmd {
	it := m.item()
	m.outcomes = append(m.outcomes, lessondrill.Outcome{Item: it, Result: res})
	m.typed = append(m.typed, m.answer.Value())
	m.sched.Record(it.ID, res)
	save := drill.Save(m.sched.Store)
	if m.i+1 >= len(m.items) {
		m.finish(exhausted)
		return save
	}
	m.i++
	m.phase = asking
	m.answer.Reset()
	m.vp.GotoTop()
	return tea.Batch(save, m.answer.Focus())
}

func (m *Model) finish(why ending) {
	m.phase, m.ended, m.endedAt = finished, why, m.now()
	m.answer.Blur()
}

func (m *Model) needRender() tea.Cmd {
	if m.phase != revealed || m.width == 0 {
		return nil
	}
	return m.rendered.Render(m.renderKey(), m.item().Card.Answer)
}

// interviewKeys are the interview's own bindings; the rest are drill's.
var interviewKeys = struct {
	Reveal, StopTyping, Type key.Binding
}{
	Reveal:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "model answer")),
	StopTyping: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop typing")),
	Type:       key.NewBinding(key.WithKeys("i", "a"), key.WithHelp("i", "type")),
}

func (m *Model) Keys() []key.Binding {
	k := drill.DefaultKeys
	switch {
	case m.phase == finished:
		b := k.Next
		b.SetHelp("enter", "done")
		return []key.Binding{b}
	case m.phase == asking && m.answer.Focused():
		return []key.Binding{interviewKeys.Reveal, interviewKeys.StopTyping}
	case m.phase == asking:
		end := k.Back
		end.SetHelp("esc", "end interview")
		return []key.Binding{k.Reveal, interviewKeys.Type, end}
	default:
		end := k.Back
		end.SetHelp("esc", "end interview")
		return []key.Binding{k.GotIt, k.Partly, k.Missed, k.ScrollDown, end}
	}
}
