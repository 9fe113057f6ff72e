package faas

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Kind says how an invocation was served.
type Kind string

const (
	KindCold      Kind = "cold"      // on a new environment: Init ran first
	KindWarm      Kind = "warm"      // on a reused idle environment
	KindThrottled Kind = "throttled" // refused at the concurrency limit (HTTP 429)
)

// Status is how an invocation ended.
type Status string

const (
	StatusOK        Status = "ok"
	StatusThrottled Status = "429 TooManyRequests"
	StatusTimeout   Status = "timeout"
	StatusError     Status = "error"
)

// Phases are an invocation's measured durations in milliseconds. A warm
// invocation has only Handler and Total.
type Phases struct {
	StartMS   float64 // Runtime.Start: create and start the environment
	ReadyMS   float64 // Runtime.WaitReady: runtime boot + init code until /readyz
	InitMS    float64 // init code as the workload measured it: within ReadyMS, but it may begin before Start returns (docker)
	HandlerMS float64 // handler, as the workload measured it
	TotalMS   float64 // end to end, as the caller saw it
	StoreMS   float64 // round trip to the shared store after the handler
}

// BootMS is the part of ReadyMS that was not init code: process boot,
// listening, the readiness poll (0 when init began before Start returned).
func (p Phases) BootMS() float64 { return max(0, p.ReadyMS-p.InitMS) }

// Invocation is one request to the function.
type Invocation struct {
	ID        int
	Kind      Kind
	Status    Status
	Err       string
	Env       string
	MemoryMB  int
	Profile   Profile
	Phases    Phases
	EnvCount  int64   // the environment's in-memory counter after this request
	Store     int64   // the shared store's counter after this request
	BilledMS  int64   // Lambda's billed duration
	GBSeconds float64 // billed GB-seconds

	// Provisioned: served by a provisioned environment (Kind warm, no Init),
	// billed at the provisioned duration price.
	Provisioned bool
}

// Reported is the running total this answer reported: the shared store's
// when the function counts there (COUNTER=store), else its environment's.
func (inv Invocation) Reported() int64 {
	if inv.Store > 0 {
		return inv.Store
	}
	return inv.EnvCount
}

// Burst sends n invocations at the same instant: all n are admitted (warm,
// cold or throttled) together, as simultaneous requests would be, then
// served concurrently. It waits for all of them.
func (e *Engine) Burst(ctx context.Context, n int) []Invocation {
	adm := make([]*admission, n)
	e.mu.Lock()
	for i := range adm {
		adm[i] = e.admitLocked(-1)
	}
	e.mu.Unlock()
	out := make([]Invocation, n)
	var wg sync.WaitGroup
	for i, a := range adm {
		wg.Go(func() { out[i] = e.run(ctx, a) })
	}
	wg.Wait()
	return out
}

// Invoke sends one request to the function and returns when it is answered,
// throttled or failed.
func (e *Engine) Invoke(ctx context.Context) Invocation { return e.InvokeWork(ctx, -1) }

// SlowWork is handler work (units) that runs past the default 3 s timeout
// even at 3538 MB: about 4 s of CPU at one vCPU.
const SlowWork = 6000

// InvokeWork is Invoke with the handler's CPU work set to units (see
// workload.EnvRequestWork); a negative units keeps the profile's default.
func (e *Engine) InvokeWork(ctx context.Context, units int) Invocation {
	e.mu.Lock()
	a := e.admitLocked(units)
	e.mu.Unlock()
	return e.run(ctx, a)
}

// admission is an invocation that was let in (or turned away).
type admission struct {
	inv   *Invocation
	en    *env // nil when the invocation is already over (throttled, closed)
	cfg   Config
	epoch int
	units int
	start time.Time
}

// admitLocked decides how an arriving request is served: on an idle
// environment (warm), on a new one (cold), or not at all (throttled).
func (e *Engine) admitLocked(units int) *admission {
	a := &admission{start: time.Now(), cfg: e.cfg, epoch: e.epoch, units: units}
	if e.closed {
		a.inv = &Invocation{Kind: KindThrottled, Status: StatusError, Err: errClosed.Error()}
		return a
	}
	e.invSeq++
	cfg := e.cfg
	inv := &Invocation{ID: e.invSeq, MemoryMB: cfg.MemoryMB, Profile: cfg.Profile}
	a.inv = inv
	en := e.takeIdleLocked()
	switch {
	case en != nil:
		inv.Kind, inv.Provisioned = KindWarm, en.Provisioned
	case e.flying >= cfg.Concurrency:
		inv.Kind, inv.Status = KindThrottled, StatusThrottled
		inv.Err = fmt.Sprintf("concurrency limit %d reached", cfg.Concurrency)
		inv.Phases.TotalMS = ms(time.Since(a.start))
		e.acct.record(inv)
		e.emitLocked(Event{Type: InvokeEnd, Invocation: clone(inv)})
		return a
	default:
		inv.Kind = KindCold
		en = e.newEnvLocked(false)
		e.acct.ColdStarts++
	}
	a.en = en
	e.flying++
	e.wg.Add(1)
	inv.Env = en.Name
	if inv.Kind == KindCold {
		e.emitLocked(Event{Type: EnvCreated, Env: en.Name})
	}
	e.emitLocked(Event{Type: InvokeStart, Env: en.Name, Invocation: clone(inv)})
	return a
}

