package faas

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// provisioned is Defaults with n provisioned environments of limit.
func provisioned(n, limit int) Config {
	cfg := Defaults
	cfg.Provisioned, cfg.Concurrency = n, limit
	return cfg
}

// provisionedHarness is a harness whose provisioned environments are ready.
func provisionedHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	h := newHarness(t, o)
	if err := h.e.WaitProvisioned(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.waitCount(EnvProvisioned, o.cfg.Provisioned)
	return h
}

func TestProvisionedEnvironmentsAreReadyBeforeTraffic(t *testing.T) {
	h := provisionedHarness(t, harnessOpts{cfg: provisioned(3, 4)})
	if n := h.rt.Len(); n != 3 {
		t.Fatalf("%d instances before the first request, want 3", n)
	}
	h.mu.Lock()
	var progress []int
	for _, ev := range h.events {
		if ev.Type == EnvProvisioned {
			progress = append(progress, ev.Snapshot.ProvisionedReady())
		}
	}
	h.mu.Unlock()
	if len(progress) != 3 || progress[0] != 1 || progress[2] != 3 {
		t.Errorf("progress of the provisioned events %v, want 1 2 3", progress)
	}
	for _, en := range h.e.Snapshot().Envs {
		if !en.Provisioned || en.State != StateIdle || en.InitMS <= 0 {
			t.Errorf("%s: provisioned %v, %s, init %v ms; want provisioned, idle, init measured", en.Name, en.Provisioned, en.State, en.InitMS)
		}
	}
	if s := h.e.Snapshot().Stats; s.Invocations != 0 || s.ColdStarts != 0 {
		t.Errorf("provisioning counted as traffic: %d invocations, %d cold starts", s.Invocations, s.ColdStarts)
	}
}

func TestProvisionedServeWarmAndSpillOverStartsCold(t *testing.T) {
	h := provisionedHarness(t, harnessOpts{cfg: provisioned(3, 5)})
	invs := h.e.Burst(context.Background(), 4) // admitted together: 3 provisioned, 1 over
	envs := map[string]bool{}
	var cold []Invocation
	var served float64 // GB-s on provisioned environments
	for _, inv := range invs {
		if inv.Status != StatusOK {
			t.Fatalf("invocation %d: %s (%s)", inv.ID, inv.Status, inv.Err)
		}
		if inv.Kind == KindCold {
			cold = append(cold, inv)
			continue
		}
		if inv.Kind != KindWarm || !inv.Provisioned || inv.Phases.InitMS != 0 || inv.Phases.StartMS != 0 {
			t.Errorf("invocation %d: %s, provisioned %v, init %v ms, start %v ms; want warm on a provisioned environment without Init",
				inv.ID, inv.Kind, inv.Provisioned, inv.Phases.InitMS, inv.Phases.StartMS)
		}
		envs[inv.Env] = true
		served += inv.GBSeconds
	}
	if len(envs) != 3 {
		t.Errorf("provisioned invocations ran on %d environments, want 3", len(envs))
	}
	if len(cold) != 1 || cold[0].Provisioned || cold[0].Phases.InitMS <= 0 {
		t.Fatalf("spill-over %+v: want one cold, on-demand invocation with Init", cold)
	}
	s := h.e.Snapshot().Stats
	if s.Warm != 3 || s.Provisioned != 3 || s.Cold != 1 || s.ColdStarts != 1 {
		t.Errorf("stats warm %d provisioned %d cold %d cold starts %d, want 3 3 1 1", s.Warm, s.Provisioned, s.Cold, s.ColdStarts)
	}
	if s.ProvisionedGBSeconds != served || s.GBSeconds != cold[0].GBSeconds || served <= 0 {
		t.Errorf("billed GB-s: provisioned %v, on demand %v; want %v (served by provisioned), %v (the cold one)",
			s.ProvisionedGBSeconds, s.GBSeconds, served, cold[0].GBSeconds)
	}
}

func TestProvisionedCountAgainstTheReservedConcurrency(t *testing.T) {
	h := provisionedHarness(t, harnessOpts{cfg: provisioned(2, 2)})
	invs := h.e.Burst(context.Background(), 3)
	if invs[2].Kind != KindThrottled {
		t.Fatalf("third request with 2 provisioned of 2 reserved: %s, want throttled", invs[2].Kind)
	}
}

