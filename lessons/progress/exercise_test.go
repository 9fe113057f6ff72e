package progress

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// event is one thing a learner does with an exercise.
type event struct {
	hint          int // > 0: saw hint n
	passed, total int // otherwise: a run
}

func TestExerciseProgress(t *testing.T) {
	tests := []struct {
		name       string
		events     []event
		status     ExerciseStatus
		attempts   int
		hints      int
		best, last string // "passed/total", "" for none
	}{
		{"untouched", nil, ExerciseNotStarted, 0, 0, "", ""},
		{"a hint before any run", []event{{hint: 1}}, ExerciseNotStarted, 0, 1, "", ""},
		{"one failing run", []event{{passed: 1, total: 3}}, Tried, 1, 0, "1/3", "1/3"},
		{"no checks passed", []event{{passed: 0, total: 3}}, Tried, 1, 0, "0/3", "0/3"},
		{"solved alone", []event{{passed: 1, total: 3}, {passed: 3, total: 3}}, Passed, 2, 0, "3/3", "3/3"},
		{"solved after a hint", []event{{passed: 1, total: 3}, {hint: 1}, {hint: 2}, {hint: 1}, {passed: 3, total: 3}}, SolvedWithHelp, 2, 2, "3/3", "3/3"},
		{"a hint after passing keeps passed", []event{{passed: 2, total: 2}, {hint: 3}, {passed: 2, total: 2}}, Passed, 2, 3, "2/2", "2/2"},
		{"a worse run keeps status and best", []event{{passed: 2, total: 2}, {passed: 0, total: 2}}, Passed, 2, 0, "2/2", "0/2"},
		{"best is the earliest of equals", []event{{passed: 2, total: 3}, {passed: 1, total: 3}, {passed: 2, total: 3}}, Tried, 3, 0, "2/3", "2/3"},
		{"checks added: best starts again", []event{{passed: 2, total: 2}, {passed: 1, total: 3}}, Passed, 2, 0, "1/3", "1/3"},
		{"out of range counts are clamped", []event{{passed: 5, total: 3}}, Passed, 1, 0, "3/3", "3/3"},
		{"an exercise without checks is never solved", []event{{passed: 0, total: 0}}, Tried, 1, 0, "0/0", "0/0"},
	}
	show := func(r *Run) string {
		if r == nil {
			return ""
		}
		return strconv.Itoa(r.Passed) + "/" + strconv.Itoa(r.Total)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Memory()
			for _, e := range tt.events {
				if e.hint > 0 {
					s.UseHint("ex", e.hint)
				} else {
					s.RecordRun("ex", e.passed, e.total)
				}
			}
			x := s.Exercise("ex")
			if x.Status != tt.status || x.Attempts != tt.attempts || x.HintsUsed != tt.hints || show(x.Best) != tt.best || show(x.LastRun) != tt.last {
				t.Errorf("got %s, %d attempts, %d hints, best %q, last %q; want %s, %d, %d, %q, %q",
					x.Status, x.Attempts, x.HintsUsed, show(x.Best), show(x.LastRun), tt.status, tt.attempts, tt.hints, tt.best, tt.last)
			}
			if x.LastRun != nil && x.LastRun.At.IsZero() {
				t.Error("a run without a time")
			}
		})
	}
}

func TestExerciseRoundTripAndCopies(t *testing.T) {
	path := tempPath(t)
	s, _ := open(t, path)
	s.RecordRun("ex", 1, 2)
	s.UseHint("ex", 1)
	s.RecordRun("ex", 2, 2)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	r, notice := open(t, path)
	if notice != "" {
		t.Errorf("notice %q", notice)
	}
	x := r.Exercise("ex")
	if x.Status != SolvedWithHelp || x.Attempts != 2 || x.HintsUsed != 1 || x.Best == nil || !x.Best.Solved() || x.LastRun == nil || x.Best.At.IsZero() {
		t.Fatalf("after reopening: %+v", x)
	}
	// What callers get are copies: changing them changes nothing saved.
	x.Best.Passed = 0
	all := r.Exercises()
	all["ex"].LastRun.Total = 99
	if got := r.Exercise("ex"); got.Best.Passed != 2 || got.LastRun.Total != 2 || len(all) != 1 {
		t.Errorf("the store was changed through a copy: %+v", got)
	}
	// Nothing changed, so nothing to write.
	r.UseHint("ex", 1)
	if r.dirty {
		t.Error("seeing an earlier hint again made the store dirty")
	}
}

// A file from before exercises (schema 1, no "exercises") loads with all
// its data, and is saved with it and the new exercises.
func TestOlderFileWithoutExercises(t *testing.T) {
	path := tempPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	old := `{"schema": 1, "last_lesson": "a", "lessons": {"a": {"status": "read", "scroll": 0.5, "updated": "2026-01-02T03:04:05Z"}},
	  "quizzes": {"a#1": {"choice": 1, "correct": true, "answered": "2026-01-02T03:04:05Z"}}, "reviews": {"a#1": {"box": 2, "due": "2026-02-01T00:00:00Z"}}}`
	os.WriteFile(path, []byte(old), 0o600)
	s, notice := open(t, path)
	if notice != "" || s.ReadOnly() != nil {
		t.Fatalf("an older file must open cleanly: %q %v", notice, s.ReadOnly())
	}
	if s.Exercise("ex").Status != ExerciseNotStarted || len(s.Exercises()) != 0 {
		t.Errorf("exercises from nowhere: %v", s.Exercises())
	}
	s.RecordRun("ex", 0, 1)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	r, _ := open(t, path)
	if l := r.Lesson("a"); l.Status != Read || l.Scroll != 0.5 || r.Last() != "a" {
		t.Errorf("lesson lost: %+v", l)
	}
	if a, ok := r.Answer(Question{ID: "a#1"}); !ok || a.Choice != 1 {
		t.Errorf("answer lost: %+v", a)
	}
	if rv, ok := r.Review("a#1"); !ok || rv.Box != 2 {
		t.Errorf("review lost: %+v", rv)
	}
	if r.Exercise("ex").Status != Tried {
		t.Errorf("exercise lost: %+v", r.Exercise("ex"))
	}
	raw, _ := os.ReadFile(path)
	var head struct{ Schema int }
	if json.Unmarshal(raw, &head); head.Schema != Schema {
		t.Errorf("saved as schema %d, want %d", head.Schema, Schema)
	}
}

func TestNewerSchemaWithExercisesNeverOverwritten(t *testing.T) {
	path := tempPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	future := `{"schema": 3, "exercises": {"ex": {"status": "passed", "attempts": 4, "mastery": 9}}}`
	os.WriteFile(path, []byte(future), 0o600)
	s, notice := open(t, path)
	if !strings.Contains(string(notice), "newer coldstart") {
		t.Errorf("notice %q", notice)
	}
	if x := s.Exercise("ex"); x.Status != Passed || x.Attempts != 4 {
		t.Errorf("what we understand should still show: %+v", x)
	}
	s.RecordRun("ex", 0, 1)
	if err := s.Save(); err == nil {
		t.Error("Save wrote over a newer file")
	}
	if raw, _ := os.ReadFile(path); string(raw) != future {
		t.Errorf("newer file changed: %s", raw)
	}
}
