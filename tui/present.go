package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Presenter mode: the host puts a frame around every demo screen that takes
// part (common.Presentable, Narrator, Pausable, Scripted). Switched on (P, or
// Context.Present) the frame draws, for a projector at about 100x30: a
// banner with the clock's state, the demo's key numbers three rows high, the
// demo's own presenter layout, and one sentence of narration. Space pauses
// the demo's control-plane clock, "." steps it to its next timer, and with a
// script enter (or →) runs the next step.

// presentKeys are the frame's bindings. Outside presenter mode a key the
// demo binds itself goes to the demo.
var presentKeys = struct{ Toggle, Pause, Step, Next key.Binding }{
	Toggle: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "presenter mode")),
	Pause:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause/resume timers")),
	Step:   key.NewBinding(key.WithKeys("."), key.WithHelp(".", "step to next timer")),
	Next:   key.NewBinding(key.WithKeys("enter", "right"), key.WithHelp("enter/→", "next step")),
}

// The frame's rows around the demo in presenter mode.
const (
	presentHeader    = 2 // banner, blank
	presentFigures   = 5 // three big rows, labels, blank
	presentNarration = 3 // rule, two lines of narration
	presentStatus    = 1 // script prompt or what the last step did
)

// presenter is the frame around one demo screen.
type presenter struct {
	inner common.Screen
	th    *theme.Theme
	on    bool

	script   []string
	next     int    // index in script of the next step
	running  string // the script step under way, "" when none
	stepping bool   // a clock step (".") is under way
	note     string // what the last step did
	err      string

	width, height int
}

// Present frames a demo screen for presenter mode, on from the start when
// ctx.Present is set, with a script of steps run one per enter (the demo
// must be common.Scripted). The host frames demo screens by itself; call
// Present to give a script.
func Present(s common.Screen, ctx common.Context, script []string) common.Screen {
	if p, ok := s.(*presenter); ok {
		p.script = script
		return p
	}
	ctx = withTheme(ctx)
	return &presenter{inner: s, th: ctx.Theme, on: ctx.Present && isPresentable(s), script: script}
}

// framed is the host's hook: a demo screen that takes part in presenter mode
// gets the frame; any other screen is returned as it is.
func framed(s common.Screen, ctx common.Context) common.Screen {
	if _, ok := s.(*presenter); ok {
		return s
	}
	_, pres := s.(common.Presentable)
	_, narr := s.(common.Narrator)
	_, paus := s.(common.Pausable)
	if !pres && !narr && !paus {
		return s
	}
	return Present(s, ctx, nil)
}

func isPresentable(s common.Screen) bool { _, ok := s.(common.Presentable); return ok }

func (p *presenter) Init() tea.Cmd { return p.inner.Init() }

func (p *presenter) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if cmd, ok := p.key(msg); ok {
			return p, cmd
		}
	case common.StepDoneMsg:
		p.stepDone(msg)
		return p, nil
	case common.SizeMsg: // the demo is told its own size, not the frame's
		msg.Width, msg.Height = p.innerSize()
		return p.forward(msg)
	}
	return p.forward(msg)
}

func (p *presenter) forward(msg tea.Msg) (common.Screen, tea.Cmd) {
	next, cmd := p.inner.Update(msg)
	p.inner = next
	p.layout() // the demo may have paused or started a step: the frame's rows follow
	return p, cmd
}

// key handles the frame's keys; ok false hands the key to the demo.
func (p *presenter) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	mine := func(b key.Binding) bool {
		if !key.Matches(msg, b) {
			return false
		}
		if p.on {
			return true
		}
		for _, k := range p.inner.Keys() { // the demo's own key wins outside presenter mode
			if key.Matches(msg, k) {
				return false
			}
		}
		return true
	}
	pausable, _ := p.inner.(common.Pausable)
	scripted, _ := p.inner.(common.Scripted)
	switch {
	case mine(presentKeys.Toggle) && isPresentable(p.inner):
		p.on = !p.on
		p.layout()
		return nil, true
	case mine(presentKeys.Pause) && pausable != nil:
		pausable.SetPaused(!pausable.Paused())
		p.note, p.err = "", ""
		p.layout()
		return nil, true
	case mine(presentKeys.Step) && pausable != nil:
		if p.stepping {
			return nil, true
		}
		p.stepping, p.note, p.err = true, "", ""
		p.layout()
		return pausable.Step(), true
	case mine(presentKeys.Next) && scripted != nil && len(p.script) > 0:
		if p.running != "" || p.next >= len(p.script) {
			return nil, true
		}
		p.running, p.note, p.err = p.script[p.next], "", ""
		p.layout()
		return scripted.RunStep(p.running), true
	}
	return nil, false
}

