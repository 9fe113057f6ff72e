package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// Status is what a lesson's mark shows: ✓ done, • in progress, ○ not started.
type Status int

const (
	NotStarted Status = iota
	InProgress
	Done
)

// status derives a lesson's mark from the saved progress: done once it was
// read to the end or all its quizzes were answered; in progress once opened.
func (a *app) status(l *lessons.Lesson) Status {
	saved := a.progress.Lesson(l.ID)
	if saved.ReadToEnd || saved.Status == progress.Read {
		return Done
	}
	if saved.Status == progress.QuizAnswered {
		if _, answered := a.progress.Score(l.Questions()); answered >= len(l.Quizzes) {
			return Done
		}
		return InProgress
	}
	if !saved.Updated.IsZero() {
		return InProgress
	}
	return NotStarted
}

// saveFailedMsg reports a failed save; screens show it on their status line.
type saveFailedMsg struct{ err error }

// save writes progress in the background (the Store is safe for that). A
// store that must not write (a file from a newer coldstart) was explained
// by the notice at start, so it is not reported again on every change.
func (a *app) save() tea.Msg {
	if a.progress.ReadOnly() != nil {
		return nil
	}
	if err := a.progress.Save(); err != nil {
		return saveFailedMsg{err}
	}
	return nil
}
