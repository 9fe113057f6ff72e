package tui

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// fakeScreen records what the host does to it.
type fakeScreen struct {
	name          string
	width, height int
	closed        *atomic.Int32
	capturing     bool
	got           []string // keys received
}

func newFake(name string) *fakeScreen {
	return &fakeScreen{name: name, closed: new(atomic.Int32)}
}

func (f *fakeScreen) Init() tea.Cmd { return nil }
func (f *fakeScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		f.got = append(f.got, k.String())
		if k.String() == "esc" {
			return f, common.Back
		}
	}
	return f, nil
}
func (f *fakeScreen) View() string {
	return fmt.Sprintf("%s %dx%d", f.name, f.width, f.height)
}
func (f *fakeScreen) SetSize(w, h int) { f.width, f.height = w, h }
func (f *fakeScreen) Keys() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "explode"))}
}
func (f *fakeScreen) Close()               { f.closed.Add(1) }
func (f *fakeScreen) CapturingInput() bool { return f.capturing }

func testContext() common.Context {
	return common.Context{Theme: theme.New(true, true), NoAnimation: true}
}

func plain(h *host) string { return ansi.Strip(h.render()) }

func TestHostSmallWindowShowsEnlargeMessage(t *testing.T) {
	h := newHost(testContext(), newFake("demo"))
	h.Update(tea.WindowSizeMsg{Width: 50, Height: 12})
	got := plain(h)
	if !strings.Contains(got, "Enlarge the window to at least 60x15 (now 50x12)") {
		t.Fatalf("small window view:\n%s", got)
	}
	h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	got = plain(h)
	if strings.Contains(got, "Enlarge") || !strings.Contains(got, "demo 100x29") {
		t.Fatalf("normal view (screen gets the space above the one-line help bar):\n%s", got)
	}
	if !strings.Contains(got, "x explode") || !strings.Contains(got, "? more keys") {
		t.Fatalf("help bar missing the screen's keys:\n%s", got)
	}
}

func TestHostFullHelpShrinksScreen(t *testing.T) {
	f := newFake("demo")
	h := newHost(testContext(), f)
	h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	if f.height >= 29 {
		t.Fatalf("full help should take more than one line; screen height %d", f.height)
	}
	got := plain(h)
	if !strings.Contains(got, "ctrl+c quit") {
		t.Fatalf("full help missing app keys:\n%s", got)
	}
	h.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	if f.height != 29 {
		t.Fatalf("closing full help: height %d, want 29", f.height)
	}
}

func TestHostCapturingScreenGetsQAndQuestionMark(t *testing.T) {
	f := newFake("filter")
	f.capturing = true
	h := newHost(testContext(), f)
	h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	_, cmd := h.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while the screen was capturing input")
		}
	}
	h.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	if h.fullHelp || strings.Join(f.got, ",") != "q,?" {
		t.Fatalf("keys got %v, fullHelp %v", f.got, h.fullHelp)
	}
	_, cmd = h.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("ctrl+c must always quit")
	}
}

func TestHostPushAndBack(t *testing.T) {
	home, demo := newFake("home"), newFake("demo")
	h := newHost(testContext(), home)
	h.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	h.Update(common.PushMsg{Screen: demo})
	if demo.width != 80 || demo.height != 19 {
		t.Fatalf("pushed screen sized %dx%d", demo.width, demo.height)
	}
	if !strings.Contains(plain(h), "demo 80x19") {
		t.Fatalf("pushed screen not shown:\n%s", plain(h))
	}
	_, cmd := h.Update(common.BackMsg{})
	runCmd(cmd)
	if demo.closed.Load() != 1 {
		t.Fatalf("left screen closed %d times, want 1", demo.closed.Load())
	}
	if !strings.Contains(plain(h), "home 80x19") {
		t.Fatalf("back did not return home:\n%s", plain(h))
	}
	_, cmd = h.Update(common.BackMsg{})
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("BackMsg from the last screen must quit")
	}
	h.closer.closeAll(h.screens)
	if home.closed.Load() != 1 || demo.closed.Load() != 1 {
		t.Fatalf("closed home %d demo %d times, want 1 each", home.closed.Load(), demo.closed.Load())
	}
}

// A left screen whose close command never ran is closed when the program ends.
func TestHostClosesLeftScreenAtExit(t *testing.T) {
	home, demo := newFake("home"), newFake("demo")
	h := newHost(testContext(), home, demo)
	h.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	h.Update(common.BackMsg{}) // the returned close command is dropped
	h.closer.closeAll(h.screens)
	if demo.closed.Load() != 1 {
		t.Fatalf("demo closed %d times, want 1", demo.closed.Load())
	}
}

// The whole program: esc in the hosted screen ends it and closes the screen.
func TestHostProgramEscQuitsAndCloses(t *testing.T) {
	f := newFake("demo")
	h := newHost(testContext(), f)
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "demo 100x29") },
		teatest.WithDuration(30*time.Second))
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
	h.closer.closeAll(h.screens)
	if f.closed.Load() != 1 {
		t.Fatalf("closed %d times, want 1", f.closed.Load())
	}
}

func runCmd(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			runCmd(c)
		}
	}
}

// panicScreen panics on any key, after the program started.
type panicScreen struct{ *fakeScreen }

func (p panicScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		panic("boom")
	}
	return p, nil
}

// A panic in a screen ends the program with an error, and every open screen
// (here a demo under the crashing one) is still closed.
func TestHostClosesScreensOnPanic(t *testing.T) {
	below := newFake("demo")
	crash := panicScreen{newFake("crash")}
	h := newHost(testContext(), below, crash)
	in, out := &bytes.Buffer{}, &bytes.Buffer{}
	in.WriteString("x")
	err := h.run(tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(80, 24), tea.WithoutSignals())
	if !errors.Is(err, tea.ErrProgramPanic) {
		t.Fatalf("err = %v, want a wrapped tea.ErrProgramPanic", err)
	}
	if below.closed.Load() != 1 || crash.closed.Load() != 1 {
		t.Fatalf("closed below %d, crashing %d times; want 1 each", below.closed.Load(), crash.closed.Load())
	}
}

// themed is a screen that keeps the Context it was built with.
type themed struct {
	*fakeScreen
	ctx common.Context
}

// A screen built with the Context made once for RunScreen is restyled when
// the terminal reports a light background: the host rebuilds the one theme
// they share.
func TestHostRestylesTheScreensTheme(t *testing.T) {
	ctx := common.Context{}.WithDefaults()
	s := &themed{fakeScreen: newFake("demo"), ctx: ctx}
	h := newHost(ctx, s)
	h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.Update(tea.BackgroundColorMsg{Color: color.White})
	if s.ctx.Theme.Dark {
		t.Fatal("the screen's theme is still dark after a white background")
	}
	if h.ctx.Theme != s.ctx.Theme {
		t.Fatal("the host built a second theme")
	}
}
