package demokit

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
