package demokit

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// Base is what every live demo view embeds: the session's lifecycle (open
// the runtime with progress, start the engine, pump its updates; Close
// once), the backend choice, the status and error lines and the spinner.
// A view's Update gives every message to Base.Update first; what is left
// is the view's own (its keys and commands).
type Base[E Engine, U any] struct {
	Sess    *Session[E, U]
	Choice  Choice
	Desc    string // the runtime's Describe
	Status  string // what is happening now, shown with the spinner
	Err     string // the last error, until the next action
	Note    string // what the last action did (its DoneMsg), for the view to show
	Spinner spinner.Model

	what        string // "the cluster": what the view starts, for the status and errors
	seekNote    string // a replay's note for the first update after a seek
	noAnimation bool
}

// Demo is the part of a view Base drives.
type Demo[E Engine, U any] interface {
	// Start is the command that starts the view's engine with its options
	// now, through Sess.Start: once the runtime is open, and on a reset.
	Start() tea.Cmd
	// Started is called when the current engine runs; its command runs
	// with the pump of the engine's updates.
	Started(e E) tea.Cmd
	// Apply folds one update of the current engine into the view's state.
	Apply(u U)
}

// KeyHandler is a view whose keys Base.Update hands on: HandleKey starts
// the key's action (in a command; nil for a key it does not use).
type KeyHandler interface {
	HandleKey(msg tea.KeyPressMsg) tea.Cmd
}

// NewBase is the base of a view whose engine runs on the runtime open
// opens (backend "auto", "docker", "process"); what names the engine ("the
// cluster") in the status and errors.
func NewBase[E Engine, U any](open Opener, backend, what string, noAnimation bool) Base[E, U] {
	return Base[E, U]{Sess: New[E, U](open, backend), Spinner: NewSpinner(), Status: "choosing a backend",
		what: what, noAnimation: noAnimation}
}

// Init opens the runtime and, with animation, starts the spinner.
func (b *Base[E, U]) Init() tea.Cmd {
	if b.noAnimation {
		return b.Sess.Open()
	}
	return tea.Batch(b.Sess.Open(), b.Spinner.Tick)
}

// StartEngine is the command that starts an engine with newEngine on the
// open runtime (closing the running one) and pumps the stream updates
// gives of it: what a view's Start returns.
func (b *Base[E, U]) StartEngine(newEngine func(rt sandbox.Runtime) (E, error), updates func(E) <-chan U) tea.Cmd {
	return b.Sess.Start(func(rt sandbox.Runtime) (E, <-chan U, error) {
		e, err := b.Sess.engineFor(func() (E, error) { return newEngine(rt) })
		if err != nil {
			var none E
			return none, nil, err
		}
		return e, updates(e), nil
	})
}

// Update handles the lifecycle's messages for d, the view: progress, the
// runtime opened, the engine started, its updates (of the current
// generation; older ones are dropped), the end of an action (DoneMsg),
// keys for a view that is a KeyHandler, and the spinner's ticks. handled is
// false for every other message.
func (b *Base[E, U]) Update(msg tea.Msg, d Demo[E, U]) (handled bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case ProgressMsg:
		b.Status = msg.Line
		return true, msg.Next()
	case OpenedMsg:
		if msg.Err != nil {
			b.Status, b.Err = "", "could not start the demo: "+msg.Err.Error()
			return true, nil
		}
		b.Choice, b.Desc, b.Status = msg.Choice, msg.Desc, "starting "+b.what
		return true, d.Start()
	case StartedMsg[E, U]:
		if !b.Sess.Current(msg.Gen) {
			return true, nil
		}
		if msg.Err != nil {
			b.Status, b.Err = "", "could not start "+b.what+": "+msg.Err.Error()
			return true, nil
		}
		return true, tea.Batch(msg.Next(), d.Started(msg.Engine))
	case UpdateMsg[U]:
		if !b.Sess.Current(msg.Gen) {
			return true, nil
		}
		d.Apply(msg.Update)
		if b.Sess.Replaying() && b.Sess.Gen() > 1 { // a seek: nothing under way mid-run (replay.go)
			b.Status = ""
		}
		if b.seekNote != "" { // a seek: the last recorded action's note (replay.go)
			b.Note, b.seekNote = b.seekNote, ""
		}
		return true, msg.Next()
	case DoneMsg:
		if msg.Err != nil {
			b.Err = msg.Err.Error()
			return true, nil
		}
		b.Note = msg.Note
		return true, b.tapNote(msg.At, msg.Note)
	case tea.KeyPressMsg:
		if k, ok := d.(KeyHandler); ok {
			return true, k.HandleKey(msg)
		}
		return false, nil
	case spinner.TickMsg:
		if b.noAnimation {
			return true, nil
		}
		var cmd tea.Cmd
		b.Spinner, cmd = b.Spinner.Update(msg)
		return true, cmd
	}
	return false, nil
}

// Session is the view's session, for what wraps the view (the command
// log sets its Decorate).
func (b *Base[E, U]) Session() *Session[E, U] { return b.Sess }

// Close stops the demo once: the engine, then the runtime. Safe from any
// goroutine.
func (b *Base[E, U]) Close() { b.Sess.Close() }
