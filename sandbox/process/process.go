// Package process is the embedded default sandbox.Runtime: every instance is
// a real child process of the workload (sandbox/workload) listening on a
// free 127.0.0.1 port, in its own process group.
//
// Nothing may outlive coldstart: callers must defer Close (it kills every
// process group), and the CLI installs a signal handler so Ctrl-C reaches
// Close. On Linux the kernel also SIGKILLs the children if coldstart itself
// is killed (Pdeathsig).
//
// Limits: on Linux a watchdog kills an instance whose resident memory passes
// Spec.MemoryMB (the process form of an OOM kill). CPU quotas are not
// enforced anywhere, and neither is memory elsewhere; Describe says so.
package process

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// envParent marks a child as a workload instance of this runtime, so a
// workload command that runs something else than the workload cannot start
// instances in turn (a fork bomb).
const envParent = "COLDSTART_WL_PARENT"

// watchdogEvery is how often the memory watchdog reads an instance's RSS.
const watchdogEvery = 50 * time.Millisecond

// Runtime runs workload instances as child processes. Make it with New.
type Runtime struct {
	path   string
	args   []string
	events *sandbox.EventQueue
	http   *http.Client

	mu      sync.Mutex
	byID    map[string]*instance
	byName  map[string]*instance
	seq     int
	closed  bool
	waiters sync.WaitGroup // one per running child, until its exit is recorded
}

// instance is one named workload; each (re)start is a new run.
type instance struct {
	id   string
	spec sandbox.Spec
	run  *run // the current or last process; guarded by Runtime.mu
}

// run is one process of an instance.
type run struct {
	cmd     *exec.Cmd
	addr    string
	started time.Time
	stderr  tail
	done    chan struct{} // closed once the exit is recorded and its event queued
	oom     atomic.Bool   // killed by the memory watchdog

	// guarded by Runtime.mu
	exitCode int
	signaled bool
	ready    bool      // the ready event was sent
	cpuAt    time.Time // previous Stats reading
	cpuSecs  float64
}

func (r *run) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

var _ sandbox.Runtime = (*Runtime)(nil)

// New returns a runtime that runs the workload found by
// workload.HostCommand (which may build it the first time).
func New(ctx context.Context) (*Runtime, error) {
	path, args, err := workload.HostCommand(ctx)
	if err != nil {
		return nil, err
	}
	return NewWithCommand(path, args), nil
}

// NewWithCommand returns a runtime whose instances run path with args.
func NewWithCommand(path string, args []string) *Runtime {
	return &Runtime{
		path:   path,
		args:   args,
		events: sandbox.NewEventQueue(),
		http:   &http.Client{Timeout: time.Second},
		byID:   map[string]*instance{},
		byName: map[string]*instance{},
	}
}

// Name is "process".
func (rt *Runtime) Name() string { return "process" }

// Describe says what this runtime enforces, plainly.
func (rt *Runtime) Describe() string {
	if statsAvailable {
		return "process: child processes on 127.0.0.1; memory limits enforced by a watchdog that kills an instance over its limit (RSS checked every 50 ms); CPU limits are not enforced — use Docker for real limits"
	}
	d := fmt.Sprintf("process: child processes on 127.0.0.1; memory and CPU limits are not enforced by the process backend on %s — use Docker for real limits", runtime.GOOS)
	if !canTerminate {
		d += "; Stop kills at once (no SIGTERM here)"
	}
	return d
}

// Events delivers every event in order; it is closed by Close.
func (rt *Runtime) Events() <-chan sandbox.Event { return rt.events.Out() }

