package faas

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// harness is an engine on the fake runtime whose instances run the real
// workload handler in-process, on a manual clock.
type harness struct {
	t   *testing.T
	clk *clock.Virtual
	rt  *fake.Runtime
	e   *Engine

	mu     sync.Mutex
	cond   *sync.Cond
	events []Event
	specs  []sandbox.Spec // what each environment was started with
	done   bool
}

// block, when set, makes /invoke wait until it is closed or the request ends.
type harnessOpts struct {
	cfg      Config
	block    chan struct{}
	startErr func(sandbox.Spec) error // fake.Runtime.StartErr
}

func newHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	h := &harness{t: t, clk: clock.NewManual(t0)}
	h.cond = sync.NewCond(&h.mu)
	h.rt = fake.New(h.clk)
	h.rt.StartErr = o.startErr
	h.rt.Handler = func(spec sandbox.Spec) http.Handler {
		h.mu.Lock()
		h.specs = append(h.specs, spec)
		h.mu.Unlock()
		cfg, err := workload.FromEnv(func(k string) string { return spec.Env[k] })
		if err != nil {
			t.Errorf("workload env: %v", err)
		}
		cfg.InitWork, cfg.InitMemMB, cfg.RequestWork = 1, 0, 0 // fast, still measured
		wl := workload.NewServer(context.Background(), cfg).Handler()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if o.block != nil && r.URL.Path == "/invoke" {
				select {
				case <-o.block:
				case <-r.Context().Done():
					return
				}
			}
			wl.ServeHTTP(w, r)
		})
	}
	cfg := o.cfg
	if cfg.MemoryMB == 0 {
		cfg = Defaults
	}
	e, err := New(h.rt, h.clk, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.e = e
	go func() {
		for ev := range e.Events() {
			h.mu.Lock()
			h.events = append(h.events, ev)
			h.cond.Broadcast()
			h.mu.Unlock()
		}
		h.mu.Lock()
		h.done = true
		h.cond.Broadcast()
		h.mu.Unlock()
	}()
	t.Cleanup(func() {
		h.e.Close(context.Background())
		h.rt.Close(context.Background())
	})
	return h
}

// waitCount waits until n events of type typ arrived (a stuck test is
// ended by go test's timeout).
func (h *harness) waitCount(typ EventType, n int) {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for h.count(typ) < n && !h.done {
		h.cond.Wait()
	}
	if c := h.count(typ); c < n {
		h.t.Fatalf("event stream closed after %d %s events, want %d", c, typ, n)
	}
}

func (h *harness) count(typ EventType) int {
	n := 0
	for _, ev := range h.events {
		if ev.Type == typ {
			n++
		}
	}
	return n
}

func (h *harness) types() []EventType {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []EventType
	for _, ev := range h.events {
		out = append(out, ev.Type)
	}
	return out
}

func (h *harness) last() Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.events[len(h.events)-1]
}

func TestSecondInvocationIsWarmOnTheSameEnvironment(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	first := h.e.Invoke(ctx)
	second := h.e.Invoke(ctx)

	if first.Kind != KindCold || first.Status != StatusOK {
		t.Fatalf("first invocation %s/%s (%s), want cold/ok", first.Kind, first.Status, first.Err)
	}
	if second.Kind != KindWarm || second.Env != first.Env {
		t.Fatalf("second invocation %s on %s, want warm on %s", second.Kind, second.Env, first.Env)
	}
	if first.EnvCount != 1 || second.EnvCount != 2 {
		t.Errorf("environment counter %d then %d, want 1 then 2", first.EnvCount, second.EnvCount)
	}
	if first.Store != 1 || second.Store != 2 {
		t.Errorf("shared store %d then %d, want 1 then 2", first.Store, second.Store)
	}
	if first.Phases.InitMS <= 0 || second.Phases.InitMS != 0 {
		t.Errorf("init %v ms then %v ms: want measured on cold only", first.Phases.InitMS, second.Phases.InitMS)
	}
	if n := h.rt.Len(); n != 1 {
		t.Errorf("runtime has %d instances, want 1", n)
	}
	snap := h.e.Snapshot()
	if s := snap.Stats; s.Cold != 1 || s.Warm != 1 || s.ColdStarts != 1 {
		t.Errorf("stats cold %d warm %d cold starts %d, want 1 1 1", s.Cold, s.Warm, s.ColdStarts)
	}
	if snap.Store != 2 || snap.Envs[0].Count != 2 {
		t.Errorf("snapshot store %d, env counter %d; want 2, 2", snap.Store, snap.Envs[0].Count)
	}
}

