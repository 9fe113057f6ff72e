// Package faas is a small Lambda-like function service on a sandbox.Runtime,
// the engine of the "cold-start" demo.
//
// An Engine keeps a pool of execution environments (workload instances) for
// one function. An invocation takes an idle warm environment when there is
// one (warm start); otherwise it creates one (cold start: Start, then the
// runtime boots and runs the init code until /readyz answers, then the
// handler); beyond the concurrency limit it is throttled (429). One
// environment serves one request at a time. Idle environments are reaped
// after the idle timeout (scale to zero) and a handler running past the
// per-invocation timeout is stopped by killing its environment; both timers
// run on a clock.Clock so tests and the "skip to idle reap" key drive them.
//
// Provisioned environments (Config.Provisioned) are initialised when the
// engine starts, in parallel, before traffic; they serve first, without
// Init, and are never reaped; requests beyond them start on-demand ones.
//
// Every phase is measured: Start, WaitReady, the init and handler durations
// the workload reports, and end to end. The engine reports what happens as
// Events, each carrying a Snapshot, to the one reader of Events().
//
// The engine owns the environments it creates and the shared store; Close
// removes them. The Runtime belongs to the caller, who closes it after the
// engine (Runtime.Close also removes anything a cancelled Start left behind).
package faas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Profile is the function's runtime start-up profile.
type Profile string

const (
	// Light stands for Go, Node.js or Python: about 40 ms of init CPU work at one vCPU.
	Light Profile = "light"
	// Heavy stands for Java without SnapStart: about 700 ms of init CPU work
	// at one vCPU and 64 MiB of touched memory.
	Heavy Profile = "heavy"
)

// workload is the real work each profile asks of the workload. One work unit
// is SHA-256 over 1 MiB, about 0.6-0.8 ms on one core of the machine this was
// tuned on; under a CPU quota (docker) it takes longer in proportion.
func (p Profile) workload() workload.Config {
	if p == Heavy {
		return workload.Config{InitWork: 650, InitMemMB: 64, RequestWork: requestWork}
	}
	return workload.Config{InitWork: 60, InitMemMB: 4, RequestWork: requestWork}
}

// requestWork is the handler's CPU work per request: a few milliseconds.
const requestWork = 3

// VCPUMB is the memory size at which Lambda gives one full vCPU; CPU share
// is proportional to memory.
const VCPUMB = 1769

// Config is the function's configuration: the demo's knobs, and what an
// exercise's function definition (a SAM template's properties) sets.
type Config struct {
	MemoryMB int     // MemorySize; CPUs = MemoryMB / VCPUMB
	Profile  Profile // light or heavy init
	// Concurrency is the function's reserved concurrency
	// (ReservedConcurrentExecutions): the most environments serving at once.
	// More requests at once are throttled (429).
	Concurrency int
	// Provisioned is the function's provisioned concurrency
	// (ProvisionedConcurrentExecutions, 0 to Concurrency): environments
	// initialised before traffic, never reaped, serving without Init; more
	// requests at once start on-demand environments. Billed while configured.
	Provisioned int
	IdleTimeout time.Duration // on the clock: an idle on-demand environment is reaped after this
	Timeout     time.Duration // Timeout, on the clock: a handler running longer is stopped
	// Env is the function's environment variables (Environment.Variables),
	// given to every environment's workload. Names starting COLDSTART_WL_
	// are the engine's own workload settings and are rejected.
	Env map[string]string
	// InitFails makes a broken version: its init code exits before the
	// function listens, so every cold start fails (an exercise's deploy-bad).
	InitFails bool
}

// Defaults are the demo's starting knobs.
var Defaults = Config{MemoryMB: 512, Profile: Light, Concurrency: 10, IdleTimeout: 10 * time.Second, Timeout: 3 * time.Second}

// InitLimit bounds a cold start's Start and WaitReady in real time (Lambda
// allows 10 s of Init; this is looser because a 128 MB heavy init on a
// throttled container can take ~10 s here).
const InitLimit = 45 * time.Second

