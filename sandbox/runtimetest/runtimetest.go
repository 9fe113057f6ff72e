// Package runtimetest is the contract every sandbox.Runtime keeps, as a test
// suite each runtime runs against itself:
//
//	func TestContract(t *testing.T) {
//		runtimetest.Run(t, func(t *testing.T) sandbox.Runtime { ... }, runtimetest.Options{...})
//	}
//
// It checks behaviour only, never speed: every wait is bounded by a generous
// timeout so a broken runtime fails instead of hanging.
package runtimetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Options adapt the suite to a runtime.
type Options struct {
	// Leftovers lists what a closed runtime left behind (live pids, container
	// or network ids...). The Close test fails unless it is empty. Nil skips
	// that check.
	Leftovers func(t *testing.T, rt sandbox.Runtime) []string
	// SkipMemoryLimit, when not empty, skips the memory limit test and says
	// why (for example "the process runtime cannot enforce memory limits on darwin").
	SkipMemoryLimit string
	// Timeout bounds every single wait; default 30 s. It is a hang guard,
	// not a speed check.
	Timeout time.Duration
}

// Run runs the contract suite. newRuntime makes a fresh runtime for one
// subtest; the suite closes it. Subtests run in parallel.
func Run(t *testing.T, newRuntime func(t *testing.T) sandbox.Runtime, opts Options) {
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	for _, tc := range contract {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newHarness(t, newRuntime, opts))
		})
	}
}

var contract = []struct {
	name string
	run  func(*testing.T, *harness)
}{
	{"StartEmitsCreatedThenStarted", testStartEvents},
	{"ReadyThenInvoke", testReadyInvoke},
	{"InstancesGetDistinctAddrs", testDistinctAddrs},
	{"NamesAreUnique", testUniqueNames},
	{"KillIsSIGKILL", testKill},
	{"CrashOnStart", testCrashOnStart},
	{"CrashAfterRequests", testCrashAfter},
	{"StopIsGraceful", testStop},
	{"StopKillsAfterGrace", testStopGrace},
	{"RestartAfterExitForgetsState", testRestart},
	{"ReadinessThatFails", testReadyFail},
	{"Stats", testStats},
	{"UnknownID", testUnknownID},
	{"RemoveFreesTheName", testRemove},
	{"SlowEventReader", testSlowReader},
	{"MemoryLimit", testMemoryLimit},
	{"CloseLeavesNothing", testClose},
}

// spec is a light workload instance named after the test.
func spec(t *testing.T, suffix string, env map[string]string) sandbox.Spec {
	name := strings.ToLower(t.Name()[strings.LastIndex(t.Name(), "/")+1:])
	if len(name) > 20 {
		name = name[:20]
	}
	s := sandbox.Spec{Name: "ct-" + name + suffix, Env: map[string]string{}}
	for k, v := range env {
		s.Env[k] = v
	}
	return s
}

func testStartEvents(t *testing.T, h *harness) {
	s := spec(t, "", nil)
	inst := h.start(s)
	if inst.ID == "" || inst.Name != s.Name || inst.Addr == "" {
		t.Errorf("Start returned %+v", inst)
	}
	created := h.next(inst.ID, sandbox.EventCreated)
	started := h.next(inst.ID, sandbox.EventStarted)
	for _, e := range []sandbox.Event{created, started} {
		if e.Name != inst.Name || e.Time.IsZero() {
			t.Errorf("event %+v: want name %q and a time", e, inst.Name)
		}
	}
	if started.Time.Before(created.Time) {
		t.Errorf("started (%v) before created (%v)", started.Time, created.Time)
	}
}

func testReadyInvoke(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", map[string]string{workload.EnvVersion: "v9"}))
	h.ready(inst.ID)
	h.next(inst.ID, sandbox.EventReady)
	r := h.invoke(inst.ID)
	if r.Instance != inst.Name || r.Version != "v9" || r.Count != 1 || !r.Cold {
		t.Errorf("/invoke = %+v, want instance %q version v9, first call", r, inst.Name)
	}
}

func testDistinctAddrs(t *testing.T, h *harness) {
	a := h.start(spec(t, "-a", nil))
	b := h.start(spec(t, "-b", nil))
	if a.ID == b.ID || a.Addr == b.Addr {
		t.Fatalf("two instances share an id or address: %+v %+v", a, b)
	}
	for _, inst := range []sandbox.Instance{a, b} {
		h.ready(inst.ID)
		if r := h.invoke(inst.ID); r.Instance != inst.Name {
			t.Errorf("%s answered as %q", inst.Name, r.Instance)
		}
	}
}