// Start launches a new instance and emits created and started.
func (rt *Runtime) Start(ctx context.Context, spec sandbox.Spec) (sandbox.Instance, error) {
	if spec.Name == "" {
		return sandbox.Instance{}, errors.New("process: an instance needs a name")
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.closed {
		return sandbox.Instance{}, errors.New("process: the runtime is closed")
	}
	if _, taken := rt.byName[spec.Name]; taken {
		return sandbox.Instance{}, fmt.Errorf("process: an instance named %q already exists", spec.Name)
	}
	rt.seq++
	inst := &instance{id: "p-" + strconv.Itoa(rt.seq), spec: spec}
	if err := rt.launch(inst, true); err != nil {
		return sandbox.Instance{}, err
	}
	rt.byID[inst.id] = inst
	rt.byName[spec.Name] = inst
	return inst.public(), nil
}

// Restart starts an exited instance again on a new port and emits started.
func (rt *Runtime) Restart(ctx context.Context, id string) (sandbox.Instance, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.closed {
		return sandbox.Instance{}, errors.New("process: the runtime is closed")
	}
	inst, ok := rt.byID[id]
	if !ok {
		return sandbox.Instance{}, fmt.Errorf("process: restart %s: %w", id, sandbox.ErrNotFound)
	}
	if !inst.run.exited() {
		return sandbox.Instance{}, fmt.Errorf("process: restart %s: it is still running", inst.spec.Name)
	}
	if err := rt.launch(inst, false); err != nil {
		return sandbox.Instance{}, err
	}
	return inst.public(), nil
}

// launch starts a new process for inst. Called with rt.mu held, so Close
// cannot miss a child that is being born.
func (rt *Runtime) launch(inst *instance, first bool) error {
	if parent := os.Getenv(envParent); parent != "" {
		// We are an instance ourselves: the workload command did not run the
		// workload but something that starts workloads. Stop the recursion.
		return fmt.Errorf("process: refusing to start %s from inside a workload instance (started by pid %s): %s %s does not run the workload", inst.spec.Name, parent, rt.path, strings.Join(rt.args, " "))
	}
	cmd := exec.Command(rt.path, rt.args...)
	cmd.Env = childEnv(inst.spec)
	addr, release, err := listenFor(cmd)
	if err != nil {
		return fmt.Errorf("process: open a port for %s: %w", inst.spec.Name, err)
	}
	defer release()
	r := &run{addr: addr, done: make(chan struct{})}
	cmd.Stderr = &r.stderr
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("process: start %s: %w", inst.spec.Name, err)
	}
	r.cmd, r.started = cmd, time.Now()
	inst.run = r
	if first {
		rt.emit(inst, sandbox.EventCreated, 0, false)
	}
	rt.emit(inst, sandbox.EventStarted, 0, false)
	rt.waiters.Add(1)
	go rt.wait(inst, r)
	if limit := inst.spec.MemoryMB; limit > 0 && statsAvailable {
		go watchMemory(r, uint64(limit)<<20)
	}
	return nil
}

// wait reaps the process and records how it ended.
func (rt *Runtime) wait(inst *instance, r *run) {
	defer rt.waiters.Done()
	err := r.cmd.Wait()
	code, signaled := exitStatus(r.cmd.ProcessState, err)
	if r.oom.Load() {
		rt.emit(inst, sandbox.EventOOM, 0, false)
	}
	rt.mu.Lock()
	r.exitCode, r.signaled = code, signaled
	rt.emit(inst, sandbox.EventExited, code, signaled)
	close(r.done)
	rt.mu.Unlock()
}

// watchMemory kills r when its resident memory passes limit, as the kernel's
// memory cgroup would.
func watchMemory(r *run, limit uint64) {
	tick := time.NewTicker(watchdogEvery)
	defer tick.Stop()
	for {
		if n, err := rss(r.cmd.Process.Pid); err == nil && n > limit {
			r.oom.Store(true)
			if err := kill(r.cmd.Process); err != nil {
				slog.Warn("process: could not kill an instance over its memory limit", "err", err, "pid", r.cmd.Process.Pid)
			}
			return
		}
		select {
		case <-r.done:
			return
		case <-tick.C:
		}
	}
}

// exitStatus reads an exit the way Docker reports one: a signal's death is
// 128+signal (137 for SIGKILL) with signaled set.
func exitStatus(state *os.ProcessState, err error) (code int, signaled bool) {
	if state == nil {
		return -1, false
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), true
	}
	return state.ExitCode(), false
}

func (rt *Runtime) emit(inst *instance, typ sandbox.EventType, code int, signaled bool) {
	rt.events.Push(sandbox.Event{Time: time.Now(), Type: typ, ID: inst.id, Name: inst.spec.Name, ExitCode: code, Signaled: signaled})
}

// childEnv is our environment without stray workload settings, then the
// spec's, then what to be called; listenFor adds where to listen.
func childEnv(spec sandbox.Spec) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "COLDSTART_WL_") {
			env = append(env, kv)
		}
	}
	for k, v := range spec.Env {
		env = append(env, k+"="+v)
	}
	return append(env,
		envParent+"="+strconv.Itoa(os.Getpid()),
		workload.EnvAddr+"=127.0.0.1",
		workload.EnvName+"="+spec.Name)
}

func (inst *instance) public() sandbox.Instance {
	return sandbox.Instance{ID: inst.id, Name: inst.spec.Name, Addr: inst.run.addr}
}

// current returns the instance's current run.
func (rt *Runtime) current(id string) (*instance, *run, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	inst, ok := rt.byID[id]
	if !ok {
		return nil, nil, fmt.Errorf("process: %s: %w", id, sandbox.ErrNotFound)
	}
	return inst, inst.run, nil
}

// Addr is where the instance's current process listens.
func (rt *Runtime) Addr(id string) (string, error) {
	_, r, err := rt.current(id)
	if err != nil {
		return "", err
	}
	return r.addr, nil
}