func TestProvisionedEnvironmentsAreNeverReaped(t *testing.T) {
	h := provisionedHarness(t, harnessOpts{cfg: provisioned(2, 3)})
	h.e.Burst(context.Background(), 3) // one on-demand environment joins
	if inv := h.e.Invoke(context.Background()); !inv.Provisioned {
		t.Errorf("a request with provisioned environments idle ran on %s, an on-demand one", inv.Env)
	}
	h.clk.Advance(3 * Defaults.IdleTimeout)
	h.waitCount(EnvReaped, 1)
	if n := h.rt.Len(); n != 2 {
		t.Fatalf("after three idle timeouts: %d instances, want the 2 provisioned", n)
	}
	for _, en := range h.e.Snapshot().Envs {
		if !en.Provisioned {
			t.Errorf("%s survived the idle period without being provisioned", en.Name)
		}
	}
	if inv := h.e.Invoke(context.Background()); inv.Kind != KindWarm || !inv.Provisioned {
		t.Errorf("request after the idle period: %s, provisioned %v; want warm on a provisioned environment", inv.Kind, inv.Provisioned)
	}
}

func TestALostProvisionedEnvironmentIsReplaced(t *testing.T) {
	block := make(chan struct{}) // never closed: the handler hangs until the timeout
	h := provisionedHarness(t, harnessOpts{cfg: provisioned(1, 2), block: block})
	result := make(chan Invocation, 1)
	go func() { result <- h.e.Invoke(context.Background()) }()
	h.waitCount(EnvBusy, 1)
	h.clk.Advance(Defaults.Timeout)
	lost := <-result
	if lost.Status != StatusTimeout || !lost.Provisioned {
		t.Fatalf("hung request: %s, provisioned %v; want a timeout on the provisioned environment", lost.Status, lost.Provisioned)
	}
	if err := h.e.WaitProvisioned(context.Background()); err != nil {
		t.Fatal(err)
	}
	envs := h.e.Snapshot().Envs
	if len(envs) != 1 || !envs[0].Provisioned || envs[0].Name == lost.Env {
		t.Fatalf("after losing %s: %+v, want a new provisioned environment", lost.Env, envs)
	}
}

func TestConfigureProvisioned(t *testing.T) {
	h := newHarness(t, harnessOpts{cfg: provisioned(0, 3)})
	ctx := context.Background()
	h.e.Burst(ctx, 2) // two on-demand environments, idle now

	cfg := h.e.Config()
	cfg.Provisioned = 2
	if err := h.e.Configure(cfg); err != nil {
		t.Fatal(err)
	}
	if err := h.e.WaitProvisioned(ctx); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(Defaults.IdleTimeout)
	h.waitCount(EnvReaped, 2) // the on-demand ones
	if s := h.e.Snapshot(); len(s.Envs) != 2 || s.ProvisionedReady() != 2 {
		t.Fatalf("after provisioning 2: %d environments, %d provisioned ready", len(s.Envs), s.ProvisionedReady())
	}

	cfg.Provisioned = 0 // they become on-demand and scale to zero
	if err := h.e.Configure(cfg); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(Defaults.IdleTimeout + time.Millisecond)
	if n := h.rt.Len(); n != 0 {
		t.Fatalf("provisioned concurrency removed: %d instances left after the idle timeout, want 0", n)
	}
}

func TestAFailedProvisioningIsReportedNotRetried(t *testing.T) {
	var starts atomic.Int32
	h := newHarness(t, harnessOpts{cfg: provisioned(2, 3), startErr: func(sandbox.Spec) error {
		starts.Add(1)
		return errors.New("no capacity")
	}})
	err := h.e.WaitProvisioned(context.Background())
	if err == nil || !strings.Contains(err.Error(), "0 of 2") || !strings.Contains(err.Error(), "no capacity") {
		t.Fatalf("WaitProvisioned: %v, want 0 of 2 ready and the cause", err)
	}
	h.waitCount(EnvKilled, 2)
	if n := starts.Load(); n != 2 {
		t.Errorf("%d starts, want 2: a failed provisioning is not retried", n)
	}
}
