package coldstart

import (
	"context"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/processtest"
	"github.com/coldstart-dev/coldstart/sandbox/runtimetest"
)

// runScenario runs the headless scenario on rt and checks the counts the
// demo promises; it returns the statistics.
func runScenario(t *testing.T, rt sandbox.Runtime, burst, limit int, want [3]int) faas.Stats {
	t.Helper()
	tr := runtimetest.Track(rt)
	cfg := faas.Defaults
	cfg.Concurrency = limit
	clk := clock.NewManual(time.Now()) // the idle wait is an Advance, however slow the bursts
	e, err := faas.New(tr, clk, cfg)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range e.Events() {
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	advance := func(_ context.Context, d time.Duration) error { clk.Advance(d); return nil }
	if err := Run(ctx, e, burst, advance); err != nil {
		t.Fatal(err)
	}
	s := e.Snapshot().Stats
	if err := e.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
	if s.Errors+s.Timeouts > 0 {
		t.Errorf("%d errors and %d timeouts", s.Errors, s.Timeouts)
	}
	if got := [3]int{s.Cold, s.Warm, s.Throttled}; got != want {
		t.Errorf("burst %d limit %d: cold, warm, throttled = %v, want %v", burst, limit, got, want)
	}
	if s.Invocations != 2*burst+1 {
		t.Errorf("%d invocations, want %d", s.Invocations, 2*burst+1)
	}
	if n := tr.Alive(); n != 0 {
		t.Errorf("%d environments left in the runtime after Close", n)
	}
	t.Logf("%s: cold p50 %.1f ms, warm p50 %.1f ms, init p50 %.1f ms", rt.Name(), s.ColdP50MS, s.WarmP50MS, s.InitP50MS)
	return s
}

func TestScenarioOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	rt := dockertest.Runtime(t)
	runScenario(t, rt, 4, 10, [3]int{5, 4, 0})
	runScenario(t, rt, 4, 2, [3]int{3, 2, 4})
}

func TestScenarioOnProcesses(t *testing.T) {
	rt := processtest.Runtime(t)
	runScenario(t, rt, 4, 10, [3]int{5, 4, 0})
	runScenario(t, rt, 4, 2, [3]int{3, 2, 4})
}
