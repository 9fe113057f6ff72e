package progress

import (
	"maps"
	"time"
)

// ExerciseStatus is how far a learner got with a hands-on exercise.
type ExerciseStatus string

const (
	ExerciseNotStarted ExerciseStatus = "not_started"
	Tried              ExerciseStatus = "tried"            // run at least once, never every check passed
	SolvedWithHelp     ExerciseStatus = "solved_with_help" // every check passed, after seeing a hint
	Passed             ExerciseStatus = "passed"           // every check passed before any hint was seen
)

// rank orders the statuses; a status never goes down.
func (s ExerciseStatus) rank() int {
	switch s {
	case Tried:
		return 1
	case SolvedWithHelp:
		return 2
	case Passed:
		return 3
	}
	return 0
}

// Run is the outcome of one run of an exercise's checks.
type Run struct {
	Passed int       `json:"passed"` // checks that passed
	Total  int       `json:"total"`  // checks the exercise has
	At     time.Time `json:"at"`
}

// Solved reports whether every check passed.
func (r Run) Solved() bool { return r.Total > 0 && r.Passed == r.Total }

// Exercise is the saved state of one exercise.
type Exercise struct {
	Status    ExerciseStatus `json:"status"`
	Attempts  int            `json:"attempts,omitempty"`   // runs of the checks
	HintsUsed int            `json:"hints_used,omitempty"` // highest rung of the hint ladder seen, 1-based
	Best      *Run           `json:"best,omitempty"`       // most checks passed; the earliest such run
	LastRun   *Run           `json:"last_run,omitempty"`
}

// Exercise returns the saved state of an exercise (ExerciseNotStarted if
// none).
func (s *Store) Exercise(id string) Exercise {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x, ok := s.data.Exercises[id]; ok {
		return x.clone()
	}
	return Exercise{Status: ExerciseNotStarted}
}

// Exercises returns a copy of every exercise's state, by id.
func (s *Store) Exercises() map[string]Exercise {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := maps.Clone(s.data.Exercises)
	for id, x := range out {
		out[id] = x.clone()
	}
	return out
}

// RecordRun saves one run of an exercise's checks: passed of total. A run
// that passes every check solves the exercise, on the learner's own
// (Passed) or after a hint (SolvedWithHelp); a later worse run never takes
// that back.
func (s *Store) RecordRun(id string, passed, total int) {
	run := Run{Passed: max(0, min(passed, total)), Total: max(0, total), At: time.Now().UTC()}
	s.updateExercise(id, func(x *Exercise) {
		x.Attempts++
		x.LastRun = &run
		// A best run from before the exercise gained or lost checks no
		// longer compares, so the latest run replaces it.
		if x.Best == nil || run.Passed > x.Best.Passed || run.Total != x.Best.Total {
			best := run
			x.Best = &best
		}
		status := Tried
		if run.Solved() && x.HintsUsed > 0 {
			status = SolvedWithHelp
		} else if run.Solved() {
			status = Passed
		}
		if status.rank() > x.Status.rank() {
			x.Status = status
		}
	})
}

// UseHint records that the learner saw hint n (1-based) of an exercise's
// ladder. Seeing a hint again, or an earlier one, changes nothing.
func (s *Store) UseHint(id string, n int) {
	s.updateExercise(id, func(x *Exercise) { x.HintsUsed = max(x.HintsUsed, n) })
}

func (s *Store) updateExercise(id string, f func(*Exercise)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.data.Exercises[id]
	if !ok {
		x.Status = ExerciseNotStarted
	}
	before := x.clone()
	f(&x)
	if !ok || !x.equal(before) {
		s.data.Exercises[id] = x
		s.dirty = true
	}
}

// clone copies the runs, so a caller's copy never aliases the store's.
func (x Exercise) clone() Exercise {
	if x.Best != nil {
		b := *x.Best
		x.Best = &b
	}
	if x.LastRun != nil {
		l := *x.LastRun
		x.LastRun = &l
	}
	return x
}

func (x Exercise) equal(y Exercise) bool {
	same := func(a, b *Run) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return x.Status == y.Status && x.Attempts == y.Attempts && x.HintsUsed == y.HintsUsed &&
		same(x.Best, y.Best) && same(x.LastRun, y.LastRun)
}
