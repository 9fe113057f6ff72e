package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
)

// coldStartRun runs the headless cold-start scenario and decodes its JSON
// lines: every event line, then the summary.
func coldStartRun(t *testing.T, args ...string) (events []map[string]any, sum coldstart.Summary) {
	t.Helper()
	stdout, stderr, err := run(t, append([]string{"demo", "cold-start", "--headless", "--json"}, args...)...)
	if err != nil {
		t.Fatalf("coldstart demo cold-start %v: %v\nstderr:\n%s", args, err, stderr)
	}
	recs := jsonLines(t, []byte(stdout))
	for _, r := range recs[:len(recs)-1] {
		if r["type"] != "event" {
			t.Fatalf("a %v record before the summary: %v", r["type"], r)
		}
		fn, _ := r["function"].(map[string]any) // the measurements, by the engine's event type
		fn["type"] = r["reason"]
		events = append(events, fn)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var env scenario.Envelope
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &env); err != nil || env.Type != scenario.TypeSummary || json.Unmarshal(env.Summary, &sum) != nil {
		t.Fatalf("last line is not the summary (%v): %s", err, lines[len(lines)-1])
	}
	if !strings.Contains(stderr, "coldstart: backend ") {
		t.Errorf("stderr does not say which backend and why:\n%s", stderr)
	}
	return events, sum
}

// checkScenario checks the counts the demo promises for --burst 4.
func checkScenario(t *testing.T, backend string) {
	idle := "3s" // longer than the spread of a burst's cold starts, or the first env is reaped before the second burst
	if backend == "docker" {
		idle = "10s"
	}
	events, sum := coldStartRun(t, "--backend", backend, "--burst", "4", "--idle-timeout", idle)
	if sum.Backend != backend {
		t.Errorf("summary backend %q, want %q", sum.Backend, backend)
	}
	got := [5]int{sum.Invocations, sum.Cold, sum.Warm, sum.Throttled, sum.EnvsLeft}
	if want := [5]int{9, 5, 4, 0, 0}; got != want {
		t.Errorf("invocations, cold, warm, throttled, envs_left = %v, want %v", got, want)
	}
	if !(sum.WarmP50MS > 0 && sum.WarmP50MS < sum.ColdP50MS) {
		t.Errorf("warm p50 %v ms, cold p50 %v ms: a warm start skips start and init", sum.WarmP50MS, sum.ColdP50MS)
	}
	if sum.InitP50MS <= 0 || sum.GBSeconds <= 0 || sum.CostUSD <= 0 {
		t.Errorf("init p50 %v, GB-s %v, cost %v: want measured, billed values", sum.InitP50MS, sum.GBSeconds, sum.CostUSD)
	}
	kinds := map[string]int{}
	for _, ev := range events {
		if ev["type"] == "invoke_end" {
			kinds[ev["kind"].(string)]++
			if _, ok := ev["duration_ms"].(float64); !ok {
				t.Errorf("invoke_end without duration_ms: %v", ev)
			}
		}
	}
	if kinds["cold"] != 5 || kinds["warm"] != 4 {
		t.Errorf("invoke_end lines by kind %v", kinds)
	}

	_, sum = coldStartRun(t, "--backend", backend, "--burst", "4", "--limit", "2", "--idle-timeout", idle)
	got = [5]int{sum.Invocations, sum.Cold, sum.Warm, sum.Throttled, sum.EnvsLeft}
	if want := [5]int{9, 3, 2, 4, 0}; got != want {
		t.Errorf("--limit 2: invocations, cold, warm, throttled, envs_left = %v, want %v", got, want)
	}
}

func TestColdStartHeadlessOnProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real processes")
	}
	checkScenario(t, "process")
}

func TestColdStartHeadlessOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real containers")
	}
	dockertest.Engine(t) // skip, or fail under COLDSTART_REQUIRE_DOCKER=1
	checkScenario(t, "docker")
}

func TestColdStartHeadlessText(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real processes")
	}
	stdout, _, err := run(t, "demo", "cold-start", "--headless", "--backend", "process", "--burst", "1", "--idle-timeout", "1s")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"env_created  env-1", "invoke_end   #1   cold", "env_reaped   env-1  (idle for 1s)", "summary      backend process", "environments left 0"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestColdStartBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--profile", "medium"},
		{"--memory", "64"},
		{"--limit", "0"},
		{"--burst", "0"},
		{"--provisioned", "11"}, // more than --limit
	} {
		_, _, err := run(t, append([]string{"demo", "cold-start", "--headless"}, args...)...)
		if err == nil || !strings.HasPrefix(err.Error(), args[0]+" ") {
			t.Errorf("%v: error %v, want one naming the flag", args, err)
		}
	}
}

func TestColdStartHeadlessInterruptedCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real processes")
	}
	t.Setenv("COLDSTART_LESSONS", "")
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	// Cancelling the command's context is what SIGINT does through headlessContext.
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs([]string{"demo", "cold-start", "--headless", "--json", "--backend", "process", "--burst", "3", "--idle-timeout", "1m"})
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	time.AfterFunc(500*time.Millisecond, cancel) // during the bursts or the long idle wait
	err := cmd.ExecuteContext(ctx)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("error %v, want interrupted\nstderr:\n%s", err, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var env scenario.Envelope
	var sum coldstart.Summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &env); err != nil || env.Type != scenario.TypeSummary || json.Unmarshal(env.Summary, &sum) != nil {
		t.Fatalf("no summary after an interrupt: %s", lines[len(lines)-1])
	}
	if sum.EnvsLeft != 0 {
		t.Errorf("envs_left %d after an interrupt", sum.EnvsLeft)
	}
}

// --provisioned reaches the engine: stderr shows the provisioned
// environments initialising before traffic, the first burst and the last
// invocation find them warm, and the bill has its provisioned part.
func TestColdStartHeadlessProvisioned(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes")
	}
	stdout, stderr, err := run(t, "demo", "cold-start", "--headless", "--json", "--backend", "process",
		"--burst", "2", "--provisioned", "2", "--idle-timeout", "1s")
	if err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "coldstart: initialising provisioned environments 0/2") {
		t.Errorf("stderr does not show the provisioning:\n%s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var env scenario.Envelope
	var sum coldstart.Summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &env); err != nil || json.Unmarshal(env.Summary, &sum) != nil {
		t.Fatalf("last line is not the summary: %s", lines[len(lines)-1])
	}
	if got := [3]int{sum.Provisioned, sum.Cold, sum.Warm}; got != [3]int{2, 0, 5} {
		t.Errorf("provisioned, cold, warm = %v, want [2 0 5]: every request on a provisioned environment", got)
	}
	if parts := sum.RequestsUSD + sum.OnDemandUSD + sum.ProvisionedUSD; sum.ProvisionedUSD <= 0 || math.Abs(parts-sum.CostUSD) > 1e-12 {
		t.Errorf("bill: requests %g + on-demand %g + provisioned %g, total %g", sum.RequestsUSD, sum.OnDemandUSD, sum.ProvisionedUSD, sum.CostUSD)
	}
}
