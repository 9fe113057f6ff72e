// Package demokittest drives a live demo view (a demokit.Base) in its
// tests the way the program would: the runtime opened, the engine started,
// its updates handed to Update. Unlike tui/demos/demotest it does not
// import tui, so a view's own (internal) tests can use it.
package demokittest

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

// Start opens the runtime of m's session s and starts its engine, handing
// m the OpenedMsg and the StartedMsg as the program would (the progress
// lines are not read); it returns the engine, failing t when it did not
// start.
func Start[E demokit.Engine, U any](t testing.TB, m common.Screen, s *demokit.Session[E, U]) E {
	t.Helper()
	opened := s.Open()().(tea.BatchMsg)[0]().(demokit.OpenedMsg)
	if opened.Err != nil {
		t.Fatal(opened.Err)
	}
	_, start := m.Update(opened)
	started := start().(demokit.StartedMsg[E, U])
	if started.Err != nil {
		t.Fatal(started.Err)
	}
	m.Update(started)
	return started.Engine
}

// Pump hands m the updates of s's current engine from ch until cond holds,
// failing t (with what and the screen) when it does not within 20 s.
func Pump[E demokit.Engine, U any](t testing.TB, m common.Screen, s *demokit.Session[E, U], ch <-chan U, what string, cond func() bool) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for !cond() {
		select {
		case u, ok := <-ch:
			if !ok {
				t.Fatalf("%s: the engine's updates ended", what)
			}
			m.Update(demokit.UpdateMsg[U]{Gen: s.Gen(), Update: u})
		case <-timeout:
			t.Fatalf("%s: not reached\n%s", what, ansi.Strip(m.View()))
		}
	}
}

// Key is the press of key k.
func Key(k rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: k, Text: string(k)} }

// Press presses k and runs the command it starts, failing t when it starts
// none; it returns the command's message.
func Press(t testing.TB, m common.Screen, k rune) tea.Msg {
	t.Helper()
	_, cmd := m.Update(Key(k))
	if cmd == nil {
		t.Fatalf("key %q did nothing", k)
	}
	return cmd()
}

// Feed hands m msgs in order, as a recorded run would come.
func Feed(m common.Screen, msgs ...tea.Msg) {
	for _, msg := range msgs {
		m.Update(msg)
	}
}