func TestOneRequestPerEnvironmentAndThrottlingAtTheLimit(t *testing.T) {
	block := make(chan struct{})
	cfg := Defaults
	cfg.Concurrency = 2
	h := newHarness(t, harnessOpts{cfg: cfg, block: block})
	ctx := context.Background()

	results := make(chan Invocation, 2)
	for range 2 {
		go func() { results <- h.e.Invoke(ctx) }()
	}
	h.waitCount(EnvBusy, 2) // both hold an environment, blocked in the handler

	third := h.e.Invoke(ctx)
	if third.Kind != KindThrottled || third.Status != StatusThrottled {
		t.Fatalf("third invocation %s/%s, want throttled/429", third.Kind, third.Status)
	}
	close(block)
	a, b := <-results, <-results
	if a.Kind != KindCold || b.Kind != KindCold || a.Env == b.Env {
		t.Fatalf("concurrent invocations %s on %s and %s on %s: want two cold starts on two environments", a.Kind, a.Env, b.Kind, b.Env)
	}
	s := h.e.Snapshot()
	if s.Stats.Throttled != 1 || s.Stats.BilledRequests != 2 || len(s.Envs) != 2 {
		t.Errorf("throttled %d, billed requests %d, envs %d; want 1, 2, 2", s.Stats.Throttled, s.Stats.BilledRequests, len(s.Envs))
	}
}

func TestIdleEnvironmentsAreReapedAfterTheIdleTimeout(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Burst(ctx, 3)
	if n := h.rt.Len(); n != 3 {
		t.Fatalf("after a burst of 3: %d instances, want 3", n)
	}

	h.clk.Advance(Defaults.IdleTimeout - time.Millisecond)
	if n := len(h.e.Snapshot().Envs); n != 3 {
		t.Fatalf("just before the idle timeout: %d environments, want 3", n)
	}
	h.clk.Advance(time.Millisecond) // reaping runs inside Advance
	if n := h.rt.Len(); n != 0 {
		t.Fatalf("after the idle timeout: %d instances left in the runtime, want 0", n)
	}
	h.waitCount(EnvReaped, 3)
	if s := h.e.Snapshot(); len(s.Envs) != 0 || len(s.Gone) != 3 || s.Gone[0].State != StateReaped {
		t.Fatalf("snapshot after reaping: %d envs, gone %+v", len(s.Envs), s.Gone)
	}
	if inv := h.e.Invoke(ctx); inv.Kind != KindCold {
		t.Fatalf("invocation after scale to zero was %s, want cold", inv.Kind)
	}
}

func TestUseResetsTheIdleTimer(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Invoke(ctx)
	h.clk.Advance(Defaults.IdleTimeout - time.Second)
	if inv := h.e.Invoke(ctx); inv.Kind != KindWarm {
		t.Fatalf("got %s, want warm", inv.Kind)
	}
	h.clk.Advance(Defaults.IdleTimeout - time.Second)
	if n := h.rt.Len(); n != 1 {
		t.Fatalf("environment reaped %v after its last use, before the idle timeout", Defaults.IdleTimeout-time.Second)
	}
	if !h.e.SkipToIdleReap() {
		t.Fatal("SkipToIdleReap on a virtual clock reported false")
	}
	if n := h.rt.Len(); n != 0 {
		t.Fatalf("SkipToIdleReap left %d instances", n)
	}
}

func TestHandlerTimeoutStopsTheEnvironment(t *testing.T) {
	block := make(chan struct{}) // never closed: the handler hangs
	h := newHarness(t, harnessOpts{block: block})
	result := make(chan Invocation, 1)
	go func() { result <- h.e.Invoke(context.Background()) }()
	h.waitCount(EnvBusy, 1)

	h.clk.Advance(Defaults.Timeout)
	inv := <-result
	if inv.Status != StatusTimeout {
		t.Fatalf("status %s (%s), want timeout", inv.Status, inv.Err)
	}
	if inv.BilledMS <= 0 {
		t.Errorf("a timed-out invocation is billed for the time it ran; billed %d ms", inv.BilledMS)
	}
	h.waitCount(EnvKilled, 1)
	if n := h.rt.Len(); n != 0 {
		t.Fatalf("%d instances left after the timeout, want 0", n)
	}
	if s := h.e.Snapshot().Stats; s.Timeouts != 1 {
		t.Errorf("stats timeouts %d, want 1", s.Timeouts)
	}
}