// run serves an admitted invocation.
func (e *Engine) run(ctx context.Context, a *admission) Invocation {
	if a.en == nil {
		return *a.inv
	}
	defer e.wg.Done()
	inv := a.inv

	// Stop when the caller gives up or the engine closes.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(e.ctx, cancel)
	defer stop()

	usesStore, err := e.serve(ctx, a.en, a.cfg, inv, a.units)
	inv.Phases.TotalMS = ms(time.Since(a.start))
	if err == nil && usesStore {
		// The function's store call, made by the engine for it over the
		// environment's own connection (a container cannot reach the
		// store on the host's loopback).
		t := time.Now()
		inv.Store, err = a.en.db.incr(ctx, "invocations")
		inv.Phases.StoreMS = ms(time.Since(t))
		if err != nil {
			err = fmt.Errorf("function ran, but %w", err)
		}
	}
	e.finish(a.en, inv, a.epoch, err)
	return *inv
}

// newEnvLocked adds an environment of the current version to the pool; the
// caller starts it.
func (e *Engine) newEnvLocked(provisioned bool) *env {
	e.seq++
	en := &env{EnvInfo: EnvInfo{Name: fmt.Sprintf("env-%d", e.seq), State: StateStarting,
		MemoryMB: e.cfg.MemoryMB, Profile: e.cfg.Profile, Version: e.version, Provisioned: provisioned},
		db: e.envStoreClient()}
	e.envs = append(e.envs, en)
	return en
}

// takeIdleLocked reserves an idle environment of the current version, or
// returns nil. Like Lambda, it uses provisioned environments first, then the
// most recently used on-demand one (the warmest).
func (e *Engine) takeIdleLocked() *env {
	var spare *env
	for i := len(e.envs) - 1; i >= 0; i-- {
		en := e.envs[i]
		if en.State != StateIdle || en.Version != e.version {
			continue
		}
		if en.Provisioned {
			spare = en
			break
		}
		if spare == nil {
			spare = en
		}
	}
	if spare == nil {
		return nil
	}
	if spare.reap != nil {
		spare.reap.Stop()
	}
	spare.idleToken++ // a reap timer already firing sees a stale token
	spare.State = StateBusy
	return spare
}

// serve runs the request on en, starting en first for a cold invocation.
// It reports whether the function keeps its total in the shared store.
func (e *Engine) serve(ctx context.Context, en *env, cfg Config, inv *Invocation, units int) (usesStore bool, err error) {
	if inv.Kind == KindCold {
		if err := e.coldStart(ctx, en, cfg, &inv.Phases); err != nil {
			return false, err
		}
	}
	return e.handle(ctx, en, cfg, inv, units)
}

// coldStart creates and starts en and waits until it is ready, measuring
// the phases into ph.
func (e *Engine) coldStart(ctx context.Context, en *env, cfg Config, ph *Phases) error {
	ctx, cancel := context.WithTimeout(ctx, InitLimit)
	defer cancel()
	wl := cfg.Profile.workload()
	if cfg.InitFails {
		wl.CrashOnStart = 1
	}
	wl.Name = en.Name
	wl.Version = fmt.Sprintf("v%d", en.Version)
	spec := specFor(en.Name, cfg, wl)

	t := time.Now()
	inst, err := e.rt.Start(ctx, spec)
	d := time.Since(t)
	if err != nil {
		return fmt.Errorf("start %s: %w", en.Name, err)
	}
	ph.StartMS = ms(d)
	e.mu.Lock()
	en.id, en.addr, en.State = inst.ID, inst.Addr, StateInit
	e.emitLocked(Event{Type: EnvStarted, Env: en.Name, Duration: d})
	e.mu.Unlock()

	t = time.Now()
	if err := e.rt.WaitReady(ctx, inst.ID); err != nil {
		return fmt.Errorf("%s did not become ready: %w", en.Name, err)
	}
	d = time.Since(t)
	ph.ReadyMS = ms(d)
	if addr, err := e.rt.Addr(inst.ID); err == nil {
		en.addr = addr // not shared yet: the env is ours until it goes idle
	}
	e.mu.Lock()
	e.emitLocked(Event{Type: EnvReady, Env: en.Name, Duration: d})
	e.mu.Unlock()
	return nil
}