// Validate reports a knob out of range.
func (c Config) Validate() error {
	switch {
	case c.MemoryMB < 128 || c.MemoryMB > 10240:
		return fmt.Errorf("memory %d MB: Lambda allows 128 to 10240 MB", c.MemoryMB)
	case c.Profile != Light && c.Profile != Heavy:
		return fmt.Errorf("profile %q: want light or heavy", c.Profile)
	case c.Concurrency < 1:
		return fmt.Errorf("concurrency limit %d: want at least 1", c.Concurrency)
	case c.Provisioned < 0 || c.Provisioned > c.Concurrency:
		return fmt.Errorf("provisioned concurrency %d: want 0 to the reserved concurrency (%d)", c.Provisioned, c.Concurrency)
	case c.IdleTimeout <= 0:
		return fmt.Errorf("idle timeout %v: want more than 0", c.IdleTimeout)
	case c.Timeout <= 0:
		return fmt.Errorf("timeout %v: want more than 0", c.Timeout)
	}
	return validateEnv(c.Env)
}

// reservedEnvPrefix starts the names of the workload's control variables.
const reservedEnvPrefix = "COLDSTART_WL_"

// envName is what Lambda accepts as an environment variable's name.
var envName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// maxEnvBytes is Lambda's limit on all environment variables together.
const maxEnvBytes = 4096

func validateEnv(env map[string]string) error {
	size := 0
	for _, k := range slices.Sorted(maps.Keys(env)) { // sorted: the same error every time
		switch {
		case strings.HasPrefix(k, reservedEnvPrefix):
			return fmt.Errorf("environment variable %s: names starting %s are the engine's own workload settings", k, reservedEnvPrefix)
		case !envName.MatchString(k):
			return fmt.Errorf("environment variable name %q: want letters, digits and _, starting with a letter", k)
		}
		size += len(k) + len(env[k])
	}
	if size > maxEnvBytes {
		return fmt.Errorf("environment variables take %d bytes: Lambda allows 4 KB in total", size)
	}
	return nil
}

// CPUs is the CPU quota that goes with MemoryMB.
func (c Config) CPUs() float64 { return math.Round(float64(c.MemoryMB)/VCPUMB*1000) / 1000 }

// Engine is the function service. Its methods are safe for concurrent use.
type Engine struct {
	rt     sandbox.Runtime
	clk    clock.Clock
	prices Prices
	store  *Store
	client *http.Client
	db     storeClient
	out    *sandbox.Queue[Event]
	ctx    context.Context // cancelled by Close: stops in-flight work
	cancel context.CancelFunc
	wg     sync.WaitGroup // in-flight invocations and removals

	mu      sync.Mutex
	cfg     Config
	version int
	envs    []*env // alive, in creation order
	gone    []EnvInfo
	seq     int // environment names
	invSeq  int
	flying  int // invocations holding a concurrency slot
	acct    accounting
	epoch   int   // bumped by Reset: late results of older invocations are not counted
	shared  int64 // the shared store's counter, as last read
	closed  bool

	provisioning int           // provisioned environments being initialised
	provDone     chan struct{} // closed (and replaced) when one of them is done
	provErr      error         // the last provisioning failure
}

type env struct {
	EnvInfo
	db        storeClient // its own connection to the shared store, held while it lives
	id        string      // runtime id, once started
	addr      string
	reap      clock.Timer
	idleToken int // identifies the idle period a reap timer belongs to
}

// New starts the engine's shared store and, in the background, the
// provisioned environments (see WaitProvisioned). cfg is validated.
func New(rt sandbox.Runtime, clk clock.Clock, cfg Config) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Env = maps.Clone(cfg.Env) // ours: snapshots share it, nobody writes it
	store, err := StartStore()
	if err != nil {
		return nil, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{
		rt: rt, clk: clk, prices: AWS, store: store, client: client,
		db:  storeClient{http: client, base: "http://" + store.Addr()},
		out: sandbox.NewQueue[Event](), ctx: ctx, cancel: cancel, cfg: cfg, version: 1,
		provDone: make(chan struct{}),
	}
	e.acct.since = time.Now()
	e.acct.provision(clk.Now(), cfg.Provisioned, cfg.MemoryMB)
	go e.watch()
	e.mu.Lock()
	e.provisionLocked()
	e.mu.Unlock()
	return e, nil
}

// watch follows the runtime's events: an idle environment whose instance
// exits (killed from outside, crashed, Docker restarted) leaves the pool.
// Busy ones find out from their failing request.
func (e *Engine) watch() {
	for {
		select {
		case <-e.ctx.Done():
			return
		case ev, ok := <-e.rt.Events():
			if !ok {
				return
			}
			if ev.Type != sandbox.EventExited && ev.Type != sandbox.EventOOM {
				continue
			}
			e.mu.Lock()
			for _, en := range e.envs {
				if en.id == ev.ID && en.State == StateIdle && !e.closed {
					e.retireLocked(en, StateKilled, fmt.Sprintf("exited unexpectedly (%s, code %d)", ev.Type, ev.ExitCode))
					break
				}
			}
			e.mu.Unlock()
		}
	}
}

