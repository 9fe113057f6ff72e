package tui

import (
	"testing"

	"github.com/coldstart-dev/coldstart/lessons/progress"
)

func TestLessonStatusMarks(t *testing.T) {
	tests := []struct {
		name string
		do   func(s *progress.Store)
		want Status
	}{
		{"untouched", func(*progress.Store) {}, NotStarted},
		{"opened", func(s *progress.Store) { s.SetScroll("first", 0.3) }, InProgress},
		{"read to the end", func(s *progress.Store) { s.MarkRead("first") }, Done},
		{"one of two quizzes answered", func(s *progress.Store) { s.RecordAnswer(progress.Question{ID: "first#1"}, 0, true) }, InProgress},
		{"all quizzes answered", func(s *progress.Store) {
			s.RecordAnswer(progress.Question{ID: "first#1"}, 0, true)
			s.RecordAnswer(progress.Question{ID: "first#2"}, 1, false)
		}, Done},
		// Answering a quiz after reading must not turn ✓ back into •.
		{"read, then one quiz answered", func(s *progress.Store) {
			s.MarkRead("first")
			s.RecordAnswer(progress.Question{ID: "first#1"}, 0, true)
		}, Done},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := progress.Memory()
			tt.do(store)
			a := fixtureApp(t, store)
			if got := a.status(a.byID["first"]); got != tt.want {
				t.Errorf("status = %v, want %v", got, tt.want)
			}
		})
	}
}
