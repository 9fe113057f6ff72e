package check

import (
	"context"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// loadExercises reads the exercises of a lessons dir (its exercises/).
func loadExercises(t *testing.T, dir string) *exercise.Catalog {
	t.Helper()
	cat, problems := exercise.Loader{}.Load(lessons.Dir{FS: os.DirFS(dir), Name: dir})
	for _, p := range problems {
		t.Errorf("%s", p)
	}
	return cat
}

// orchestrationCases are the exercises whose starting files must fail one
// check for a stated reason and whose solutions must pass every check.
var orchestrationCases = []struct {
	dir, id string
	failing string         // the check the starting files fail
	reason  *regexp.Regexp // what its message must say
}{
	{"../../content", "zero-downtime-rollout", "no-dropped-requests",
		regexp.MustCompile(`^[1-9]\d* of \d+ requests failed during the rollout, the first [\d.]+ s into the run`)},
	{"testdata", "crash-loop-log-level", "stops-crashing",
		regexp.MustCompile(`^The container restarted [1-9]\d* times, the last within 30 s`)},
	{"testdata", "slow-start", "no-restarts",
		regexp.MustCompile(`^[1-9]\d* restarts: the liveness probe killed the app`)},
	{"testdata", "autoscale", "scaled-out",
		regexp.MustCompile(`^At most 2 Pods ran for 40 requests a second`)},
}

func processRuntime(t *testing.T) sandbox.Runtime {
	t.Helper()
	if testing.Short() {
		t.Skip("starts real processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := process.New(ctx)
	if err != nil {
		t.Fatalf("process runtime: %v", err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	return rt
}

func TestOrchestrationExercisesOnProcesses(t *testing.T) {
	runOrchestrationCases(t, processRuntime(t))
}

func TestOrchestrationExercisesOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	runOrchestrationCases(t, dockertest.Runtime(t))
}

func runOrchestrationCases(t *testing.T, rt sandbox.Runtime) {
	for _, tc := range orchestrationCases {
		ex := loadExercises(t, tc.dir).Exercise(tc.id)
		if ex == nil {
			t.Fatalf("no exercise %s in %s", tc.id, tc.dir)
		}
		t.Run(tc.id+"/start", func(t *testing.T) {
			files, err := StartFiles(ex)
			if err != nil {
				t.Fatal(err)
			}
			rep := runCheck(t, rt, ex, files)
			for _, r := range rep.Results {
				if r.Check.ID != tc.failing {
					continue
				}
				if r.Passed {
					t.Errorf("the starting files pass %s: %s", tc.failing, r.Message)
				} else if !tc.reason.MatchString(r.Message) {
					t.Errorf("%s fails for another reason: %q, want %v", tc.failing, r.Message, tc.reason)
				}
				return
			}
			t.Errorf("no check %s", tc.failing)
		})
		t.Run(tc.id+"/solution", func(t *testing.T) {
			files, err := SolutionFiles(ex)
			if err != nil {
				t.Fatal(err)
			}
			rep := runCheck(t, rt, ex, files)
			for _, r := range rep.Results {
				if !r.Passed {
					t.Errorf("the solution fails %s: %s", r.Check.ID, r.Message)
				}
			}
		})
	}
}

// runCheck runs one check and logs how long it took and what it measured.
func runCheck(t *testing.T, rt sandbox.Runtime, ex *exercise.Exercise, files Files) Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := Run(ctx, rt, ex, files, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var ms []string
	for _, m := range exercise.KnownMeasurements {
		if v, ok := rep.Measurements[m.Name]; ok {
			ms = append(ms, m.Name+"="+v.String())
		}
	}
	t.Logf("%s on %s: verdict in %v; %s", ex.ID, rt.Name(), rep.Took.Round(time.Millisecond), strings.Join(ms, " "))
	return rep
}

// tracking is a runtime that remembers the instances started and not yet
// removed.
type tracking struct {
	sandbox.Runtime
	mu   sync.Mutex
	live map[string]string // id → name
}

func (r *tracking) Start(ctx context.Context, spec sandbox.Spec) (sandbox.Instance, error) {
	inst, err := r.Runtime.Start(ctx, spec)
	if err == nil {
		r.mu.Lock()
		r.live[inst.ID] = inst.Name
		r.mu.Unlock()
	}
	return inst, err
}

func (r *tracking) Remove(ctx context.Context, id string) error {
	err := r.Runtime.Remove(ctx, id)
	if err == nil || errors.Is(err, sandbox.ErrNotFound) {
		r.mu.Lock()
		delete(r.live, id)
		r.mu.Unlock()
	}
	return err
}

// A check run removes every instance it started, on the way out of a
// rollout (pods terminating) and of a crash loop (containers exited).
func TestCheckLeavesNothingBehind(t *testing.T) {
	rt := &tracking{Runtime: processRuntime(t), live: map[string]string{}}
	for _, tc := range []struct{ dir, id string }{{"../../content", "zero-downtime-rollout"}, {"testdata", "crash-loop-log-level"}} {
		ex := loadExercises(t, tc.dir).Exercise(tc.id)
		files, err := StartFiles(ex)
		if err != nil {
			t.Fatal(err)
		}
		runCheck(t, rt, ex, files)
		rt.mu.Lock()
		if len(rt.live) > 0 {
			t.Errorf("%s: the run left %d instances: %v", tc.id, len(rt.live), rt.live)
		}
		rt.mu.Unlock()
	}
}

// Files the API server would refuse, or the engine cannot run, are a
// FilesError with file:line, before anything starts.
func TestOrchestrationFilesError(t *testing.T) {
	ex := &exercise.Exercise{ID: "x", Engine: exercise.Orchestration, Files: []string{"app.yaml"}}
	tests := []struct {
		name, yaml, want string
	}{
		{"not YAML", "kind: [", "app.yaml:1: "},
		{"a refused field", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  paused: true\n", "app.yaml:5: spec.paused: "},
		{"too many replicas", strings.Replace(mustRead(t, "testdata/exercises/slow-start/solution/app.yaml"), "replicas: 2", "replicas: 13", 1),
			"app.yaml: replicas 13: at most 12 run on a laptop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(t.Context(), nil, ex, Files{"app.yaml": []byte(tt.yaml)}, nil)
			var fe *FilesError
			if !errors.As(err, &fe) || len(fe.Problems) == 0 || !strings.HasPrefix(fe.Problems[0], tt.want) {
				t.Errorf("err = %v, want a FilesError starting %q", err, tt.want)
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Every orchestration step runs on a real cluster, and the run's
// measurements say what the steps did.
func TestEveryStep(t *testing.T) {
	rt := processRuntime(t)
	ex := loadExercises(t, "testdata").Exercise("every-step")
	files, err := SolutionFiles(ex)
	if err != nil {
		t.Fatal(err)
	}
	rep := runCheck(t, rt, ex, files)
	for _, r := range rep.Results {
		if !r.Passed {
			t.Errorf("%s: %s", r.Check.ID, r.Message)
		}
	}
	for _, m := range exercise.KnownMeasurements {
		if _, ok := rep.Measurements[m.Name]; !ok && slices.Contains(m.Engines, exercise.Orchestration) {
			t.Errorf("%s was not measured", m.Name)
		}
	}
}
