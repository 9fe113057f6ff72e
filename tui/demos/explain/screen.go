// Package explain puts two panels around any demo screen: the timeline of
// every event (t), with an object filter (/) and a pod's owner chain
// (enter), and the log of the real commands of the actions taken (: or L).
// It wraps the screen where the demo is opened and watches the messages
// on their way to the view (the engine's updates, demokit.CommandsMsg), so
// the views know nothing of it; live, it also decorates the view's engine
// so every action sends its command (sandbox/commands).
package explain

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// panel is which panel is open.
type panel int

const (
	noPanel panel = iota
	timelinePanel
	commandsPanel
)

// maxCommands bounds the command log: the newest are kept.
const maxCommands = 2000

// sideWidth is the width from which a panel goes beside the demo rather
// than over its lower part; the demo then keeps demoWidth columns (its
// layout's natural width) and the panel has the rest.
const (
	sideWidth = 140
	demoWidth = 96
)

// Screen is a demo screen with the timeline and the command log.
type Screen struct {
	inner common.Screen
	th    *theme.Theme
	keys  common.PanelKeys

	open     panel
	timeline timeline
	commands []scenario.Command
	origin   time.Time // the earliest time seen: the zero of the times shown

	input    textinput.Model
	typing   bool // the filter prompt has the keys
	queue    *queue
	width    int
	height   int
	innerW   int
	panelTop int // overlay: the row the panel starts at
}

// Wrap puts the panels around inner, a demo screen.
func Wrap(ctx common.Context, inner common.Screen) *Screen {
	ctx = ctx.WithDefaults()
	keys := ctx.Keys.Panels
	if len(keys.Timeline.Keys()) == 0 {
		keys = common.DefaultPanelKeys()
	}
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "object, e.g. web-x"
	in.CharLimit = 64
	return &Screen{inner: inner, th: ctx.Theme, keys: keys, timeline: newTimeline(), input: in}
}

// Inner is the wrapped demo screen.
func (s *Screen) Inner() common.Screen { return s.inner }

func (s *Screen) Init() tea.Cmd {
	if s.queue != nil {
		return tea.Batch(s.inner.Init(), s.queue.wait())
	}
	return s.inner.Init()
}

func (s *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if cmd, ok := s.key(msg); ok {
			return s, cmd
		}
	case pumpedMsg:
		s.addCommands(demokit.CommandsMsg{Commands: msg.commands})
		return s, s.queue.wait()
	case demokit.CommandsMsg:
		s.addCommands(msg)
	case demokit.UpdateMsg[cluster.Update]:
		s.timeline.addCluster(msg.Gen, msg.Update)
		s.seen(s.timeline.entries)
	case demokit.UpdateMsg[faas.Event]:
		s.timeline.addFunction(msg.Gen, msg.Update)
		s.seen(s.timeline.entries)
	case common.SizeMsg: // the demo is told its own part of the window
		if s.innerW > 0 {
			msg.Width = s.innerW
		}
		return s.forward(msg)
	}
	return s.forward(msg)
}

func (s *Screen) forward(msg tea.Msg) (common.Screen, tea.Cmd) {
	next, cmd := s.inner.Update(msg)
	s.inner = next
	return s, cmd
}

// seen moves the origin back to the first of entries, if earlier.
func (s *Screen) seen(entries []entry) {
	if len(entries) > 0 {
		s.see(entries[0].At)
	}
}

func (s *Screen) see(at time.Time) {
	if !at.IsZero() && (s.origin.IsZero() || at.Before(s.origin)) {
		s.origin = at
	}
}

func (s *Screen) addCommands(msg demokit.CommandsMsg) {
	if msg.Replace {
		s.commands = nil
	}
	for _, c := range msg.Commands {
		s.see(c.At)
	}
	s.commands = append(s.commands, msg.Commands...)
	if over := len(s.commands) - maxCommands; over > 0 {
		s.commands = append(s.commands[:0], s.commands[over:]...)
	}
}

