package demokit

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// DoneMsg ends an action a view's key started (Action): what it did, for
// the view's note line (Base.Note), or why it failed (Base.Err).
type DoneMsg struct {
	Note string
	Err  error
	At   time.Time // when the action was taken (a recording keeps its note there, with its command)
}

// Action runs f in a command that ends with a DoneMsg of f's note or error.
func Action(f func() (note string, err error)) tea.Cmd {
	return func() tea.Msg {
		at := time.Now()
		note, err := f()
		return DoneMsg{Note: note, Err: err, At: at}
	}
}

// Running is the running engine: the zero E (nil for an interface or a
// pointer) before it runs, and while a reset replaces it.
func (b *Base[E, U]) Running() E {
	e, _ := b.Sess.Engine()
	return e
}
