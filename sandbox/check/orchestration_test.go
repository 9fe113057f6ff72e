package check

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
)

// testdataCases are the test exercises of testdata/exercises: how their
// starting files fail, and with them exactly the checks alsoFailing when it
// is set. Their solutions must pass every check.
var testdataCases = []struct {
	id          string
	start       startFailure
	alsoFailing []string
}{
	{"crash-loop-log-level", startFailure{"stops-crashing", regexp.MustCompile(`^The container restarted [1-9]\d* times, the last within 30 s`)}, nil},
	{"slow-start", startFailure{"no-restarts", regexp.MustCompile(`^[1-9]\d* restarts: the liveness probe killed the app`)}, nil},
	{"autoscale", startFailure{"scaled-out", regexp.MustCompile(`^At most 2 Pods ran for 40 requests a second`)}, nil},
	{"burst-throttled", startFailure{"none-throttled", regexp.MustCompile(`^[1-9]\d* of \d+ requests were throttled`)}, []string{"all-answered"}},
	{"dependency-timeout", startFailure{"no-timeouts", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed: the handler was stopped`)}, []string{}},
}

func TestTestdataExercisesOnProcesses(t *testing.T) {
	runTestdataCases(t, processRuntime(t))
}

func TestTestdataExercisesOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	runTestdataCases(t, dockerRuntime(t))
}

// runTestdataCases runs the test exercises one after the other on rt.
func runTestdataCases(t *testing.T, rt sandbox.Runtime) {
	xs := loadExercises(t, "testdata")
	for _, tc := range testdataCases {
		ex := xs.Exercise(tc.id)
		if ex == nil {
			t.Fatalf("no test exercise %s", tc.id)
		}
		t.Run(tc.id+"/start", func(t *testing.T) {
			rep := runCheck(t, rt, ex, exerciseFiles(t, ex, false))
			judgeStart(t, rep, tc.start)
			if tc.alsoFailing != nil {
				judgeFailing(t, rep, append([]string{tc.start.check}, tc.alsoFailing...))
			}
		})
		t.Run(tc.id+"/solution", func(t *testing.T) {
			judgeFailing(t, runCheck(t, rt, ex, exerciseFiles(t, ex, true)), nil)
		})
	}
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

// A check run removes every instance it started, on each backend, on the
// way out of a rollout (pods terminating), of a crash loop (containers
// exited) and of a serverless run (execution environments of two bursts).
func TestCheckLeavesNothingBehind(t *testing.T) {
	for _, backend := range []struct {
		name       string
		newRuntime func(*testing.T) sandbox.Runtime
	}{{"process", processRuntime}, {"docker", dockerRuntime}} {
		t.Run(backend.name, func(t *testing.T) {
			if testing.Short() {
				t.Skip("starts real workloads")
			}
			rt := &tracking{Runtime: backend.newRuntime(t), live: map[string]string{}}
			for _, tc := range []struct{ dir, id string }{
				{"../../content", "zero-downtime-rollout"},
				{"testdata", "crash-loop-log-level"},
				{"../../content", "state-outside-the-environment"},
			} {
				ex := loadExercises(t, tc.dir).Exercise(tc.id)
				runCheck(t, rt, ex, exerciseFiles(t, ex, false))
				rt.mu.Lock()
				if len(rt.live) > 0 {
					t.Errorf("%s: the run left %d instances: %v", tc.id, len(rt.live), rt.live)
				}
				rt.mu.Unlock()
			}
		})
	}
}

// Files the API server would refuse, or the engine cannot run, are a
// FilesError with file:line, before anything starts.
func TestOrchestrationFilesError(t *testing.T) {
	ex := &exercise.Exercise{ID: "x", Engine: exercise.Orchestration, Files: []string{"app.yaml"}}
	valid := string(exerciseFiles(t, loadExercises(t, "testdata").Exercise("slow-start"), true)["app.yaml"])
	tests := []struct {
		name, yaml, want string
	}{
		{"not YAML", "kind: [", "app.yaml:1: "},
		{"a refused field", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  paused: true\n", "app.yaml:5: spec.paused: "},
		{"too many replicas", strings.Replace(valid, "replicas: 2", "replicas: 13", 1),
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

// Every orchestration step runs on a real cluster, and the run's
// measurements say what the steps did.
func TestEveryStep(t *testing.T) {
	rt := processRuntime(t)
	ex := loadExercises(t, "testdata").Exercise("every-step")
	rep := runCheck(t, rt, ex, exerciseFiles(t, ex, true))
	judgeFailing(t, rep, nil)
	for _, m := range exercise.KnownMeasurements {
		if _, ok := rep.Measurements[m.Name]; !ok && slices.Contains(m.Engines, exercise.Orchestration) {
			t.Errorf("%s was not measured", m.Name)
		}
	}
}
