package check

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// testExercises loads testdata/exercises (their lessons are not checked
// here; the CLI's tests load them with the built-in lessons).
func testExercises(t *testing.T) *exercise.Catalog {
	t.Helper()
	xs, problems := exercise.Loader{}.Load(lessons.Dir{FS: os.DirFS("testdata"), Name: "testdata"})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return xs
}

// checkTestExercises runs each test exercise's starting files (which must
// fail the named checks, and only those) and its solution (which must pass every check)
// through Run, as the CLI does, and logs the time from start to verdict.
func checkTestExercises(t *testing.T, rt sandbox.Runtime) {
	xs := testExercises(t)
	for _, tt := range []struct {
		id      string
		failing []string
	}{
		{"burst-throttled", []string{"none-throttled", "all-answered"}},
		{"dependency-timeout", []string{"no-timeouts"}},
	} {
		x := xs.Exercise(tt.id)
		if x == nil {
			t.Fatalf("no test exercise %s", tt.id)
		}
		for _, solution := range []bool{false, true} {
			files, err := StartFiles(x)
			if solution {
				files, err = SolutionFiles(x)
			}
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			start := time.Now()
			rep, err := Run(ctx, rt, x, files, nil)
			cancel()
			if err != nil {
				t.Fatalf("%s (solution %v): %v", tt.id, solution, err)
			}
			t.Logf("%s on %s, solution %v: verdict %d/%d in %v (run %v); %v", tt.id, rt.Name(), solution,
				rep.Passed, len(rep.Results), time.Since(start).Round(time.Millisecond), rep.Took.Round(time.Millisecond), rep.Measurements)
			for _, r := range rep.Results {
				want := solution || !slices.Contains(tt.failing, r.Check.ID)
				if r.Passed != want {
					t.Errorf("%s (solution %v): check %s passed=%v, want %v: %s", tt.id, solution, r.Check.ID, r.Passed, want, r.Message)
				}
			}
		}
	}
}

func TestServerlessExercisesOnProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rt, err := process.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(context.Background())
	checkTestExercises(t, rt)
}

func TestServerlessExercisesOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as containers")
	}
	checkTestExercises(t, dockertest.Runtime(t))
}
