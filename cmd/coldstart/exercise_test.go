package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// testExercises holds the check package's test exercises (exercises/…).
const testExercises = "../../sandbox/check/testdata"

// exerciseRun runs `coldstart --lessons testExercises --backend process ARGS`
// with progress and the workspace under state.
func exerciseRun(t *testing.T, state string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", filepath.Join(state, "data"))
	out, errOut, err := runWithState(t, state, append([]string{"--lessons", testExercises, "--backend", "process"}, args...)...)
	if err != nil {
		code = exitCode(err)
		errOut += err.Error()
	}
	return out, errOut, code
}

func TestExerciseCheckExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as processes")
	}
	broken := writeFiles(t, map[string]string{"template.yaml": "Resources:\n  Fn: [\n"})
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // each must appear
		stderr   string
		recorded bool
	}{
		{"starting files: not yet", []string{"exercise", "burst-throttled", "--check"}, 1,
			[]string{"✗ none-throttled: 2 of 12 requests were throttled", "0 of 2 checks passed"}, "no workspace at", true},
		{"the solution passes", []string{"exercise", "burst-throttled", "--check", "--solution"}, 0,
			[]string{"✓ none-throttled: All 12 requests ran", "✓ all-answered", "2 of 2 checks passed"}, "[2/2] burst 12", false},
		{"a timeout too short: not yet", []string{"exercise", "dependency-timeout", "--check"}, 1,
			[]string{"✗ no-timeouts: 3 of 3 requests failed"}, "[1/2] deploy", true},
		{"files that cannot be applied", []string{"exercise", "dependency-timeout", "--check", "--dir", broken}, 2,
			nil, "template.yaml:2: YAML syntax", false},
		{"an unknown exercise", []string{"exercise", "nope", "--check"}, 2, nil, `no exercise "nope"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := t.TempDir()
			out, errOut, code := exerciseRun(t, state, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			s, _, err := progress.Open(filepath.Join(state, "coldstart", "progress.json"))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Exercise(tt.args[1]).Attempts; got != map[bool]int{true: 1}[tt.recorded] {
				t.Errorf("%d attempts recorded, want recorded=%v", got, tt.recorded)
			}
		})
	}
}

func TestExerciseCheckJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as processes")
	}
	out, errOut, code := exerciseRun(t, t.TempDir(), "exercise", "dependency-timeout", "--check", "--solution", "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var got struct {
		Exercise string `json:"exercise"`
		Passed   int    `json:"passed"`
		Total    int    `json:"total"`
		Checks   []struct {
			ID      string `json:"id"`
			Passed  bool   `json:"passed"`
			Message string `json:"message"`
		} `json:"checks"`
		Measurements map[string]any `json:"measurements"` // numbers, and true/false for flags
		Notes        []string       `json:"notes"`
		TookMS       int64          `json:"took_ms"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("not one JSON object of the documented shape: %v\n%s", err, out)
	}
	if got.Exercise != "dependency-timeout" || got.Passed != 1 || got.Total != 1 || len(got.Checks) != 1 ||
		got.Checks[0].ID != "no-timeouts" || !got.Checks[0].Passed || got.TookMS <= 0 {
		t.Errorf("got %+v", got)
	}
	for _, m := range exercise.KnownMeasurements {
		if _, ok := got.Measurements[m.Name]; slices.Contains(m.Engines, exercise.Serverless) && !ok {
			t.Errorf("measurements lack %s", m.Name)
		}
	}
	// Three requests each waited 1.5 s on the dependency.
	requests, _ := got.Measurements["requests"].(float64)
	p50, _ := got.Measurements["p50_ms"].(float64)
	if requests != 3 || p50 < 1500 {
		t.Errorf("requests %v, p50 %v ms: want 3, at least 1500", got.Measurements["requests"], got.Measurements["p50_ms"])
	}
}

func TestExerciseCheckReadsTheWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs workloads as processes")
	}
	state := t.TempDir()
	ws := filepath.Join(state, "data", "coldstart", "exercises", "burst-throttled")
	solution, err := os.ReadFile(filepath.Join(testExercises, "exercises", "burst-throttled", "solution", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "template.yaml"), solution, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := exerciseRun(t, state, "exercise", "burst-throttled", "--check"); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, _ := exerciseRun(t, state, "exercises", "--json")
	var rows []exerciseRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(r exerciseRow) bool { return r.ID == "burst-throttled" })
	if i < 0 || rows[i].Status != string(progress.Passed) || rows[i].Attempts != 1 {
		t.Errorf("exercises --json: %+v", rows)
	}
}

func TestExercisesList(t *testing.T) {
	out, errOut, code := exerciseRun(t, t.TempDir(), "exercises")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Serverless\n", "○ burst-throttled", `after "Concurrency, scaling and throttling"`, "○ zero-downtime-rollout"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestExerciseWithoutCheckOpensTheScreen(t *testing.T) {
	_, errOut, code := exerciseRun(t, t.TempDir(), "exercise", "burst-throttled")
	if code != 1 || !strings.Contains(errOut, "needs a terminal") || !strings.Contains(errOut, "--check runs the checks once without one") {
		t.Errorf("exit %d, %q: want the screen's no-terminal error", code, errOut)
	}
	_, errOut, _ = exerciseRun(t, t.TempDir(), "exercise", "burst-throttled", "--json")
	if !strings.Contains(errOut, "go with --check") {
		t.Errorf("--json without --check: %q", errOut)
	}
}