func (p *presenter) stepDone(msg common.StepDoneMsg) {
	if msg.Step == "" {
		p.stepping = false
	} else if msg.Step == p.running {
		p.running = ""
		p.next++
	}
	p.note, p.err = msg.Note, ""
	if msg.Err != nil {
		p.note, p.err = "", msg.Err.Error()
	}
	p.layout()
}

func (p *presenter) SetSize(width, height int) {
	p.width, p.height = width, height
	p.layout()
}

// layout gives the demo what the frame leaves of the window.
func (p *presenter) layout() {
	if p.width == 0 {
		return
	}
	p.inner.SetSize(p.innerSize())
}

func (p *presenter) innerSize() (int, int) {
	h := p.height
	switch {
	case p.on:
		h -= presentHeader + presentNarration + presentStatus
		if p.showFigures() {
			h -= presentFigures
		}
	case p.statusLine() != "":
		h -= presentStatus
	}
	return p.width, max(h, 1)
}

// showFigures: the big numbers take five rows, so a short window (below
// the projector's 30 rows by more than a few) keeps them for the demo.
func (p *presenter) showFigures() bool {
	_, ok := p.inner.(common.Figurer)
	return ok && p.height >= 22
}

func (p *presenter) Keys() []key.Binding {
	var frame []key.Binding
	if _, ok := p.inner.(common.Pausable); ok {
		frame = append(frame, presentKeys.Pause, presentKeys.Step)
	}
	if _, ok := p.inner.(common.Scripted); ok && p.next < len(p.script) {
		frame = append([]key.Binding{presentKeys.Next}, frame...)
	}
	if isPresentable(p.inner) {
		frame = append(frame, presentKeys.Toggle)
	}
	if p.on {
		return append(frame, p.inner.Keys()...)
	}
	return append(p.inner.Keys(), frame...)
}

func (p *presenter) View() string {
	if !p.on {
		if s := p.statusLine(); s != "" {
			return p.inner.View() + "\n" + s
		}
		return p.inner.View()
	}
	st := p.th.Present()
	w := p.width
	var out []string
	out = append(out, p.banner(st), "")
	if p.showFigures() {
		out = append(out, padLines(figures(p.inner.(common.Figurer).Figures(), st, w), presentFigures-1)...)
		out = append(out, "")
	}
	_, ih := p.innerSize()
	out = append(out, padLines(strings.Split(p.inner.(common.Presentable).PresentView(), "\n"), ih)...)
	out = append(out, st.Rule.Render(strings.Repeat("─", w)))
	out = append(out, padLines(p.narration(st, w), presentNarration-1)...)
	out = append(out, p.statusLine())
	for i, l := range out {
		out[i] = ansi.Truncate(l, w, "…")
	}
	return strings.Join(out, "\n")
}

// banner is the demo's name and the clock's state, in words and symbols.
func (p *presenter) banner(st theme.PresentStyles) string {
	title := "demo"
	if t, ok := p.inner.(common.Presentable); ok {
		title = t.Title()
	}
	line := st.Banner.Render(strings.ToUpper(title))
	if pa, ok := p.inner.(common.Pausable); ok {
		if pa.Paused() {
			line += "  " + st.Paused.Render("⏸ PAUSED — space to resume")
		} else {
			line += "  " + st.Running.Render("▶ running") + p.th.Subtle.Render(" — space pauses the timers, . steps")
		}
	}
	return line
}

