package check

// The serverless engine: the learner's SAM template becomes a faas.Config,
// the steps drive a real faas.Engine, and every invocation the steps send
// is recorded for the measurements (serverless_measure.go).

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/manifest"
)

func init() { register(exercise.Serverless, Serverless{}) }

// UnreservedConcurrency is the concurrency a function without
// ReservedConcurrentExecutions gets: what is left to it of an account whose
// unreserved pool other functions share (the cold-start demo's limit).
const UnreservedConcurrency = 10

// AccountConcurrency is Lambda's default concurrency quota per account and
// Region: the most a function without ReservedConcurrentExecutions may grow to.
const AccountConcurrency = 1000

// IdleTimeout is how long an idle environment lives (the demo's): a `wait`
// longer than this scales the function to zero. Real Lambda keeps them for
// an unpublished while, minutes at least.
const IdleTimeout = 10 * time.Second

// AnswerLimit is how long a request waits for its answer; one still
// running then counts as failed (no answer), so a learner's 15-minute
// Timeout cannot hold the verdict for as long.
const AnswerLimit = time.Minute

// Serverless runs serverless exercises on a faas.Engine.
type Serverless struct {
	// Profile, when set, is the init every function has, whatever its
	// Runtime (tests use it); empty: ProfileFor the template's Runtime.
	Profile faas.Profile
	// Clock runs the engine's timers (idle reaping, timeouts) and `wait`;
	// nil is real time.
	Clock clock.Clock
}

// FunctionConfig maps a parsed SAM function to the engine's configuration.
func (s Serverless) FunctionConfig(f *manifest.Function) faas.Config {
	profile := s.Profile
	if profile == "" {
		profile = ProfileFor(f.Runtime)
	}
	cfg := faas.Config{
		MemoryMB:    f.MemoryMB,
		Profile:     profile,
		Concurrency: UnreservedConcurrency,
		Provisioned: f.Provisioned,
		IdleTimeout: IdleTimeout,
		Timeout:     f.Timeout,
		Env:         f.Env,
	}
	if f.Reserved != nil {
		cfg.Concurrency = *f.Reserved
	} else {
		cfg.Concurrency = max(cfg.Concurrency, f.Provisioned) // provisioned environments come out of the unreserved pool
	}
	return cfg
}

// ProfileFor is the init a SAM Runtime gets: java* and dotnet* start like a
// JVM (heavy: about 0.7 s of CPU at one vCPU), every other runtime (python*,
// nodejs*, provided*, ...) light, as their measured cold starts differ.
func ProfileFor(runtime string) faas.Profile {
	if strings.HasPrefix(runtime, "java") || strings.HasPrefix(runtime, "dotnet") {
		return faas.Heavy
	}
	return faas.Light
}

// Run implements Engine.
func (s Serverless) Run(ctx context.Context, rt sandbox.Runtime, ex *exercise.Exercise, files Files, progress func(Progress)) (exercise.Measurements, []string, error) {
	if len(ex.Files) == 0 {
		return nil, nil, fmt.Errorf("exercise %s lists no files", ex.ID)
	}
	name := ex.Files[0] // a serverless exercise's first file is its template
	progress(Progress{Text: "reading " + name})
	fn, mnotes, err := manifest.ParseSAM(name, files[name])
	var notes []string
	for _, n := range mnotes {
		notes = append(notes, n.String())
	}
	if err != nil {
		return nil, notes, filesError(err)
	}
	cfg := s.FunctionConfig(fn)
	if err := cfg.Validate(); err != nil {
		return nil, notes, &FilesError{Problems: []string{name + ": " + err.Error()}}
	}
	notes = append(notes, "runtime: "+rt.Describe())

	clk := s.Clock
	if clk == nil {
		clk = clock.Real()
	}
	r := &slsRun{cfg: cfg, reserved: fn.Reserved, rt: rt, clk: clk, progress: progress, of: len(ex.Steps), start: time.Now()}
	m, runErr := r.run(ctx, ex.Steps)
	if fn.Reserved == nil && m["throttled"].Num > 0 {
		// The model's number, which a learner cannot see anywhere else.
		r.notes = append(r.notes, fmt.Sprintf("%s sets no ReservedConcurrentExecutions: here the account's shared, unreserved pool leaves the function %d environments at once", name, cfg.Concurrency))
	}
	return m, append(notes, r.notes...), runErr
}

// filesError turns the parser's problems into a FilesError.
func filesError(err error) error {
	var ps manifest.Problems
	if !errors.As(err, &ps) {
		return err
	}
	fe := &FilesError{}
	for _, p := range ps {
		fe.Problems = append(fe.Problems, p.String())
	}
	return fe
}

// slsRun is one run of an exercise's steps.
type slsRun struct {
	cfg      faas.Config
	reserved *int // the template's ReservedConcurrentExecutions; nil: none
	rt       sandbox.Runtime
	clk      clock.Clock
	progress func(Progress)
	of       int
	start    time.Time

	e       *faas.Engine
	watched chan struct{} // closed when the engine's events are all read
	peaks   peaks

	load     *loader
	requests sync.WaitGroup // every request the steps sent

	mu         sync.Mutex
	sent       []sent
	deployedAt time.Time // when the last deploy finished
	notes      []string
}

// sent is one request and when it left.
type sent struct {
	at  time.Time
	inv faas.Invocation
}

// peaks are the highest values the engine's snapshots showed.
type peaks struct {
	mu          sync.Mutex
	concurrency int
	dbConns     int
}