// errTimeout marks a handler stopped by the per-invocation timeout.
var errTimeout = errors.New("timed out")

// handle marks en busy and sends the request, stopping the environment if
// the handler runs past the timeout (on the clock).
func (e *Engine) handle(ctx context.Context, en *env, cfg Config, inv *Invocation, units int) (usesStore bool, _ error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var timedOut atomic.Bool
	timer := e.clk.AfterFunc(cfg.Timeout, func() {
		timedOut.Store(true)
		kctx, kcancel := context.WithTimeout(context.Background(), 10*time.Second)
		// The environment dies with its request, as in Lambda.
		if err := e.rt.Kill(kctx, en.id); err != nil && !errors.Is(err, sandbox.ErrNotFound) {
			slog.Warn("faas: kill a timed-out environment", "env", en.Name, "id", en.id, "err", err)
		}
		kcancel()
		cancel()
	})
	defer timer.Stop()
	// Busy only once the timeout is armed: whoever sees the event and
	// advances the clock must not get ahead of the timer.
	e.mu.Lock()
	en.State = StateBusy
	e.emitLocked(Event{Type: EnvBusy, Env: en.Name})
	e.mu.Unlock()

	t := time.Now()
	url := "http://" + en.addr + "/invoke"
	if units >= 0 {
		url += "?work=" + strconv.Itoa(units)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, err
	}
	resp, err := e.client.Do(req)
	if err == nil {
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s answered %s", en.Name, resp.Status)
		}
	}
	var count int64
	var counter string
	if err == nil {
		var wr workload.Response
		wr, err = decodeResponse(resp.Body)
		inv.Phases.HandlerMS = wr.HandlerMS
		if inv.Kind == KindCold {
			inv.Phases.InitMS = wr.InitMS
		}
		count, counter = wr.Count, wr.Counter
	}
	if timedOut.Load() {
		inv.Phases.HandlerMS = ms(time.Since(t))
		return false, fmt.Errorf("%w after %v: environment stopped", errTimeout, cfg.Timeout)
	}
	if err != nil {
		inv.Phases.HandlerMS = ms(time.Since(t))
		return false, fmt.Errorf("invoke %s: %w", en.Name, err)
	}
	inv.EnvCount = count
	return counter != workload.CounterMemory, nil
}

// finish records the outcome and returns en to the pool or removes it.
func (e *Engine) finish(en *env, inv *Invocation, epoch int, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.flying--
	inv.Status = StatusOK
	switch {
	case errors.Is(err, errTimeout):
		inv.Status, inv.Err = StatusTimeout, err.Error()
	case err != nil:
		inv.Status, inv.Err = StatusError, err.Error()
	}
	// Failed and timed-out invocations are billed for the time they ran, too.
	inv.BilledMS = BilledMS(inv.Phases.HandlerMS, inv.Phases.InitMS, inv.Kind == KindCold)
	inv.GBSeconds = GBSeconds(inv.BilledMS, inv.MemoryMB)
	if epoch == e.epoch {
		e.acct.record(inv)
		e.shared = max(e.shared, inv.Store)
	}

	if inv.Kind == KindCold && inv.Phases.InitMS > 0 {
		en.InitMS = inv.Phases.InitMS
		e.emitLocked(Event{Type: EnvInit, Env: en.Name, Duration: time.Duration(inv.Phases.InitMS * float64(time.Millisecond))})
	}
	if err == nil {
		en.Count = inv.EnvCount
		en.Invocations++
	}
	e.emitLocked(Event{Type: InvokeEnd, Env: en.Name, Invocation: clone(inv)})

	switch {
	case e.closed:
		// Close removes it.
	case err != nil:
		e.retireLocked(en, StateKilled, inv.Err)
	case en.Version != e.version:
		e.retireLocked(en, StateReaped, "replaced by version "+fmt.Sprint(e.version))
	default:
		e.idleLocked(en)
		e.emitLocked(Event{Type: EnvIdle, Env: en.Name})
	}
}

// specFor is the runtime spec of one environment: the function's environment
// variables under the workload's settings, memory, and CPU in proportion to
// it as Lambda allocates it.
func specFor(name string, cfg Config, wl workload.Config) sandbox.Spec {
	env := maps.Clone(cfg.Env)
	if env == nil {
		env = map[string]string{}
	}
	maps.Copy(env, wl.Env()) // ours win (Validate already rejects a clash)
	return sandbox.Spec{
		Name:     name,
		Labels:   map[string]string{"dev.coldstart.demo": "cold-start"},
		Env:      env,
		MemoryMB: cfg.MemoryMB,
		CPUs:     cfg.CPUs(),
	}
}

func clone(inv *Invocation) *Invocation { c := *inv; return &c }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
