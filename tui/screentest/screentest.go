// Package screentest runs one common.Screen as the app hosts it (above a
// help bar, fixed theme and size, no colour) for golden tests.
package screentest

import (
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Context is a fixed theme (dark, no colour) with animation off.
func Context() common.Context {
	return common.Context{Theme: theme.New(true, true), NoAnimation: true}
}

// harness hosts one screen above a help bar, like the app, and tells the
// test from the program's goroutine when ready holds.
type harness struct {
	screen        common.Screen
	help          help.Model
	width, height int
	ready         func() bool
	done          chan struct{}
	once          sync.Once
}

func (h *harness) Init() tea.Cmd { return h.screen.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.width, h.height = msg.Width, msg.Height
		h.help.SetWidth(msg.Width)
		h.screen.SetSize(msg.Width, msg.Height-1)
		_, cmd = h.screen.Update(common.SizeMsg{Width: msg.Width, Height: msg.Height - 1})
	default:
		_, cmd = h.screen.Update(msg)
	}
	if h.width > 0 && h.ready() {
		h.once.Do(func() { close(h.done) })
	}
	return h, cmd
}

func (h *harness) render() string {
	body := lipgloss.NewStyle().Height(h.height - 1).MaxHeight(h.height - 1).MaxWidth(h.width).Render(h.screen.View())
	return body + "\n" + h.help.ShortHelpView(h.screen.Keys())
}

func (h *harness) View() tea.View { return tea.NewView(h.render()) }

// Golden runs screen at 100x30, sends msgs, waits for ready (checked on the
// program's goroutine after every message) and compares the screen without
// escape codes to the golden file.
func Golden(t *testing.T, screen common.Screen, msgs []tea.Msg, ready func() bool) {
	t.Helper()
	h := &harness{screen: screen, help: help.New(), ready: ready, done: make(chan struct{})}
	h.help.Styles = theme.New(true, true).Help()
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	for _, m := range msgs {
		tm.Send(m)
	}
	select {
	case <-h.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the screen never got ready")
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*harness)
	golden.RequireEqual(t, []byte(ansi.Strip(final.render())))
}

// Press is the key press named s: "enter", "esc", "tab", "space", "up",
// "down", "left", "right", "home", "end", or the one character s.
func Press(s string) tea.Msg {
	if s == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if code, ok := namedKeys[s]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

var namedKeys = map[string]rune{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd,
}

// Drain runs cmd as the program would, without one: a batch's commands
// each in turn, every other message handed to update and the command it
// returns drained in its turn; the messages skip picks (ticks the test
// delivers itself) are dropped.
func Drain(tb testing.TB, update func(tea.Msg) tea.Cmd, cmd tea.Cmd, skip func(tea.Msg) bool) {
	tb.Helper()
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			Drain(tb, update, c, skip)
		}
	default:
		if !skip(msg) {
			Drain(tb, update, update(msg), skip)
		}
	}
}
