package coldstart

import (
	"context"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func TestScenarioCounts(t *testing.T) {
	tests := []struct {
		burst, limit                 int
		cold, warm, throttled, total int
	}{
		{4, 10, 5, 4, 0, 9},
		{4, 2, 3, 2, 4, 9},
	}
	for _, tt := range tests {
		clk := clock.NewManual(t0)
		rt := fake.New(clk)
		cfg := faas.Defaults
		cfg.Concurrency = tt.limit
		e, err := faas.New(rt, clk, cfg)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for range e.Events() {
			}
		}()
		advance := func(_ context.Context, d time.Duration) error { clk.Advance(d); return nil }
		if err := Run(context.Background(), e, tt.burst, advance); err != nil {
			t.Fatal(err)
		}
		s := e.Snapshot().Stats
		e.Close(context.Background())
		rt.Close(context.Background())
		if s.Cold != tt.cold || s.Warm != tt.warm || s.Throttled != tt.throttled || s.Invocations != tt.total {
			t.Errorf("burst %d limit %d: cold %d warm %d throttled %d total %d; want %d %d %d %d",
				tt.burst, tt.limit, s.Cold, s.Warm, s.Throttled, s.Invocations, tt.cold, tt.warm, tt.throttled, tt.total)
		}
		if n := len(e.Snapshot().Envs); n != 0 {
			t.Errorf("%d environments left after Close", n)
		}
	}
}

func TestScenarioWaitsOnTheEnginesClock(t *testing.T) {
	clk := clock.NewScaled(1)
	rt := fake.New(clk)
	cfg := faas.Defaults
	cfg.IdleTimeout = 200 * time.Millisecond
	e, err := faas.New(rt, clk, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(context.Background())
	defer e.Close(context.Background())
	go func() {
		for range e.Events() {
		}
	}()
	if err := Run(context.Background(), e, 1, nil); err != nil {
		t.Fatal(err)
	}
	// However slow the machine, the last invocation comes after the reaping.
	if s := e.Snapshot().Stats; s.Cold != 2 || s.Warm != 1 {
		t.Errorf("cold %d warm %d, want 2 1", s.Cold, s.Warm)
	}
}

func TestProvisioning(t *testing.T) {
	env := func(state faas.EnvState, provisioned bool, version int) faas.EnvInfo {
		return faas.EnvInfo{State: state, Provisioned: provisioned, Version: version}
	}
	cfg := faas.Defaults
	cfg.Provisioned = 3
	for _, tc := range []struct {
		name    string
		version int
		envs    []faas.EnvInfo
		want    string
	}{
		{"none yet", 1, nil, ""},
		{"initialising", 1, []faas.EnvInfo{env(faas.StateIdle, true, 1), env(faas.StateInit, true, 1), env(faas.StateStarting, true, 1)},
			"initialising provisioned environments 1/3"},
		{"all ready", 1, []faas.EnvInfo{env(faas.StateIdle, true, 1), env(faas.StateBusy, true, 1), env(faas.StateIdle, true, 1)}, ""},
		{"an on-demand cold start is not provisioning", 1, []faas.EnvInfo{env(faas.StateIdle, true, 1), env(faas.StateInit, false, 1)}, ""},
		{"an old version's does not count", 2, []faas.EnvInfo{env(faas.StateInit, true, 1), env(faas.StateIdle, true, 2)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Provisioning(faas.Snapshot{Config: cfg, Version: tc.version, Envs: tc.envs}); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}