func testUniqueNames(t *testing.T, h *harness) {
	s := spec(t, "", nil)
	h.start(s)
	ctx, cancel := h.ctx()
	defer cancel()
	if inst, err := h.rt.Start(ctx, s); err == nil {
		t.Errorf("a second Start named %q succeeded: %+v", s.Name, inst)
	}
	h.start(spec(t, "-other", nil))
}

func testKill(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", nil))
	h.ready(inst.ID)
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.Kill(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	e := h.next(inst.ID, sandbox.EventExited)
	if !e.Signaled || e.ExitCode != 137 {
		t.Errorf("after Kill: %+v, want signaled with exit code 137 (128+SIGKILL)", e)
	}
}

func testCrashOnStart(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", map[string]string{workload.EnvCrashOnStart: "3"}))
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.WaitReady(ctx, inst.ID); err == nil {
		t.Error("WaitReady succeeded for an instance that crashes on start")
	} else if ctx.Err() != nil {
		t.Errorf("WaitReady only gave up at the timeout (%v); it must notice the exit", err)
	}
	e := h.next(inst.ID, sandbox.EventExited)
	if e.ExitCode != 3 || e.Signaled {
		t.Errorf("exited %+v, want exit code 3, not signaled", e)
	}
	h.none(inst.ID, sandbox.EventReady)
}

func testCrashAfter(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", map[string]string{workload.EnvCrashAfter: "2", workload.EnvCrashCode: "4"}))
	h.ready(inst.ID)
	h.invoke(inst.ID)
	if r := h.invoke(inst.ID); r.Count != 2 {
		t.Errorf("second call: %+v", r)
	}
	if e := h.next(inst.ID, sandbox.EventExited); e.ExitCode != 4 || e.Signaled {
		t.Errorf("exited %+v, want exit code 4, not signaled", e)
	}
}

func testStop(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", nil))
	h.ready(inst.ID)
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.Stop(ctx, inst.ID, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if e := h.next(inst.ID, sandbox.EventExited); e.ExitCode != 0 || e.Signaled {
		t.Errorf("after Stop: %+v, want a graceful exit 0", e)
	}
	if err := h.rt.Stop(ctx, inst.ID, time.Second); err != nil {
		t.Errorf("Stop of an exited instance: %v, want nil", err)
	}
}

// testStopGrace stops a workload that drains for a minute after SIGTERM:
// Stop must kill it once the grace period is over.
func testStopGrace(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", map[string]string{workload.EnvShutdownDelayMS: "60000"}))
	h.ready(inst.ID)
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.Stop(ctx, inst.ID, time.Second); err != nil {
		t.Fatal(err)
	}
	if e := h.next(inst.ID, sandbox.EventExited); !e.Signaled || e.ExitCode != 137 {
		t.Errorf("after Stop with a 1 s grace on a 60 s drain: %+v, want killed (137, signaled)", e)
	}
}

func testRestart(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", nil))
	h.ready(inst.ID)
	h.invoke(inst.ID)
	if r := h.invoke(inst.ID); r.Count != 2 {
		t.Fatalf("second call counted %d", r.Count)
	}
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.Kill(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	h.next(inst.ID, sandbox.EventExited)

	again, err := h.rt.Restart(ctx, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != inst.ID || again.Name != inst.Name {
		t.Errorf("Restart returned %+v for %+v", again, inst)
	}
	h.next(inst.ID, sandbox.EventStarted)
	if addr, err := h.rt.Addr(inst.ID); err != nil || addr != again.Addr {
		t.Errorf("Addr after Restart = %q, %v; Restart said %q", addr, err, again.Addr)
	}
	h.ready(inst.ID)
	h.next(inst.ID, sandbox.EventReady)
	if r := h.invoke(inst.ID); r.Count != 1 || !r.Cold {
		t.Errorf("after a restart the in-memory counter must start again: %+v", r)
	}
}

func testReadyFail(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", map[string]string{workload.EnvReadyFail: "1"}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := h.rt.WaitReady(ctx, inst.ID); err == nil {
		t.Fatal("WaitReady succeeded although /readyz always answers 503")
	}
	resp := h.get(inst.ID, "/healthz")
	if resp.StatusCode != 200 {
		t.Errorf("/healthz = %s, want 200 (alive but not ready)", resp.Status)
	}
	h.none(inst.ID, sandbox.EventReady)
}

func testStats(t *testing.T, h *harness) {
	inst := h.start(spec(t, "", map[string]string{workload.EnvInitMemMB: "16"}))
	h.ready(inst.ID)
	ctx, cancel := h.ctx()
	defer cancel()
	for i := range 2 {
		h.invoke(inst.ID)
		st, err := h.rt.Stats(ctx, inst.ID)
		if errors.Is(err, sandbox.ErrStatsUnavailable) {
			return
		}
		if err != nil {
			t.Fatalf("Stats: %v, want numbers or exactly sandbox.ErrStatsUnavailable", err)
		}
		if st.MemoryBytes < 16<<20 || st.CPUPercent < 0 {
			t.Errorf("reading %d: %+v, want at least the 16 MiB the workload touched and CPU >= 0", i, st)
		}
	}
}

func testUnknownID(t *testing.T, h *harness) {
	ctx, cancel := h.ctx()
	defer cancel()
	const id = "no-such-instance"
	calls := map[string]func() error{
		"Addr":      func() error { _, err := h.rt.Addr(id); return err },
		"Restart":   func() error { _, err := h.rt.Restart(ctx, id); return err },
		"WaitReady": func() error { return h.rt.WaitReady(ctx, id) },
		"Stop":      func() error { return h.rt.Stop(ctx, id, time.Second) },
		"Kill":      func() error { return h.rt.Kill(ctx, id) },
		"Remove":    func() error { return h.rt.Remove(ctx, id) },
		"Stats":     func() error { _, err := h.rt.Stats(ctx, id); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, sandbox.ErrNotFound) {
			t.Errorf("%s(%q) = %v, want sandbox.ErrNotFound", name, id, err)
		}
	}
}

func testRemove(t *testing.T, h *harness) {
	s := spec(t, "", nil)
	inst := h.start(s)
	h.ready(inst.ID)
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.Remove(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	h.next(inst.ID, sandbox.EventExited)
	if _, err := h.rt.Addr(inst.ID); !errors.Is(err, sandbox.ErrNotFound) {
		t.Errorf("Addr after Remove = %v, want ErrNotFound", err)
	}
	again := h.start(s) // the name is free again
	h.ready(again.ID)
}

// testSlowReader reads no events while instances come and go: the runtime
// must queue them rather than block.
func testSlowReader(t *testing.T, h *harness) {
	rt := h.newUnwatched()
	done := make(chan error, 1)
	go func() {
		ctx, cancel := h.ctx()
		defer cancel()
		for i := range 3 {
			inst, err := rt.Start(ctx, spec(t, fmt.Sprint("-", i), nil))
			if err != nil {
				done <- err
				return
			}
			if err := rt.Kill(ctx, inst.ID); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(h.opts.Timeout):
		t.Fatal("Start/Kill blocked while nobody read Events")
	}
	counts := map[sandbox.EventType]int{}
	timeout := time.After(h.opts.Timeout)
	for counts[sandbox.EventExited] < 3 {
		select {
		case e := <-rt.Events():
			counts[e.Type]++
		case <-timeout:
			t.Fatalf("events so far %v, want 3 each of created, started, exited", counts)
		}
	}
	if counts[sandbox.EventCreated] != 3 || counts[sandbox.EventStarted] != 3 {
		t.Errorf("events %v, want 3 each of created, started, exited", counts)
	}
}

func testMemoryLimit(t *testing.T, h *harness) {
	if h.opts.SkipMemoryLimit != "" {
		t.Skip(h.opts.SkipMemoryLimit)
	}
	s := spec(t, "", map[string]string{workload.EnvInitMemMB: "256"})
	s.MemoryMB = 64
	inst := h.start(s)
	h.next(inst.ID, sandbox.EventOOM)
	if e := h.next(inst.ID, sandbox.EventExited); !e.Signaled {
		t.Errorf("exited %+v, want killed by a signal", e)
	}
}

func testClose(t *testing.T, h *harness) {
	a := h.start(spec(t, "-a", nil))
	h.ready(a.ID)
	b := h.start(spec(t, "-b", map[string]string{workload.EnvInitWork: "5"}))
	h.next(b.ID, sandbox.EventStarted)
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.Close(ctx); err != nil {
		t.Fatal(err)
	}
	h.waitClosed()
	h.next(a.ID, sandbox.EventExited)
	h.next(b.ID, sandbox.EventExited)
	if err := h.rt.Close(ctx); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
	if inst, err := h.rt.Start(ctx, spec(t, "-c", nil)); err == nil {
		t.Errorf("Start after Close succeeded: %+v", inst)
	}
	if h.opts.Leftovers != nil {
		if left := h.opts.Leftovers(t, h.rt); len(left) > 0 {
			t.Errorf("Close left behind: %s", strings.Join(left, ", "))
		}
	}
}

// harness is one runtime under test plus a recorder of its events.
type harness struct {
	t    *testing.T
	rt   sandbox.Runtime
	opts Options
	http *http.Client
	newR func(t *testing.T) sandbox.Runtime

	mu      sync.Mutex
	events  []sandbox.Event
	cursor  map[string]int // per instance: index after its last matched event
	changed chan struct{}  // closed and replaced when events or closed change
	closed  bool           // the Events channel was closed
}

func newHarness(t *testing.T, newRuntime func(t *testing.T) sandbox.Runtime, opts Options) *harness {
	h := &harness{t: t, opts: opts, newR: newRuntime, cursor: map[string]int{}, changed: make(chan struct{}),
		http: &http.Client{Timeout: 10 * time.Second}}
	h.rt = h.newUnwatched()
	go func() {
		for e := range h.rt.Events() {
			h.mu.Lock()
			h.events = append(h.events, e)
			close(h.changed)
			h.changed = make(chan struct{})
			h.mu.Unlock()
		}
		h.mu.Lock()
		h.closed = true
		close(h.changed)
		h.changed = make(chan struct{})
		h.mu.Unlock()
	}()
	t.Cleanup(func() {
		if t.Failed() {
			h.mu.Lock()
			for _, e := range h.events {
				t.Logf("event %s %s %s exit=%d signaled=%v", e.Time.Format("15:04:05.000"), e.Type, e.Name, e.ExitCode, e.Signaled)
			}
			h.mu.Unlock()
		}
	})
	return h
}

// newUnwatched makes a runtime the suite closes at the end of the test.
func (h *harness) newUnwatched() sandbox.Runtime {
	rt := h.newR(h.t)
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), h.opts.Timeout)
		defer cancel()
		if err := rt.Close(ctx); err != nil {
			h.t.Errorf("Close: %v", err)
		}
	})
	return rt
}

func (h *harness) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), h.opts.Timeout)
}