// narration is the demo's sentence on what just happened, on at most two lines.
func (p *presenter) narration(st theme.PresentStyles, w int) []string {
	n, ok := p.inner.(common.Narrator)
	text := ""
	if ok {
		text = n.Narration()
	}
	if text == "" {
		return []string{p.th.Subtle.Render("› waiting for the first thing to happen…")}
	}
	lines := strings.Split(lipgloss.Wrap("› "+text, w, " "), "\n")
	if len(lines) > presentNarration-1 {
		lines = lines[:presentNarration-1]
		lines[len(lines)-1] = ansi.Truncate(lines[len(lines)-1], w-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = st.Narration.Render(l)
	}
	return lines
}

// statusLine is the script's prompt, the step under way, or what the last
// step did; "" when there is nothing to say (outside presenter mode the
// line then takes no room).
func (p *presenter) statusLine() string {
	st := p.th.Present()
	paused := false
	if pa, ok := p.inner.(common.Pausable); ok {
		paused = pa.Paused()
	}
	var parts []string
	if !p.on && paused {
		parts = append(parts, st.Paused.Render("⏸ paused — space to resume"))
	}
	switch {
	case p.stepping:
		parts = append(parts, p.th.Warning.Render(theme.MarkInProgress+" stepping the clock to its next timer…"))
	case p.running != "":
		msg := fmt.Sprintf("%s running %s (step %d of %d)…", theme.MarkInProgress, p.running, p.next+1, len(p.script))
		if paused {
			msg += " — the timers are paused: space resumes, . steps"
		}
		parts = append(parts, p.th.Warning.Render(msg))
		if p.note != "" {
			parts = append(parts, p.th.Subtle.Render("› ")+p.note)
		}
	case p.err != "":
		parts = append(parts, p.th.Error.Render(theme.MarkFailed+" "+p.err))
	case len(p.script) > 0 && p.next < len(p.script):
		parts = append(parts, st.Prompt.Render(fmt.Sprintf("next: %s — press enter", p.script[p.next]))+
			p.th.Subtle.Render(fmt.Sprintf("  step %d of %d", p.next+1, len(p.script))))
		if p.note != "" {
			parts = append(parts, p.th.Subtle.Render("› ")+p.note)
		}
	case len(p.script) > 0:
		parts = append(parts, p.th.OK.Render(fmt.Sprintf("%s script done: %d of %d steps", theme.MarkDone, len(p.script), len(p.script))))
	case p.note != "":
		parts = append(parts, p.th.Subtle.Render("› ")+p.note)
	}
	return strings.Join(parts, "  ")
}

// figures draws the key numbers three rows high with their labels below,
// as many as fit in w.
func figures(fs []common.Figure, st theme.PresentStyles, w int) []string {
	rows := make([]string, 4)
	used := 0
	for _, f := range fs {
		big := bigText(f.Value)
		label := strings.TrimSpace(f.Mark + " " + f.Label)
		colW := max(lipgloss.Width(big[0]), lipgloss.Width(big[2]), lipgloss.Width(label))
		gap := 0
		if used > 0 {
			gap = 5
		}
		if used+gap+colW > w {
			break
		}
		style := st.Figure
		switch f.Tone {
		case common.ToneGood:
			style = st.Good
		case common.ToneWarn:
			style = st.Warn
		case common.ToneBad:
			style = st.Bad
		}
		cells := []string{big[0], big[1], big[2], label}
		for i, c := range cells {
			s := style
			if i == 3 {
				s = st.Label
			}
			rows[i] += strings.Repeat(" ", gap) + s.Render(c) + strings.Repeat(" ", colW-lipgloss.Width(c))
		}
		used += gap + colW
	}
	if used == 0 {
		return nil
	}
	return rows
}

// padLines makes lines exactly n long.
func padLines(lines []string, n int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

// The frame passes on what the demo does for the host.

func (p *presenter) Close() {
	if c, ok := p.inner.(common.Closer); ok {
		c.Close()
	}
}

func (p *presenter) HandlesEsc() bool {
	e, ok := p.inner.(common.EscHandler)
	return ok && e.HandlesEsc()
}

func (p *presenter) CapturingInput() bool {
	c, ok := p.inner.(common.InputCapturer)
	return ok && c.CapturingInput()
}
