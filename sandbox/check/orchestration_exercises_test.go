package check

import (
	"regexp"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
)

// builtinOrchestration is every built-in orchestration exercise: the check
// its starting files fail and what that failure must say. Its reference
// solution must pass every check.
var builtinOrchestration = []struct {
	id      string
	failing string
	reason  *regexp.Regexp
}{
	{"zero-downtime-rollout", "no-dropped-requests", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed during the rollout`)},
	{"surge-within-budget", "surge-bounded", regexp.MustCompile(`^(6|7|8) Pods ran at once for 4 replicas`)},
	{"crashloop-bad-config", "pods-stay-up", regexp.MustCompile(`^[1-9]\d* container restarts: the containers exit at start`)},
	{"slow-start-probe", "no-restarts", regexp.MustCompile(`^[1-9]\d* container restarts: the liveness probe gave up`)},
	{"survive-node-loss", "requests-answered", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed; the first failure came`)},
	{"hpa-scale-out", "scaled-out", regexp.MustCompile(`^The Deployment never ran more than 1 Pod\(s\) under 60 requests a second`)},
	{"one-version-at-a-time", "no-overlap", regexp.MustCompile(`^Pods of 2 versions ran at once`)},
	{"contain-a-bad-rollout", "no-dropped-requests", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed; the first failure was`)},
}

func TestBuiltinOrchestrationExercisesOnProcesses(t *testing.T) {
	runBuiltinOrchestration(t, processRuntime)
}

func TestBuiltinOrchestrationExercisesOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	runBuiltinOrchestration(t, func(t *testing.T) sandbox.Runtime { return dockertest.Runtime(t) })
}

// runBuiltinOrchestration runs each exercise's start and solution, two at
// a time (each run is a cluster of real workloads, and the CI box has 2
// cores), each on a runtime of its own: the exercises' Pods share names.
func runBuiltinOrchestration(t *testing.T, newRuntime func(*testing.T) sandbox.Runtime) {
	cat := loadExercises(t, "../../content")
	sem := make(chan struct{}, 2)
	for _, tc := range builtinOrchestration {
		ex := cat.Exercise(tc.id)
		if ex == nil {
			t.Fatalf("no built-in exercise %s", tc.id)
		}
		t.Run(tc.id+"/start", func(t *testing.T) {
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			files, err := StartFiles(ex)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range runCheck(t, newRuntime(t), ex, files).Results {
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
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			files, err := SolutionFiles(ex)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range runCheck(t, newRuntime(t), ex, files).Results {
				if !r.Passed {
					t.Errorf("the solution fails %s: %s", r.Check.ID, r.Message)
				}
			}
		})
	}
}
