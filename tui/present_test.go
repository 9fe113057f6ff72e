package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// demoScreen is a demo that takes part in presenter mode.
type demoScreen struct {
	w, h    int
	paused  bool
	steps   []string
	keys    []string // keys it received
	closed  bool
	ownDot  bool // binds "." itself, as the rolling-deploy view does
	stepped int
}

func (d *demoScreen) Init() tea.Cmd { return nil }
func (d *demoScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		d.keys = append(d.keys, k.String())
	}
	return d, nil
}
func (d *demoScreen) View() string        { return "full view" }
func (d *demoScreen) SetSize(w, h int)    { d.w, d.h = w, h }
func (d *demoScreen) Title() string       { return "demo-x" }
func (d *demoScreen) PresentView() string { return "big view" }
func (d *demoScreen) Narration() string   { return "env-3 was cold: created in 412 ms" }
func (d *demoScreen) Paused() bool        { return d.paused }
func (d *demoScreen) SetPaused(p bool)    { d.paused = p }
func (d *demoScreen) Close()              { d.closed = true }
func (d *demoScreen) Figures() []common.Figure {
	return []common.Figure{{Label: "cold start", Value: "412 ms", Mark: "❄"}}
}
func (d *demoScreen) Step() tea.Cmd {
	return func() tea.Msg { d.stepped++; return common.StepDoneMsg{Note: "stepped"} }
}
func (d *demoScreen) RunStep(s string) tea.Cmd {
	return func() tea.Msg { d.steps = append(d.steps, s); return common.StepDoneMsg{Step: s, Note: s + " done"} }
}
func (d *demoScreen) Keys() []key.Binding {
	if d.ownDot {
		return []key.Binding{key.NewBinding(key.WithKeys("."))}
	}
	return nil
}

func pressKey(s common.Screen, k string) (common.Screen, tea.Msg) {
	msg := tea.KeyPressMsg{Code: rune(k[0]), Text: k}
	switch k {
	case "space":
		msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "enter":
		msg = tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	next, cmd := s.Update(msg)
	if cmd == nil {
		return next, nil
	}
	return next, cmd()
}

func TestPresenterFrame(t *testing.T) {
	d := &demoScreen{}
	ctx := common.Context{Theme: theme.New(true, true)}
	s := Present(d, ctx, []string{"kill-pod", "kill-node"})
	s.SetSize(100, 30)
	if v := ansi.Strip(s.View()); !strings.HasPrefix(v, "full view") || !strings.Contains(v, "next: kill-pod — press enter") {
		t.Errorf("off: want the demo's own view and the script prompt:\n%s", v)
	}
	if d.h != 29 {
		t.Errorf("off with a script: the demo got %d rows, want 29 (one for the prompt)", d.h)
	}

	s, _ = pressKey(s, "P")
	v := ansi.Strip(s.View())
	for _, want := range []string{"DEMO-X", "▶ running", "big view", "❄ cold start", "› env-3 was cold: created in 412 ms", "next: kill-pod"} {
		if !strings.Contains(v, want) {
			t.Errorf("presenter view lacks %q:\n%s", want, v)
		}
	}
	if n := len(strings.Split(v, "\n")); n != 30 {
		t.Errorf("presenter view has %d lines, want 30", n)
	}

	s, _ = pressKey(s, "space")
	if !d.paused || !strings.Contains(ansi.Strip(s.View()), "⏸ PAUSED — space to resume") {
		t.Errorf("space did not pause (paused=%v):\n%s", d.paused, ansi.Strip(s.View()))
	}
	s, msg := pressKey(s, ".")
	s.Update(msg)
	if d.stepped != 1 {
		t.Errorf(". stepped %d times, want 1", d.stepped)
	}
	s, msg = pressKey(s, "enter")
	s.Update(msg)
	if !strings.Contains(ansi.Strip(s.View()), "next: kill-node — press enter") {
		t.Errorf("after the first step, want the second one next:\n%s", ansi.Strip(s.View()))
	}
	s, msg = pressKey(s, "enter")
	s.Update(msg)
	s, msg = pressKey(s, "enter") // the script is done: nothing more runs
	if msg != nil || strings.Join(d.steps, ",") != "kill-pod,kill-node" {
		t.Errorf("steps run %v (last msg %v), want kill-pod,kill-node", d.steps, msg)
	}
	if !strings.Contains(ansi.Strip(s.View()), "script done: 2 of 2 steps") {
		t.Errorf("want the script done:\n%s", ansi.Strip(s.View()))
	}
	s.Update(tea.KeyPressMsg{Code: 'k', Text: "k"})
	if strings.Join(d.keys, ",") != "k" {
		t.Errorf("the demo got keys %v, want only k", d.keys)
	}
	s.(common.Closer).Close()
	if !d.closed {
		t.Error("Close did not reach the demo")
	}
}

// Outside presenter mode a key the demo binds goes to the demo.
func TestPresenterLeavesTheDemosOwnKeys(t *testing.T) {
	d := &demoScreen{ownDot: true}
	s := Present(d, common.Context{Theme: theme.New(true, true)}, nil)
	s.SetSize(100, 30)
	s, _ = pressKey(s, ".")
	if d.stepped != 0 || strings.Join(d.keys, ",") != "." {
		t.Errorf("off: . stepped %d times, the demo got %v; want it to the demo", d.stepped, d.keys)
	}
	s, _ = pressKey(s, "P")
	_, msg := pressKey(s, ".")
	if _, ok := msg.(common.StepDoneMsg); !ok {
		t.Errorf("presenting: . should step the clock, got %v", msg)
	}
}

// The host frames demo screens, pushed or first, and leaves others alone.
func TestHostFramesDemoScreens(t *testing.T) {
	ctx := common.Context{Theme: theme.New(true, true), Present: true}
	h := newHost(ctx, &demoScreen{})
	h.width, h.height = 100, 30
	if _, ok := h.top().(*presenter); !ok {
		t.Fatalf("the first screen is %T, want the presenter frame", h.top())
	}
	if !h.top().(*presenter).on {
		t.Error("Context.Present did not start in presenter mode")
	}
	h.update(common.PushMsg{Screen: &demoScreen{}}) // a demo opened from a lesson
	if p, ok := h.top().(*presenter); !ok || !p.on {
		t.Errorf("a pushed demo is %T, want the frame, presenting as the host's Context says", h.top())
	}
	plain := &plainScreen{}
	if framed(plain, ctx) != common.Screen(plain) {
		t.Error("a screen that does not take part was framed")
	}
}

type plainScreen struct{}

func (plainScreen) Init() tea.Cmd                              { return nil }
func (p *plainScreen) Update(tea.Msg) (common.Screen, tea.Cmd) { return p, nil }
func (plainScreen) View() string                               { return "" }
func (plainScreen) SetSize(int, int)                           {}
func (plainScreen) Keys() []key.Binding                        { return nil }

// A short window keeps its rows for the demo: no big numbers, nothing
// taller or wider than the window.
func TestPresenterInAShortWindow(t *testing.T) {
	d := &demoScreen{}
	s := Present(d, common.Context{Theme: theme.New(true, true), Present: true}, nil)
	s.SetSize(60, 14)
	v := ansi.Strip(s.View())
	if strings.Contains(v, "cold start") || d.h != 14-6 {
		t.Errorf("short window: want no figures and 8 rows for the demo, got %d:\n%s", d.h, v)
	}
	for i, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w > 60 || i >= 14 {
			t.Errorf("line %d (%d wide) outside 60x14: %q", i, w, l)
		}
	}
}