// Claims says whether the panels take msg rather than the demo, so a
// player around the screen passes it on instead of refusing it as a demo
// action: the toggles, the filter being typed, an open panel's own keys.
func (s *Screen) Claims(msg tea.KeyPressMsg) bool {
	k := s.keys
	switch {
	case s.typing, key.Matches(msg, k.Timeline, k.Commands):
		return true
	case s.open == commandsPanel:
		return key.Matches(msg, k.Clear)
	case s.open == timelinePanel:
		return key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Filter, k.Select, k.Clear)
	}
	return false
}

// key handles the panels' keys; ok false hands the key to the demo.
func (s *Screen) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !s.Claims(msg) { // one list of the panels' keys, for this and a player
		return nil, false
	}
	k := s.keys
	if s.typing {
		switch msg.String() {
		case "enter":
			s.typing = false
			s.input.Blur()
		case "esc":
			s.typing = false
			s.input.Blur()
			s.input.SetValue("")
			s.timeline.setFilter("")
		default:
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(msg)
			s.timeline.setFilter(s.input.Value())
			return cmd, true
		}
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Timeline):
		s.toggle(timelinePanel)
		return nil, true
	case key.Matches(msg, k.Commands):
		s.toggle(commandsPanel)
		return nil, true
	}
	if s.open == commandsPanel && key.Matches(msg, k.Clear) {
		s.toggle(commandsPanel) // esc closes the command log
		return nil, true
	}
	if s.open != timelinePanel {
		return nil, false
	}
	page := max(1, s.panelRows()-1)
	switch {
	case key.Matches(msg, k.Up):
		s.timeline.move(-1)
	case key.Matches(msg, k.Down):
		s.timeline.move(1)
	case key.Matches(msg, k.PageUp):
		s.timeline.move(-page)
	case key.Matches(msg, k.PageDown):
		s.timeline.move(page)
	case key.Matches(msg, k.Filter):
		s.timeline.chain = nil
		s.typing = true
		return s.input.Focus(), true
	case key.Matches(msg, k.Select):
		return nil, s.timeline.selectChain()
	case key.Matches(msg, k.Clear):
		if s.timeline.filter != "" && s.timeline.chain == nil {
			s.input.SetValue("")
		}
		if !s.timeline.clear() {
			s.toggle(timelinePanel) // nothing to clear: esc closes the panel
		}
	default:
		return nil, false
	}
	return nil, true
}

func (s *Screen) toggle(p panel) {
	if s.open == p {
		s.open = noPanel
	} else {
		s.open = p
	}
	s.layout()
}

func (s *Screen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.layout()
}

// side says whether the open panel goes beside the demo.
func (s *Screen) side() bool { return s.open != noPanel && s.width >= sideWidth }

// layout gives the demo its part of the window: all of it but a side
// panel's columns (an overlay covers its lower rows instead).
func (s *Screen) layout() {
	s.innerW = s.width
	if s.side() {
		s.innerW = demoWidth
	}
	s.panelTop = s.height - s.overlayRows()
	s.inner.SetSize(s.innerW, s.height)
}

// overlayRows is the overlay panel's height: two fifths of the window.
func (s *Screen) overlayRows() int { return max(6, s.height*2/5) }

// panelRows is how many rows the panel has for its lines (after its title).
func (s *Screen) panelRows() int {
	if s.side() {
		return max(1, s.height-1)
	}
	return max(1, s.overlayRows()-1)
}

func (s *Screen) View() string { return s.compose(s.inner.View()) }

