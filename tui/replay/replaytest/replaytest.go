// Package replaytest runs a screen as a program would, without a
// terminal, for the tests that compare a live demo with its replay: each
// command runs in a goroutine and its message comes back to Update on the
// test's goroutine, one at a time.
package replaytest

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/tui/common"
)

// Driver runs one screen.
type Driver struct {
	S    common.Screen
	msgs chan tea.Msg
	done chan struct{}
}

// Start sizes s and runs its Init.
func Start(t testing.TB, s common.Screen, width, height int) *Driver {
	d := &Driver{S: s, msgs: make(chan tea.Msg, 1024), done: make(chan struct{})}
	t.Cleanup(func() { close(d.done) })
	s.SetSize(width, height)
	d.Run(s.Init())
	return d
}

// Run runs cmd; its message (each of a batch's) comes back to Update.
func (d *Driver) Run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				d.Run(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case d.msgs <- msg:
		case <-d.done:
		}
	}()
}

// Send gives msg to the screen and runs the command it returns.
func (d *Driver) Send(msg tea.Msg) {
	next, cmd := d.S.Update(msg)
	d.S = next
	d.Run(cmd)
}

// Until gives the screen its messages until seen says it saw what the
// test waits for (after that message's Update), or timeout; false on
// timeout.
func (d *Driver) Until(timeout time.Duration, seen func(msg tea.Msg) bool) bool {
	deadline := time.After(timeout)
	for {
		select {
		case msg := <-d.msgs:
			d.Send(msg)
			if seen(msg) {
				return true
			}
		case <-deadline:
			return false
		}
	}
}
