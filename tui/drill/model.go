// Package drill is the drill screen: a deck of quiz questions and interview
// cards, one at a time, scheduled for review with lessons/drill. It also
// holds what the mock interview screen shares with it: keys, marks, model
// answer rendering and the end-of-session summary.
package drill

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// maxWidth caps the text width: long lines are hard to read.
const maxWidth = 100

// Options configure a drill.
type Options struct {
	Context   common.Context
	Title     string             // "Drill" or "Drill · Serverless"
	Items     []lessondrill.Item // the deck, in order
	Scheduler lessondrill.Scheduler
}

type phase int

const (
	asking   phase = iota // a quiz waits for a choice, a card for reveal
	answered              // a quiz was answered: feedback shown
	revealed              // a card's model answer is shown: waiting for a mark
	finished              // the summary
)

// Model is the drill screen.
type Model struct {
	ctx   common.Context
	title string
	items []lessondrill.Item
	sched lessondrill.Scheduler

	i        int // current item
	phase    phase
	cursor   int // highlighted choice of a quiz
	choice   int // the choice picked
	outcomes []lessondrill.Outcome

	rendered Answers // model answers by card, width and style
	vp       viewport.Model
	width    int
	height   int
	status   string // a save problem
}

// New builds a drill over opt.Items.
func New(opt Options) *Model {
	m := &Model{
		ctx: opt.Context, title: opt.Title, items: opt.Items, sched: opt.Scheduler,
		rendered: Answers{}, vp: NewViewport(),
	}
	m.ctx = m.ctx.WithDefaults()
	if m.title == "" {
		m.title = "Drill"
	}
	if len(m.items) == 0 {
		m.phase = finished
	}
	return m
}

// Outcomes are the answers given so far.
func (m *Model) Outcomes() []lessondrill.Outcome { return m.outcomes }

// Done reports whether the summary is shown.
func (m *Model) Done() bool { return m.phase == finished }

// Ready reports whether the screen shows what it should: no model answer
// still rendering (tests wait for it).
func (m *Model) Ready() bool {
	return m.phase != revealed || m.rendered.Has(m.renderKey())
}

func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

func (m *Model) item() lessondrill.Item { return m.items[m.i] }

func (m *Model) textWidth() int { return TextWidth(m.width) }

func (m *Model) renderKey() RenderKey {
	return RenderKey{ID: m.item().ID, Width: m.textWidth(), Style: m.ctx.Theme.MarkdownStyle()}
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = m.key(msg)
	case tea.MouseWheelMsg:
		m.vp, cmd = m.vp.Update(msg)
	case RenderedMsg:
		m.rendered[msg.Key] = msg.Text
	case SavedMsg:
		m.status = msg.Status()
	case common.SizeMsg, common.ThemeChangedMsg:
		cmd = m.needRender()
	}
	m.layout()
	return m, cmd
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	keys := DefaultKeys
	if key.Matches(k, keys.Back) {
		return common.Back
	}
	switch m.phase {
	case finished:
		if key.Matches(k, keys.Next) {
			return common.Back
		}
	case asking:
		if m.item().Kind == lessondrill.CardItem {
			if key.Matches(k, keys.Reveal) {
				m.phase = revealed
				m.vp.GotoTop()
				return m.needRender()
			}
			return m.scroll(k)
		}
		choices := m.item().Quiz.Choices
		switch {
		case key.Matches(k, keys.Up):
			m.cursor = max(m.cursor-1, 0)
		case key.Matches(k, keys.Down):
			m.cursor = min(m.cursor+1, len(choices)-1)
		case key.Matches(k, keys.Answer):
			return m.answer(m.cursor)
		case key.Matches(k, keys.Pick):
			if n := int(k.String()[0] - '1'); n < len(choices) {
				return m.answer(n)
			}
		}
	case answered:
		if key.Matches(k, keys.Next) {
			m.next()
			return nil
		}
		return m.scroll(k)
	case revealed:
		if res, ok := keys.Result(k); ok {
			return m.mark(res)
		}
		return m.scroll(k)
	}
	return nil
}

func (m *Model) scroll(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, DefaultKeys.ScrollUp):
		m.vp.ScrollUp(1)
	case key.Matches(k, DefaultKeys.ScrollDown):
		m.vp.ScrollDown(1)
	}
	return nil
}

// answer picks a quiz choice: the result is recorded at once and the
// feedback shown until the learner moves on.
func (m *Model) answer(choice int) tea.Cmd {
	m.choice, m.cursor, m.phase = choice, choice, answered
	res := lessondrill.Wrong
	if m.item().Quiz.Choices[choice].Correct {
		res = lessondrill.Right
	}
	return m.record(res)
}

// mark records the learner's own mark for a card and moves on.
func (m *Model) mark(res lessondrill.Result) tea.Cmd {
	cmd := m.record(res)
	m.next()
	return cmd
}

func (m *Model) record(res lessondrill.Result) tea.Cmd {
	m.outcomes = append(m.outcomes, lessondrill.Outcome{Item: m.item(), Result: res})
	m.sched.Record(m.item().ID, res)
	return Save(m.sched.Store)
}

func (m *Model) next() {
	m.cursor, m.choice = 0, 0
	m.vp.GotoTop()
	if m.i+1 >= len(m.items) {
		m.phase = finished
		return
	}
	m.i++
	m.phase = asking
}

// needRender starts rendering the current card's model answer at the
// current width when it is shown and not rendered yet.
func (m *Model) needRender() tea.Cmd {
	if m.phase != revealed || m.width == 0 {
		return nil
	}
	return m.rendered.Render(m.renderKey(), m.item().Card.Answer)
}

func (m *Model) Keys() []key.Binding {
	k := DefaultKeys
	switch {
	case m.phase == finished:
		return []key.Binding{withHelp(k.Next, "enter", "done")}
	case m.phase == asking && m.item().Kind == lessondrill.QuizItem:
		return []key.Binding{k.Pick, withHelp(k.Down, "↑↓", "choose"), k.Answer, k.Back}
	case m.phase == asking:
		return []key.Binding{k.Reveal, k.Back}
	case m.phase == answered:
		return []key.Binding{k.Next, k.Back}
	default:
		return []key.Binding{k.GotIt, k.Partly, k.Missed, k.ScrollDown, k.Back}
	}
}

func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// progressText is "3/10".
func (m *Model) progressText() string {
	return fmt.Sprintf("%d/%d", min(m.i+1, len(m.items)), len(m.items))
}