// Events delivers what happens, in order, to one reader. It is closed by
// Close after the last event.
func (e *Engine) Events() <-chan Event { return e.out.Out() }

// Runtime is the runtime the engine runs on.
func (e *Engine) Runtime() sandbox.Runtime { return e.rt }

// Clock is the clock the idle and timeout timers run on (presenter mode
// pauses and steps it when it is a *clock.Virtual).
func (e *Engine) Clock() clock.Clock { return e.clk }

// Snapshot is the current state.
func (e *Engine) Snapshot() Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshotLocked()
}

func (e *Engine) snapshotLocked() Snapshot {
	s := Snapshot{
		Config: e.cfg, Version: e.version, Runtime: e.rt.Name(), Enforces: e.rt.Describe(),
		Gone: slices.Clone(e.gone), InFlight: e.flying, Elapsed: time.Since(e.acct.since),
		Store: e.shared,
	}
	s.StoreConns, s.MaxStoreConns = e.store.Connections()
	for _, en := range e.envs {
		s.Envs = append(s.Envs, en.EnvInfo)
	}
	s.Stats = e.acct.snapshot(time.Now(), e.clk.Now(), e.cfg.MemoryMB, e.prices)
	return s
}

// emitLocked queues an event with the current snapshot.
func (e *Engine) emitLocked(ev Event) {
	ev.Time = time.Now()
	ev.Snapshot = e.snapshotLocked()
	e.out.Push(ev)
}

// Configure changes the knobs. A new memory size, profile or environment is
// a new version of the function: idle environments of the old one are retired
// at once, busy ones when their request ends, so the next requests are cold.
func (e *Engine) Configure(cfg Config) error { return e.configure(cfg, false) }

// Publish deploys cfg as a new version even when nothing changed, as
// publishing new code does (Configure with an always-new version).
func (e *Engine) Publish(cfg Config) error { return e.configure(cfg, true) }

func (e *Engine) configure(cfg Config, publish bool) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return errClosed
	}
	cfg.Env = maps.Clone(cfg.Env)
	reason := "concurrency limits or timeouts changed"
	if publish || cfg.MemoryMB != e.cfg.MemoryMB || cfg.Profile != e.cfg.Profile || cfg.InitFails != e.cfg.InitFails || !maps.Equal(cfg.Env, e.cfg.Env) {
		e.version++
		reason = fmt.Sprintf("new version %d: %d MB, %s", e.version, cfg.MemoryMB, cfg.Profile)
	}
	e.cfg = cfg
	e.acct.provision(e.clk.Now(), cfg.Provisioned, cfg.MemoryMB)
	e.emitLocked(Event{Type: ConfigChanged, Reason: reason})
	for _, en := range slices.Clone(e.envs) {
		if en.State == StateIdle && en.Version != e.version {
			e.retireLocked(en, StateReaped, "replaced by version "+fmt.Sprint(e.version))
		}
	}
	e.provisionLocked()
	return nil
}

// Config is the current configuration.
func (e *Engine) Config() Config {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cfg
}

// Reset retires every environment (provisioned ones are initialised anew),
// zeroes the statistics and the shared store. Requests in flight finish but
// are no longer counted.
func (e *Engine) Reset(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return errClosed
	}
	e.epoch++
	e.acct = accounting{since: time.Now()}
	e.acct.provision(e.clk.Now(), e.cfg.Provisioned, e.cfg.MemoryMB)
	e.shared = 0
	e.version++
	for _, en := range slices.Clone(e.envs) {
		if en.State == StateIdle {
			e.retireLocked(en, StateReaped, "reset")
		}
	}
	e.gone = nil
	e.provisionLocked()
	e.mu.Unlock()
	err := e.db.reset(ctx)
	e.mu.Lock()
	e.emitLocked(Event{Type: Reset})
	e.mu.Unlock()
	return err
}

// SkipToIdleReap moves a virtual clock past the idle timeout, so every idle
// environment is reaped now: "come back in 10 minutes". It runs the reaping
// (runtime calls) before returning. It reports false when the clock is not
// virtual. Note that the per-invocation timeout shares the clock, so a
// handler running at that moment may time out too.
func (e *Engine) SkipToIdleReap() bool {
	adv, ok := e.clk.(interface{ Advance(time.Duration) })
	if !ok {
		return false
	}
	adv.Advance(e.Config().IdleTimeout + time.Millisecond)
	return true
}

