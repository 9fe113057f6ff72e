// Package fake is an in-memory sandbox.Runtime for unit tests of demo
// engines. Each instance is a real in-process HTTP server (httptest), so
// engines talk HTTP to it exactly as to the workload, while tests decide
// when instances become ready, crash or hang.
package fake

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// Runtime is a fake sandbox.Runtime. The zero value is not usable; use New.
type Runtime struct {
	// Handler serves an instance's HTTP requests. By default every path
	// answers 200 with a small JSON body naming the instance.
	Handler func(spec sandbox.Spec) http.Handler
	// StartErr, when set, makes Start fail with the returned error.
	StartErr func(spec sandbox.Spec) error
	// ManualReady makes WaitReady block until MarkReady is called.
	ManualReady bool
	// NeverReady, when set, picks the instances whose WaitReady never
	// returns (a workload whose /readyz always fails).
	NeverReady func(spec sandbox.Spec) bool

	clock  clock.Clock
	mu     sync.Mutex
	seq    int
	insts  map[string]*instance
	queue  *sandbox.EventQueue
	closed bool
}

type instance struct {
	spec    sandbox.Spec
	id      string
	srv     *httptest.Server
	running bool
	ready   chan struct{}
	stats   sandbox.Stats
}

// New makes a fake runtime whose events are stamped with c.
func New(c clock.Clock) *Runtime {
	return &Runtime{clock: c, insts: map[string]*instance{}, queue: sandbox.NewEventQueue()}
}

var _ sandbox.Runtime = (*Runtime)(nil)

func (r *Runtime) Name() string     { return "fake" }
func (r *Runtime) Describe() string { return "fake runtime for tests" }

func (r *Runtime) Start(ctx context.Context, spec sandbox.Spec) (sandbox.Instance, error) {
	if r.StartErr != nil {
		if err := r.StartErr(spec); err != nil {
			return sandbox.Instance{}, err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return sandbox.Instance{}, fmt.Errorf("fake runtime is closed")
	}
	r.seq++
	in := &instance{spec: spec, id: fmt.Sprintf("f-%d", r.seq)}
	r.insts[in.id] = in
	r.emitLocked(sandbox.EventCreated, in, 0, false)
	r.startLocked(in)
	return sandbox.Instance{ID: in.id, Name: spec.Name, Addr: in.srv.Listener.Addr().String()}, nil
}

func (r *Runtime) startLocked(in *instance) {
	h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"instance":%q}`, in.spec.Name)
	}))
	if r.Handler != nil {
		h = r.Handler(in.spec)
	}
	in.srv = httptest.NewServer(h)
	in.running = true
	in.ready = make(chan struct{})
	r.emitLocked(sandbox.EventStarted, in, 0, false)
}

func (r *Runtime) Restart(ctx context.Context, id string) (sandbox.Instance, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	in, ok := r.insts[id]
	if !ok {
		return sandbox.Instance{}, sandbox.ErrNotFound
	}
	if in.running {
		return sandbox.Instance{}, fmt.Errorf("instance %s is still running", in.spec.Name)
	}
	r.startLocked(in)
	return sandbox.Instance{ID: in.id, Name: in.spec.Name, Addr: in.srv.Listener.Addr().String()}, nil
}

func (r *Runtime) Addr(id string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	in, ok := r.insts[id]
	if !ok || !in.running {
		return "", sandbox.ErrNotFound
	}
	return in.srv.Listener.Addr().String(), nil
}

func (r *Runtime) WaitReady(ctx context.Context, id string) error {
	r.mu.Lock()
	in, ok := r.insts[id]
	if !ok || !in.running {
		r.mu.Unlock()
		return sandbox.ErrNotFound
	}
	ready := in.ready
	if r.NeverReady != nil && r.NeverReady(in.spec) {
		ready = nil // blocks until ctx is done
	} else if !r.ManualReady {
		r.markReadyLocked(in)
	}
	r.mu.Unlock()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// MarkReady lets a WaitReady of a ManualReady runtime return.
func (r *Runtime) MarkReady(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if in, ok := r.insts[id]; ok && in.running {
		r.markReadyLocked(in)
	}
}

func (r *Runtime) markReadyLocked(in *instance) {
	select {
	case <-in.ready:
	default:
		close(in.ready)
		r.emitLocked(sandbox.EventReady, in, 0, false)
	}
}

// Exit ends a running instance as if the workload exited with code
// (signaled for a kill): the crash of a test scenario.
func (r *Runtime) Exit(id string, code int, signaled bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if in, ok := r.insts[id]; ok && in.running {
		r.exitLocked(in, code, signaled, 0)
	}
}

// exitLocked ends in's server: at once, or, with a grace period, as the
// workload does on SIGTERM: no new connections, requests in flight finish
// (cut off when grace runs out).
func (r *Runtime) exitLocked(in *instance, code int, signaled bool, grace time.Duration) {
	in.running = false
	srv := in.srv
	if grace <= 0 {
		srv.CloseClientConnections()
	}
	go func() { // Close waits for handlers; never under our lock
		cut := time.AfterFunc(max(grace, 0), srv.CloseClientConnections)
		defer cut.Stop()
		srv.Close()
	}()
	r.emitLocked(sandbox.EventExited, in, code, signaled)
}

func (r *Runtime) Stop(ctx context.Context, id string, grace time.Duration) error {
	return r.end(id, 0, false, grace)
}

func (r *Runtime) Kill(ctx context.Context, id string) error {
	return r.end(id, 137, true, 0)
}

func (r *Runtime) end(id string, code int, signaled bool, grace time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.endLocked(id, code, signaled, grace)
}

// endLocked makes instance id exit, if it still runs; r.mu is held.
func (r *Runtime) endLocked(id string, code int, signaled bool, grace time.Duration) error {
	in, ok := r.insts[id]
	if !ok {
		return sandbox.ErrNotFound
	}
	if in.running {
		r.exitLocked(in, code, signaled, grace)
	}
	return nil
}

func (r *Runtime) Remove(ctx context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.endLocked(id, 137, true, 0); err != nil {
		return err
	}
	delete(r.insts, id)
	return nil
}

// SetStats sets what Stats returns for an instance.
func (r *Runtime) SetStats(id string, s sandbox.Stats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if in, ok := r.insts[id]; ok {
		in.stats = s
	}
}

func (r *Runtime) Stats(ctx context.Context, id string) (sandbox.Stats, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	in, ok := r.insts[id]
	if !ok {
		return sandbox.Stats{}, sandbox.ErrNotFound
	}
	return in.stats, nil
}

func (r *Runtime) Events() <-chan sandbox.Event { return r.queue.Out() }

// Running lists the names of running instances.
func (r *Runtime) Running() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for _, in := range r.insts {
		if in.running {
			names = append(names, in.spec.Name)
		}
	}
	return names
}

// Len is the number of instances not yet removed.
func (r *Runtime) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.insts)
}

func (r *Runtime) Close(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	for id, in := range r.insts {
		if in.running {
			r.exitLocked(in, 137, true, 0)
		}
		delete(r.insts, id)
	}
	r.closed = true
	r.queue.Close()
	return nil
}

func (r *Runtime) emitLocked(t sandbox.EventType, in *instance, code int, signaled bool) {
	r.queue.Push(sandbox.Event{Time: r.clock.Now(), Type: t, ID: in.id, Name: in.spec.Name, ExitCode: code, Signaled: signaled})
}