func (r *slsRun) run(ctx context.Context, steps []exercise.Step) (exercise.Measurements, error) {
	for i, st := range steps {
		r.say(i+1, st.String())
		err := r.step(ctx, st)
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			r.close()
			return nil, fmt.Errorf("step %d (%s): %w", i+1, st, err)
		}
		r.say(i+1, st.String()+": "+r.status())
	}
	if r.e == nil {
		return nil, errors.New("the steps deployed nothing")
	}
	r.load.stop()
	r.requests.Wait()
	stats := r.e.Snapshot().Stats // billed up to the last answer, before the teardown
	r.close()
	return r.measure(stats), nil
}

// status is the run so far in a few words, for the line after each step.
func (r *slsRun) status() string {
	if r.e == nil {
		return "nothing deployed yet"
	}
	s := r.e.Snapshot()
	r.mu.Lock()
	sent := len(r.sent)
	r.mu.Unlock()
	return fmt.Sprintf("version %d, %d environments, %d requests answered (%d cold, %d throttled, %d failed otherwise)",
		s.Version, len(s.Envs), sent, s.Stats.Cold, s.Stats.Throttled, s.Stats.Timeouts+s.Stats.Errors)
}

func (r *slsRun) say(step int, text string) {
	r.progress(Progress{Step: step, Of: r.of, Text: text})
}

// step runs one step of the KnownSteps table.
func (r *slsRun) step(ctx context.Context, st exercise.Step) error {
	switch st.Name {
	case "deploy":
		if err := r.deploy(ctx, r.cfg); err != nil {
			return err
		}
		r.mu.Lock()
		r.deployedAt = time.Now()
		r.mu.Unlock()
		return nil
	case "deploy-bad":
		bad := r.cfg
		bad.InitFails = true
		return r.publish(bad)
	case "undo": // back to the learner's version, republished
		return r.deploy(ctx, r.cfg)
	case "load":
		r.loadAt(ctx, st.Count)
		return nil
	case "burst":
		r.burst(ctx, st.Count)
		return nil
	case "wait":
		return clock.Sleep(ctx, r.clk, st.Wait)
	}
	return fmt.Errorf("the serverless runner has no step %q", st.Name)
}

// deploy starts the engine with cfg, or publishes cfg as a new version, and
// waits until its provisioned environments are ready (deploy and undo).
func (r *slsRun) deploy(ctx context.Context, cfg faas.Config) error {
	if r.e == nil {
		e, err := faas.New(r.rt, r.clk, cfg)
		if err != nil {
			return err
		}
		r.e = e
		r.watched = make(chan struct{})
		go r.watch()
	} else if err := r.publish(cfg); err != nil {
		return err
	}
	if cfg.Provisioned > 0 {
		if err := r.e.WaitProvisioned(ctx); err != nil {
			r.note(fmt.Sprintf("provisioned concurrency was not ready: %v", err))
		}
	}
	return nil
}

// publish makes cfg the function's new version.
func (r *slsRun) publish(cfg faas.Config) error {
	if r.e == nil {
		return errors.New("nothing is deployed yet")
	}
	return r.e.Publish(cfg)
}

// watch follows the engine's events for the peaks and the status line.
func (r *slsRun) watch() {
	defer close(r.watched)
	for ev := range r.e.Events() {
		s := ev.Snapshot
		r.peaks.mu.Lock()
		r.peaks.concurrency = max(r.peaks.concurrency, s.InFlight)
		r.peaks.dbConns = max(r.peaks.dbConns, s.MaxStoreConns)
		r.peaks.mu.Unlock()
	}
}

// invoke sends one request, recording it.
func (r *slsRun) invoke(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, AnswerLimit)
	defer cancel()
	at := time.Now()
	inv := r.e.Invoke(ctx)
	r.record(at, inv)
}

func (r *slsRun) record(at time.Time, invs ...faas.Invocation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, inv := range invs {
		r.sent = append(r.sent, sent{at: at, inv: inv})
	}
}

// burst sends n requests at the same instant and waits for the answers.
func (r *slsRun) burst(ctx context.Context, n int) {
	if r.e == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, AnswerLimit)
	defer cancel()
	at := time.Now()
	r.requests.Add(1)
	defer r.requests.Done()
	r.record(at, r.e.Burst(ctx, n)...)
}

// loadAt sends n requests a second from now until the run ends; a second
// load changes the rate.
func (r *slsRun) loadAt(ctx context.Context, n int) {
	if r.e == nil {
		return
	}
	r.load.stop()
	r.load = startLoad(ctx, n, func(ctx context.Context) {
		r.requests.Add(1)
		go func() {
			defer r.requests.Done()
			r.invoke(ctx)
		}()
	})
}

func (r *slsRun) note(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, s)
}

// close stops the load, waits for every request, and removes every
// environment (the runtime is the caller's).
func (r *slsRun) close() {
	r.load.stop()
	r.requests.Wait()
	if r.e == nil {
		return
	}
	cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := r.e.Close(cctx); err != nil {
		r.note("cleaning up: " + err.Error())
	}
	<-r.watched
}

// loader sends requests at a steady rate until stopped.
type loader struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// startLoad calls send n times a second, evenly spread, until stop.
func startLoad(ctx context.Context, n int, send func(context.Context)) *loader {
	lctx, cancel := context.WithCancel(ctx)
	l := &loader{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		tick := time.NewTicker(time.Second / time.Duration(n))
		defer tick.Stop()
		send(ctx) // the first request leaves now, not one tick later
		for {
			select {
			case <-lctx.Done():
				return
			case <-tick.C:
				send(ctx)
			}
		}
	}()
	return l
}

// stop ends the load; requests already sent run to their answer.
func (l *loader) stop() {
	if l == nil {
		return
	}
	l.cancel()
	<-l.done
}