var errClosed = errors.New("the function service is closed")

// Close stops in-flight work, removes every environment and the shared
// store, and closes Events. The caller closes the Runtime afterwards.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.acct.provision(e.clk.Now(), 0, 0) // provisioned concurrency ends with the service
	for _, en := range e.envs {
		if en.reap != nil {
			en.reap.Stop()
		}
	}
	e.mu.Unlock()

	e.cancel()
	e.wg.Wait() // in-flight invocations end (cancelled) and clean up their own envs
	var errs []error
	e.mu.Lock()
	left := slices.Clone(e.envs)
	e.mu.Unlock()
	for _, en := range left {
		if en.id != "" {
			if err := e.rt.Remove(ctx, en.id); err != nil && !errors.Is(err, sandbox.ErrNotFound) {
				errs = append(errs, fmt.Errorf("remove %s: %w", en.Name, err))
				continue // still alive: Snapshot().Envs keeps counting it
			}
		}
		e.mu.Lock()
		e.dropLocked(en, StateReaped, "service closed")
		e.emitLocked(Event{Type: EnvReaped, Env: en.Name, Reason: "service closed"})
		e.mu.Unlock()
	}
	e.client.CloseIdleConnections() // first, so the store's Shutdown need not wait for them
	errs = append(errs, e.store.Close())
	e.out.Close()
	return errors.Join(errs...)
}

// retireLocked takes an idle environment out of the pool and removes it in
// the background (the event follows the removal).
func (e *Engine) retireLocked(en *env, state EnvState, reason string) {
	if en.reap != nil {
		en.reap.Stop()
	}
	if e.closed {
		return // Close removes what is left
	}
	e.dropLocked(en, state, reason)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.removeAndReport(en, state, reason)
	}()
	if en.Provisioned {
		e.provisionLocked() // Lambda replaces a lost provisioned environment
	}
}

// removeAndReport removes a dropped environment from the runtime, then
// emits its reaped/killed event.
func (e *Engine) removeAndReport(en *env, state EnvState, reason string) {
	if en.id != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := e.rt.Remove(ctx, en.id); err != nil && !errors.Is(err, sandbox.ErrNotFound) {
			slog.Warn("faas: remove an environment", "env", en.Name, "id", en.id, "err", err)
			reason += " (remove failed: " + err.Error() + ")"
		}
		cancel()
	}
	typ := EnvReaped
	if state == StateKilled {
		typ = EnvKilled
	}
	e.mu.Lock()
	e.emitLocked(Event{Type: typ, Env: en.Name, Reason: reason})
	e.mu.Unlock()
}

// dropLocked takes en out of the pool and remembers it as gone.
func (e *Engine) dropLocked(en *env, state EnvState, reason string) {
	i := slices.Index(e.envs, en)
	if i < 0 {
		return
	}
	e.envs = slices.Delete(e.envs, i, i+1)
	en.State, en.Reason = state, reason
	en.db.http.CloseIdleConnections() // its database connection ends with it
	e.gone = append(e.gone, en.EnvInfo)
	if len(e.gone) > maxGone {
		e.gone = e.gone[len(e.gone)-maxGone:]
	}
}

// idleLocked makes en wait for the next request and arms its reap timer,
// unless it is provisioned.
func (e *Engine) idleLocked(en *env) {
	en.State = StateIdle
	en.idleToken++
	if en.Provisioned {
		return
	}
	token := en.idleToken
	idle := e.cfg.IdleTimeout
	en.reap = e.clk.AfterFunc(idle, func() { e.reapIfIdle(en, token, idle) })
}

// reapIfIdle removes en if it is still in the idle period that armed the
// timer. Called by the clock (in Advance's goroutine for a manual clock, so
// the removal is done when Advance returns).
func (e *Engine) reapIfIdle(en *env, token int, idle time.Duration) {
	e.mu.Lock()
	if e.closed || en.State != StateIdle || en.idleToken != token {
		e.mu.Unlock()
		return
	}
	reason := fmt.Sprintf("idle for %v", idle)
	e.dropLocked(en, StateReaped, reason)
	e.wg.Add(1)
	e.mu.Unlock()
	defer e.wg.Done()
	e.removeAndReport(en, StateReaped, reason)
}

// decodeResponse reads the workload's /invoke answer.
func decodeResponse(r io.Reader) (workload.Response, error) {
	var resp workload.Response
	err := json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&resp)
	return resp, err
}
