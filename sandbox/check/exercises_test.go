package check

import (
	"context"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// startFailure is the check an exercise's starting files fail, the reason
// the exercise exists, and what that failure must say.
type startFailure struct {
	check  string
	reason *regexp.Regexp
}

// builtinStarts is, for every built-in exercise, how its starting files
// fail. Its reference solution must pass every check.
var builtinStarts = map[string]startFailure{
	"zero-downtime-rollout": {"no-dropped-requests", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed during the rollout, the first [\d.]+ s into the run`)},
	"surge-within-budget":   {"surge-bounded", regexp.MustCompile(`^(6|7|8) Pods ran at once for 4 replicas`)},
	"crashloop-bad-config":  {"pods-stay-up", regexp.MustCompile(`^[1-9]\d* container restarts: the containers exit at start`)},
	"slow-start-probe":      {"no-restarts", regexp.MustCompile(`^[1-9]\d* container restarts: the liveness probe gave up`)},
	"survive-node-loss":     {"requests-answered", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed; the first failure came`)},
	"hpa-scale-out":         {"scaled-out", regexp.MustCompile(`^The Deployment never ran more than 1 Pod\(s\) under 60 requests a second`)},
	"one-version-at-a-time": {"no-overlap", regexp.MustCompile(`^Pods of 2 versions ran at once`)},
	"contain-a-bad-rollout": {"no-dropped-requests", regexp.MustCompile(`^[1-9]\d* of \d+ requests failed; the first failure was`)},

	"right-size-memory":             {"init-fast", regexp.MustCompile(`^Init took [\d.]+ ms: at this memory size`)},
	"state-outside-the-environment": {"totals-right", regexp.MustCompile(`^\d+ votes were answered, but the highest total any answer reported is [1-9]\d* short`)},
	"timeout-vs-dependency":         {"requests-answered", regexp.MustCompile(`^\d+ of \d+ invocations failed; the first after`)},
	"steady-traffic-cost":           {"cost-bounded", regexp.MustCompile(`^A million invocations like these cost \$[\d.]+, over the \$3.50 budget`)},
	"burst-without-throttles":       {"no-throttles", regexp.MustCompile(`^[1-9]\d* of \d+ invocations were throttled`)},
	"warm-after-deploy":             {"no-cold-starts", regexp.MustCompile(`^[1-9]\d* invocations after the deploy had to start`)},
}

// processFails names the checks an exercise fails on the process backend
// whatever the files, because that backend cannot show what it is about;
// there the start and the solution must fail them, and the exercise's
// other checks are not judged (right-size-memory's Init and cost follow
// the CPU a backend gives, which only Docker limits).
var processFails = map[string][]string{
	"right-size-memory": {"cpu-limited"}, // no CPU limit, so memory cannot change Init
}

// rounds is how many times in a row each built-in exercise's start and
// solution run: 3 in CI (CI is set, as .ci/run's environment sets it), to
// show they do not flake, and once otherwise.
func rounds() int {
	if os.Getenv("CI") != "" {
		return 3
	}
	return 1
}

// runSlots bounds the exercises running at once: each loads the machine's
// 2 cores with real workloads, and the margins assume little else runs.
var runSlots = make(chan struct{}, 2)

func TestBuiltinExercisesOnProcesses(t *testing.T) {
	checkBuiltinExercises(t, processRuntime)
}

func TestBuiltinExercisesOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	checkBuiltinExercises(t, dockerRuntime)
}

// checkBuiltinExercises runs every built-in exercise's starting files and
// reference solution rounds() times, two runs at a time, each on a runtime
// of its own from newRuntime (the exercises' instances share names), and
// logs the median time to each verdict. Repeated runs are named
// ID/start#01, ID/start#02.
func checkBuiltinExercises(t *testing.T, newRuntime func(*testing.T) sandbox.Runtime) {
	xs := builtinExercises(t)
	var took verdictTimes
	t.Cleanup(func() { took.log(t) }) // after every subtest
	for range rounds() {
		for _, x := range xs {
			start, ok := builtinStarts[x.ID]
			if !ok {
				t.Fatalf("builtinStarts does not say how %s's starting files fail", x.ID)
			}
			for _, solution := range []bool{false, true} {
				t.Run(x.ID+"/"+kindOf(solution), func(t *testing.T) {
					t.Parallel()
					runSlots <- struct{}{}
					defer func() { <-runSlots }()
					rt := newRuntime(t)
					rep := runCheck(t, rt, x, exerciseFiles(t, x, solution))
					took.add(x.ID+"/"+kindOf(solution), rep.Took)
					bound, backendBound := processFails[x.ID]
					switch {
					case backendBound && rt.Name() == "process":
						judgeFails(t, rep, bound)
					case solution:
						judgeFailing(t, rep, nil)
					default:
						judgeStart(t, rep, start)
					}
				})
			}
		}
	}
}

