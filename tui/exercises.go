package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/tui/common"
	exui "github.com/coldstart-dev/coldstart/tui/exercise"
)

// Exercises connect the app to the hands-on exercises: home lists them,
// each lesson's footer links to its own, and E in the reader opens it.
type Exercises struct {
	Catalog *exercise.Catalog // nil: no exercises
	Check   exui.Checker      // runs an exercise's checks on the live engine
	Root    string            // where workspaces live; "" is exui.DefaultRoot
}

// exercisesFor are the exercises that follow lesson id.
func (a *app) exercisesFor(id string) []*exercise.Exercise {
	if a.exercises.Catalog == nil {
		return nil
	}
	return a.exercises.Catalog.ForLesson(id)
}

// openExercise pushes the exercise screen for x.
func (a *app) openExercise(x *exercise.Exercise) tea.Cmd {
	lesson := ""
	if l := a.byID[x.Lesson]; l != nil {
		lesson = l.Title
	}
	return common.Push(exui.New(exui.Options{Context: a.ctx, Exercise: x, Lesson: lesson,
		Progress: a.progress, Check: a.exercises.Check, Root: a.exercises.Root}))
}

// exerciseMark is an exercise's status as a mark and a word.
func (a *app) exerciseMark(x *exercise.Exercise) (mark, word string) {
	return exui.StatusMark(a.progress.Exercise(x.ID).Status)
}

// exerciseEntries are home's rows for the exercises, track by track, each
// with its status mark and the lesson it follows.
func (a *app) exerciseEntries() []homeEntry {
	if a.exercises.Catalog == nil {
		return nil
	}
	var out []homeEntry
	for i, x := range a.exercises.Catalog.All() {
		mark, _ := a.exerciseMark(x)
		detail := x.Track
		for _, t := range a.tracks {
			if t.ID == x.Track {
				detail = t.Title
			}
		}
		if l := a.byID[x.Lesson]; l != nil {
			detail += " · after “" + l.Title + "”"
		}
		if x.Minutes > 0 {
			detail += fmt.Sprintf(" · %d min", x.Minutes)
		}
		e := homeEntry{title: x.Title, detail: detail, track: -1, mark: mark,
			open: func() tea.Cmd { return a.openExercise(x) }}
		if i == 0 {
			e.section = "Exercises"
		}
		out = append(out, e)
	}
	return out
}
