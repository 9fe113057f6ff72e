package exercise_test

import (
	"bytes"
	"testing"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
)

// The built-in exercises load cleanly against the built-in lessons, exactly
// as the binary reads them.
func TestEmbeddedExercises(t *testing.T) {
	lessonCat, problems := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	for _, p := range problems {
		t.Error(p)
	}
	cat, problems := exercise.Loader{Lessons: lessonCat}.Load(lessons.Dir{FS: content.Exercises, Name: "content"})
	for _, p := range problems {
		t.Error(p)
	}
	if len(cat.All()) == 0 {
		t.Fatal("no exercises embedded")
	}
	for _, x := range cat.All() {
		for _, f := range x.Files {
			start, err1 := x.StartFile(f)
			sol, err2 := x.SolutionFile(f)
			if err1 != nil || err2 != nil || bytes.Equal(start, sol) {
				t.Errorf("%s: %s: the starting file and the solution must both exist and differ (%v, %v)", x.Dir, f, err1, err2)
			}
		}
	}
	x := cat.Exercise("zero-downtime-rollout")
	if x == nil || len(cat.ForLesson("rolling-deploys")) != 1 {
		t.Fatal("the example exercise does not follow the rolling-deploys lesson")
	}
	// The example's checks read as the task says: a run that dropped
	// requests is "not yet", with the numbers.
	m := exercise.Measurements{
		"failed_requests": exercise.NumberValue(7), "requests": exercise.NumberValue(300),
		"first_failure_after_kill_s": exercise.NumberValue(0.2), "first_failure_pod": exercise.TextValue("web-1"),
	}
	c := x.Checks[0]
	if ok, err := c.Assert.Eval(m); ok || err != nil {
		t.Errorf("%s passed on 7 failed requests (%v)", c.ID, err)
	}
	if got, want := c.NotYet.Fill(m), "7 of 300 requests failed during the rollout; the first failure was 0.2 s after pod web-1 was deleted."; got != want {
		t.Errorf("not_yet = %q, want %q", got, want)
	}
}