func kindOf(solution bool) string {
	if solution {
		return "solution"
	}
	return "start"
}

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

// loadExercises reads the exercises of a lessons dir (its exercises/);
// their lessons are not checked here (the CLI's tests load them with the
// built-in lessons).
func loadExercises(t *testing.T, dir string) *exercise.Catalog {
	t.Helper()
	cat, problems := exercise.Loader{}.Load(lessons.Dir{FS: os.DirFS(dir), Name: dir})
	for _, p := range problems {
		t.Errorf("%s", p)
	}
	return cat
}

// exerciseFiles is x's starting files, or its reference solution.
func exerciseFiles(t *testing.T, x *exercise.Exercise, solution bool) Files {
	t.Helper()
	read := StartFiles
	if solution {
		read = SolutionFiles
	}
	files, err := read(x)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func processRuntime(t *testing.T) sandbox.Runtime {
	t.Helper()
	if testing.Short() {
		t.Skip("starts real processes")
	}
	rt, err := process.New(t.Context())
	if err != nil {
		t.Fatalf("process runtime: %v", err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	return rt
}

// dockerRuntime is a Docker runtime for t, closed at its end (skipped or
// failed as sandbox/dockertest says when no daemon answers).
func dockerRuntime(t *testing.T) sandbox.Runtime { return dockertest.Runtime(t) }

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
	t.Logf("%s on %s: %d of %d checks passed, verdict in %v; %s", ex.ID, rt.Name(), rep.Passed, len(rep.Results),
		rep.Took.Round(time.Millisecond), strings.Join(ms, " "))
	return rep
}

// judgeStart wants the starting files to fail want.check, for want.reason.
func judgeStart(t *testing.T, rep Report, want startFailure) {
	t.Helper()
	for _, r := range rep.Results {
		if r.Check.ID != want.check {
			continue
		}
		if r.Passed {
			t.Errorf("the starting files pass %s: %s", want.check, r.Message)
		} else if !want.reason.MatchString(r.Message) {
			t.Errorf("%s fails for another reason: %q, want %v", want.check, r.Message, want.reason)
		}
		return
	}
	t.Errorf("no check %s", want.check)
}

// judgeFails wants every check of failing to fail.
func judgeFails(t *testing.T, rep Report, failing []string) {
	t.Helper()
	judged := 0
	for _, r := range rep.Results {
		if !slices.Contains(failing, r.Check.ID) {
			continue
		}
		judged++
		if r.Passed {
			t.Errorf("check %s passed, want it to fail: %s", r.Check.ID, r.Message)
		}
	}
	if judged != len(failing) {
		t.Errorf("%d of the checks %v were judged", judged, failing)
	}
}

// judgeFailing wants exactly the checks failing to fail, and every other
// check to pass.
func judgeFailing(t *testing.T, rep Report, failing []string) {
	t.Helper()
	if len(rep.Results) == 0 {
		t.Error("no check was judged")
	}
	for _, r := range rep.Results {
		if want := !slices.Contains(failing, r.Check.ID); r.Passed != want {
			t.Errorf("check %s passed=%v, want %v: %s", r.Check.ID, r.Passed, want, r.Message)
		}
	}
}

// verdictTimes collects the time to each verdict by run name.
type verdictTimes struct {
	mu   sync.Mutex
	runs map[string][]time.Duration
}

func (v *verdictTimes) add(name string, d time.Duration) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.runs == nil {
		v.runs = map[string][]time.Duration{}
	}
	v.runs[name] = append(v.runs[name], d)
}

// log logs, per run name, the median time to the verdict and every time.
func (v *verdictTimes) log(t *testing.T) {
	v.mu.Lock()
	defer v.mu.Unlock()
	names := make([]string, 0, len(v.runs))
	for name := range v.runs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ds := slices.Clone(v.runs[name])
		slices.Sort(ds)
		ms := make([]string, len(ds))
		for i, d := range ds {
			ms[i] = d.Round(time.Millisecond).String()
		}
		t.Logf("save-to-verdict %-40s median %8v of %d: %s", name, ds[len(ds)/2].Round(time.Millisecond), len(ds), strings.Join(ms, " "))
	}
}