func TestEventOrder(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Invoke(ctx)
	h.e.Invoke(ctx)
	h.clk.Advance(Defaults.IdleTimeout)
	h.waitCount(EnvReaped, 1)

	want := []EventType{
		EnvCreated, InvokeStart, EnvStarted, EnvReady, EnvBusy, EnvInit, InvokeEnd, EnvIdle, // cold
		InvokeStart, EnvBusy, InvokeEnd, EnvIdle, // warm
		EnvReaped,
	}
	if got := h.types(); !slices.Equal(got, want) {
		t.Fatalf("events\n got %v\nwant %v", got, want)
	}
	if last := h.last(); len(last.Snapshot.Envs) != 0 || last.Snapshot.Stats.Invocations != 2 {
		t.Errorf("last snapshot: %d envs, %d invocations", len(last.Snapshot.Envs), last.Snapshot.Stats.Invocations)
	}
}

func TestNewVersionRetiresIdleEnvironments(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Invoke(ctx)
	cfg := h.e.Config()
	cfg.MemoryMB = 1769
	if err := h.e.Configure(cfg); err != nil {
		t.Fatal(err)
	}
	h.waitCount(EnvReaped, 1)
	inv := h.e.Invoke(ctx)
	if inv.Kind != KindCold || inv.MemoryMB != 1769 {
		t.Fatalf("after a memory change: %s at %d MB, want cold at 1769 MB", inv.Kind, inv.MemoryMB)
	}
	cfg.Concurrency = 3 // not a new version
	h.e.Configure(cfg)
	if inv := h.e.Invoke(ctx); inv.Kind != KindWarm {
		t.Fatalf("after a concurrency change: %s, want warm", inv.Kind)
	}
}

func TestCloseRemovesEveryEnvironment(t *testing.T) {
	block := make(chan struct{}) // never closed: one request is in flight at Close
	h := newHarness(t, harnessOpts{block: block})
	ctx := context.Background()
	done := make(chan Invocation, 1)
	go func() { done <- h.e.Invoke(ctx) }()
	h.waitCount(EnvBusy, 1)
	if err := h.e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if inv := <-done; inv.Status != StatusError {
		t.Errorf("in-flight invocation at Close ended %s, want error", inv.Status)
	}
	if n := h.rt.Len(); n != 0 {
		t.Fatalf("Close left %d instances", n)
	}
	if inv := h.e.Invoke(ctx); inv.Err == "" {
		t.Fatal("Invoke after Close succeeded")
	}
}

func TestResetZeroesStatsAndStore(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Burst(ctx, 2)
	if err := h.e.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	h.waitCount(EnvReaped, 2)
	s := h.e.Snapshot()
	if s.Stats.Invocations != 0 || s.Store != 0 || len(s.Envs) != 0 {
		t.Fatalf("after reset: %d invocations, store %d, %d envs", s.Stats.Invocations, s.Store, len(s.Envs))
	}
	if inv := h.e.Invoke(ctx); inv.Store != 1 || inv.Kind != KindCold {
		t.Fatalf("first invocation after reset: %s, store %d; want cold, 1", inv.Kind, inv.Store)
	}
}

func TestInvokeWorkAsksTheHandlerForThatWork(t *testing.T) {
	clk := clock.NewManual(t0)
	rt := fake.New(clk)
	got := make(chan string, 2)
	rt.Handler = func(sandbox.Spec) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got <- r.URL.RawQuery
			w.Write([]byte(`{"count":1}`))
		})
	}
	e, err := New(rt, clk, Defaults)
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(context.Background())
	defer e.Close(context.Background())
	e.InvokeWork(context.Background(), SlowWork)
	e.Invoke(context.Background())
	if q := <-got; q != "work=6000" {
		t.Errorf("slow request query %q, want work=6000", q)
	}
	if q := <-got; q != "" {
		t.Errorf("default request query %q, want none", q)
	}
}
