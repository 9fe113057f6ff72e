package check

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// startFails names, per built-in exercise, the checks its starting files
// must fail: the reason the exercise exists. An exercise not listed must
// still fail at least one.
var startFails = map[string][]string{
	"right-size-memory":             {"init-fast"},
	"state-outside-the-environment": {"totals-right"},
	"timeout-vs-dependency":         {"requests-answered"},
	"steady-traffic-cost":           {"cost-bounded"},
	"burst-without-throttles":       {"no-throttles"},
	"warm-after-deploy":             {"no-cold-starts"},
}

// processFails names the checks an exercise fails on the process backend
// whatever the files, because that backend cannot show what it is about;
// they replace startFails there, and the solution must fail them too.
var processFails = map[string][]string{
	"right-size-memory": {"cpu-limited"}, // no CPU limit, so memory cannot change Init
}

// runSlots bounds the exercises running at once: each loads the machine's
// 2 cores with real workloads, and the margins assume little else runs.
var runSlots = make(chan struct{}, 2)

// builtinExercises loads the embedded exercises, as the CLI does.
func builtinExercises(t *testing.T) []*exercise.Exercise {
	t.Helper()
	cat, problems := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	xs, xproblems := exercise.Loader{Lessons: cat}.Load(lessons.Dir{FS: content.Exercises, Name: "content"})
	if len(xproblems) > 0 {
		t.Fatal(xproblems)
	}
	return xs.All()
}

// checkBuiltinExercises runs every built-in exercise whose engine is
// registered on rt: the solution must pass every check, the starting files
// must fail the checks named for them. Each run gets its own runtime from
// newRuntime: two engines on one runtime would share instance names.
func checkBuiltinExercises(t *testing.T, newRuntime func(t *testing.T) sandbox.Runtime) {
	for _, x := range builtinExercises(t) {
		if x.Engine == exercise.Orchestration {
			continue // orchestration_exercises_test.go runs those, with the reasons they fail for
		}
		for _, solution := range []bool{false, true} {
			name := x.ID + "/start"
			if solution {
				name = x.ID + "/solution"
			}
			t.Run(name, func(t *testing.T) {
				if _, ok := engines[x.Engine]; !ok {
					t.Skipf("no %s engine is registered yet", x.Engine)
				}
				t.Parallel()
				runSlots <- struct{}{}
				defer func() { <-runSlots }()
				checkOne(t, newRuntime(t), x, solution)
			})
		}
	}
}

func checkOne(t *testing.T, rt sandbox.Runtime, x *exercise.Exercise, solution bool) {
	files, err := StartFiles(x)
	if solution {
		files, err = SolutionFiles(x)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := Run(ctx, rt, x, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, r := range rep.Results {
		if !r.Passed {
			failed = append(failed, r.Check.ID)
			t.Logf("%s: %s", r.Check.ID, r.Message)
		}
	}
	t.Logf("on %s: %d of %d checks passed, took_ms %d; %v", rt.Name(), rep.Passed, len(rep.Results), rep.Took.Milliseconds(), rep.Measurements)

	want, backendBound := processFails[x.ID]
	if !backendBound || rt.Name() != "process" {
		want = nil
		if !solution {
			want = startFails[x.ID]
		}
	}
	for _, id := range want {
		if !slices.Contains(failed, id) {
			t.Errorf("check %s passed, want it to fail", id)
		}
	}
	switch {
	case solution && !backendBound && len(failed) > 0:
		t.Errorf("the solution failed %v, want every check to pass", failed)
	case solution && backendBound && rt.Name() == "process" && len(failed) != len(want):
		t.Errorf("the solution failed %v, want only %v on the process backend", failed, want)
	case !solution && len(failed) == 0:
		t.Error("the starting files passed every check, want at least one to fail")
	}
}

func TestExercisesOnProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as processes")
	}
	checkBuiltinExercises(t, func(t *testing.T) sandbox.Runtime {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		rt, err := process.New(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rt.Close(context.Background()) })
		return rt
	})
}

func TestExercisesOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as containers")
	}
	checkBuiltinExercises(t, func(t *testing.T) sandbox.Runtime { return dockertest.Runtime(t) })
}