func (h *harness) start(s sandbox.Spec) sandbox.Instance {
	h.t.Helper()
	ctx, cancel := h.ctx()
	defer cancel()
	inst, err := h.rt.Start(ctx, s)
	if err != nil {
		h.t.Fatalf("Start %s: %v", s.Name, err)
	}
	return inst
}

func (h *harness) ready(id string) {
	h.t.Helper()
	ctx, cancel := h.ctx()
	defer cancel()
	if err := h.rt.WaitReady(ctx, id); err != nil {
		h.t.Fatalf("WaitReady %s: %v", id, err)
	}
}

func (h *harness) get(id, path string) *http.Response {
	h.t.Helper()
	addr, err := h.rt.Addr(id)
	if err != nil {
		h.t.Fatalf("Addr %s: %v", id, err)
	}
	resp, err := h.http.Get("http://" + addr + path)
	if err != nil {
		h.t.Fatalf("GET %s%s: %v", addr, path, err)
	}
	return resp
}

func (h *harness) invoke(id string) workload.Response {
	h.t.Helper()
	resp := h.get(id, "/invoke")
	defer resp.Body.Close()
	var r workload.Response
	if resp.StatusCode != 200 {
		h.t.Fatalf("GET /invoke on %s: %s", id, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		h.t.Fatalf("GET /invoke on %s: %v", id, err)
	}
	return r
}

// next waits for the next event of type typ for instance id, after the
// previous one next returned for id.
func (h *harness) next(id string, typ sandbox.EventType) sandbox.Event {
	h.t.Helper()
	deadline := time.After(h.opts.Timeout)
	for {
		h.mu.Lock()
		for i := h.cursor[id]; i < len(h.events); i++ {
			if e := h.events[i]; e.ID == id && e.Type == typ {
				h.cursor[id] = i + 1
				h.mu.Unlock()
				return e
			}
		}
		changed, closed := h.changed, h.closed
		h.mu.Unlock()
		if closed {
			h.t.Fatalf("no %s event for %s before Events was closed", typ, id)
		}
		select {
		case <-changed:
		case <-deadline:
			h.t.Fatalf("no %s event for %s within %v", typ, id, h.opts.Timeout)
		}
	}
}

// none checks that no event of type typ was seen for id so far.
func (h *harness) none(id string, typ sandbox.EventType) {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range h.events {
		if e.ID == id && e.Type == typ {
			h.t.Errorf("unexpected %s event for %s: %+v", typ, id, e)
		}
	}
}

func (h *harness) waitClosed() {
	h.t.Helper()
	deadline := time.After(h.opts.Timeout)
	for {
		h.mu.Lock()
		changed, closed := h.changed, h.closed
		h.mu.Unlock()
		if closed {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			h.t.Fatalf("Events was not closed within %v of Close", h.opts.Timeout)
		}
	}
}