// WaitReady polls GET /readyz with a short, growing backoff until it answers
// 200 (then emits ready, once per start), the process exits, or ctx ends.
func (rt *Runtime) WaitReady(ctx context.Context, id string) error {
	inst, r, err := rt.current(id)
	if err != nil {
		return err
	}
	err = sandbox.ReadyCheck{
		Client: rt.http,
		Addr:   r.addr,
		Exited: r.done,
		// Growing: a probe waits in the socket's backlog until the child
		// serves, so a slow start needs few of them.
		Pause: 2 * time.Millisecond, MaxPause: 50 * time.Millisecond,
	}.Wait(ctx)
	switch {
	case err == nil:
		rt.mu.Lock()
		if !r.ready && !r.exited() {
			r.ready = true
			rt.emit(inst, sandbox.EventReady, 0, false)
		}
		rt.mu.Unlock()
		return nil
	case errors.Is(err, sandbox.ErrExited):
		return rt.exitError(inst, r)
	default:
		return fmt.Errorf("process: %s is not ready: %w", inst.spec.Name, err)
	}
}

func (rt *Runtime) exitError(inst *instance, r *run) error {
	rt.mu.Lock()
	code := r.exitCode
	rt.mu.Unlock()
	msg := fmt.Sprintf("process: %s exited with code %d before it was ready", inst.spec.Name, code)
	if line := r.stderr.lastLine(); line != "" {
		msg += ": " + line
	}
	return errors.New(msg)
}

// Stop sends SIGTERM to the instance's process group, waits up to grace for
// it to exit, then kills it. Stopping an exited instance does nothing.
func (rt *Runtime) Stop(ctx context.Context, id string, grace time.Duration) error {
	_, r, err := rt.current(id)
	if err != nil {
		return err
	}
	if r.exited() {
		return nil
	}
	if err := terminate(r.cmd.Process); err != nil {
		return fmt.Errorf("process: stop %s: %w", id, err)
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-r.done:
		return nil
	case <-timer.C:
	case <-ctx.Done():
	}
	return rt.killRun(ctx, id, r)
}

// Kill SIGKILLs the instance's process group and returns once it is reaped.
func (rt *Runtime) Kill(ctx context.Context, id string) error {
	_, r, err := rt.current(id)
	if err != nil {
		return err
	}
	return rt.killRun(ctx, id, r)
}

func (rt *Runtime) killRun(ctx context.Context, id string, r *run) error {
	if r.exited() {
		return nil
	}
	if err := kill(r.cmd.Process); err != nil {
		return fmt.Errorf("process: kill %s: %w", id, err)
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("process: kill %s: %w", id, ctx.Err())
	}
}

// Remove kills the instance if it runs and forgets it; its name is free again.
func (rt *Runtime) Remove(ctx context.Context, id string) error {
	if err := rt.Kill(ctx, id); err != nil {
		return err
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if inst, ok := rt.byID[id]; ok {
		delete(rt.byID, id)
		delete(rt.byName, inst.spec.Name)
	}
	return nil
}

// Stats reads the process's CPU use since the previous reading (or since it
// started) and its resident memory. Linux only; elsewhere it returns
// sandbox.ErrStatsUnavailable.
func (rt *Runtime) Stats(ctx context.Context, id string) (sandbox.Stats, error) {
	inst, r, err := rt.current(id)
	if err != nil {
		return sandbox.Stats{}, err
	}
	if !statsAvailable {
		return sandbox.Stats{}, sandbox.ErrStatsUnavailable
	}
	if r.exited() {
		return sandbox.Stats{}, fmt.Errorf("process: stats of %s: it is not running", inst.spec.Name)
	}
	cpu, mem, err := usage(r.cmd.Process.Pid)
	if err != nil {
		return sandbox.Stats{}, fmt.Errorf("process: stats of %s: %w", inst.spec.Name, err)
	}
	now := time.Now()
	rt.mu.Lock()
	prevAt, prevCPU := r.cpuAt, r.cpuSecs
	if prevAt.IsZero() {
		prevAt = r.started
	}
	r.cpuAt, r.cpuSecs = now, cpu
	rt.mu.Unlock()
	st := sandbox.Stats{MemoryBytes: mem}
	if wall := now.Sub(prevAt).Seconds(); wall > 0 && cpu >= prevCPU {
		st.CPUPercent = 100 * (cpu - prevCPU) / wall
	}
	return st, nil
}

// Close kills every instance, waits until all are reaped, then closes
// Events. It is safe to call more than once.
func (rt *Runtime) Close(ctx context.Context) error {
	rt.mu.Lock()
	if rt.closed {
		rt.mu.Unlock()
		return nil
	}
	rt.closed = true
	var runs []*run
	for _, inst := range rt.byID {
		runs = append(runs, inst.run)
	}
	rt.mu.Unlock()

	for _, r := range runs {
		if r.exited() {
			continue
		}
		if err := kill(r.cmd.Process); err != nil {
			slog.Warn("process: close: could not kill an instance", "err", err, "pid", r.cmd.Process.Pid)
		}
	}
	reaped := make(chan struct{})
	go func() {
		rt.waiters.Wait()
		rt.events.Close() // even if our caller gave up waiting
		close(reaped)
	}()
	select {
	case <-reaped:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("process: close: children not reaped yet: %w", ctx.Err())
	}
}
