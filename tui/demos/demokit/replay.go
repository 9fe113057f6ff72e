package demokit

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// A replay (tui/replay) drives the same views from a recording: the
// session starts the replay's engine instead of the one the view asks for.
// A seek starts an engine mid-run (a new generation, as the view's reset
// does), where the live run had nothing under way: the status line a
// fresh start sets ("creating pods") is cleared by its first update.

// Replay makes the session start every engine, the first and each after
// a reset, with start instead of the view's own; set it before Init.
func (s *Session[E, U]) Replay(start func() (E, error)) { s.replay = start }

// Replaying says whether the session plays a recording.
func (s *Session[E, U]) Replaying() bool { return s.replay != nil }

// engine is the engine to start: the replay's, or the view's newEngine on rt.
func (s *Session[E, U]) engineFor(newEngine func() (E, error)) (E, error) {
	if s.replay != nil {
		return s.replay()
	}
	return newEngine()
}

// ShowError puts msg in the view's error line, where a failed action's
// error goes: a replay refuses the demo's keys this way.
func (b *Base[E, U]) ShowError(msg string) { b.Err = msg }

// ShowNote puts note in the view's note line, where an action's result
// goes: a replay shows the recorded actions' notes this way.
func (b *Base[E, U]) ShowNote(note string) { b.Note = note }

// NoteOnNextUpdate shows note once the view applied its next update: a
// replay, after a seek started the view over (its reset clears the note).
func (b *Base[E, U]) NoteOnNextUpdate(note string) { b.seekNote = note }

// NoteTap is a session Tap that also keeps the notes of the view's
// actions ("killed node-1: its pods died; …"), so a replay narrates the
// actions as the live run did.
type NoteTap interface {
	Note(at time.Time, note string)
}

// tapNote is the command that gives note to the session's tap, if it
// keeps notes: off the Update goroutine, as the tap's updates.
func (b *Base[E, U]) tapNote(at time.Time, note string) tea.Cmd {
	t, ok := b.Sess.Tap.(NoteTap)
	if !ok || note == "" {
		return nil
	}
	if at.IsZero() {
		at = time.Now()
	}
	return func() tea.Msg { t.Note(at, note); return nil }
}