// compose puts the open panel beside or over the demo's lines.
func (s *Screen) compose(demo string) string {
	if s.open == noPanel || s.width == 0 {
		return demo
	}
	view := strings.Split(demo, "\n")
	if s.side() {
		panel := s.panel(s.width - s.innerW - 2)
		rule := s.th.Subtle.Render("│ ")
		rows := max(len(view), len(panel))
		out := make([]string, 0, rows)
		for i := range min(rows, s.height) {
			left := ""
			if i < len(view) {
				left = ansi.Truncate(view[i], s.innerW, "…")
			}
			left += strings.Repeat(" ", max(0, s.innerW-ansi.StringWidth(left)))
			right := ""
			if i < len(panel) {
				right = panel[i]
			}
			out = append(out, left+rule+right)
		}
		return strings.Join(out, "\n")
	}
	top := min(len(view), max(0, s.panelTop))
	out := append(view[:top:top], s.panel(s.width)...)
	return strings.Join(out, "\n")
}

// panel is the open panel's lines, w wide: a title, a rule or the filter,
// then its lines.
func (s *Screen) panel(w int) []string {
	rows := s.panelRows()
	var title, sub string
	var lines []string
	switch s.open {
	case timelinePanel:
		title, sub, lines = s.timelineView(w, rows)
	case commandsPanel:
		title, sub, lines = s.commandsView(w, rows)
	}
	out := []string{ansi.Truncate(s.th.Title.Render(title)+"  "+s.th.Subtle.Render(sub), w, "…")}
	out = append(out, lines...)
	for len(out) < rows+1 {
		out = append(out, "")
	}
	return out[:rows+1]
}

// Close stops the command pump, then the demo.
func (s *Screen) Close() {
	s.queue.close()
	if c, ok := s.inner.(common.Closer); ok {
		c.Close()
	}
}

// Keys are the demo's, then the panels' (their own only while open).
func (s *Screen) Keys() []key.Binding {
	k := s.keys
	out := slices.Concat(s.inner.Keys(), []key.Binding{k.Timeline, k.Commands})
	if s.open == timelinePanel {
		out = append(out, k.Up, k.PageUp, k.Filter, k.Select, k.Clear)
	}
	return out
}

// CapturingInput: while the filter is typed, q and ? are letters.
func (s *Screen) CapturingInput() bool {
	if s.typing {
		return true
	}
	c, ok := s.inner.(common.InputCapturer)
	return ok && c.CapturingInput()
}

// HandlesEsc: esc clears the filter or closes the panel while one is open.
func (s *Screen) HandlesEsc() bool {
	if s.open != noPanel {
		return true
	}
	e, ok := s.inner.(common.EscHandler)
	return ok && e.HandlesEsc()
}

// What the presenter frame uses of the demo, passed on (every demo view
// has all of them; a screen without one gets the neutral answer).

func (s *Screen) Title() string {
	if p, ok := s.inner.(common.Presentable); ok {
		return p.Title()
	}
	return ""
}

// PresentView is the demo's presenter layout with the open panel: the
// real commands on the projector.
func (s *Screen) PresentView() string {
	if p, ok := s.inner.(common.Presentable); ok {
		return s.compose(p.PresentView())
	}
	return s.View()
}

func (s *Screen) Narration() string {
	if n, ok := s.inner.(common.Narrator); ok {
		return n.Narration()
	}
	return ""
}

func (s *Screen) Figures() []common.Figure {
	if f, ok := s.inner.(common.Figurer); ok {
		return f.Figures()
	}
	return nil
}

func (s *Screen) Paused() bool {
	p, ok := s.inner.(common.Pausable)
	return ok && p.Paused()
}

func (s *Screen) SetPaused(paused bool) {
	if p, ok := s.inner.(common.Pausable); ok {
		p.SetPaused(paused)
	}
}

func (s *Screen) Step() tea.Cmd {
	if p, ok := s.inner.(common.Pausable); ok {
		return p.Step()
	}
	return nil
}

func (s *Screen) RunStep(step string) tea.Cmd {
	if p, ok := s.inner.(common.Scripted); ok {
		return p.RunStep(step)
	}
	return nil
}
