package docker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// Options configure New.
type Options struct {
	// Engine is an existing connection; nil connects to the default daemon.
	// The runtime closes it on Close either way.
	Engine *Engine
	// Progress hears about slow preparation steps (image build, sweep).
	Progress func(string)
}

// Runtime runs instances as hardened containers on one labelled bridge
// network per session. It is safe for concurrent use.
type Runtime struct {
	eng     *Engine
	image   Image
	session string
	netName string
	events  *sandbox.EventQueue
	http    *http.Client

	stopWatch context.CancelFunc
	watchDone chan struct{}
	closeOnce sync.Once
	closeErr  error

	mu       sync.Mutex
	closed   bool
	down     error          // why the daemon's event stream is broken, if it is
	starting sync.WaitGroup // Starts in flight, which Close waits for
	byID     map[string]*instance
	names    map[string]bool // names in use, reserved before the container exists
}

// instance is our bookkeeping for one container. A "run" is one start of
// it; started and exited are replaced at every (re)start.
type instance struct {
	id, name string
	addr     string
	started  chan struct{} // closed once the run's started event was queued
	exited   chan struct{} // closed once the run's exited event was queued
	exitCode int
	oom      bool // an oom event was queued for this run
	ready    bool // a ready event was queued for this run
	killed   bool // we asked for this run to end (Kill, Stop, Remove)
	// removing is closed when the remove in flight ends, with removeErr:
	// a second Remove (a controller's garbage collection racing Close)
	// waits for it instead of asking the daemon again, which answers 409
	// "removal already in progress".
	removing  chan struct{}
	removeErr error
	since     time.Time
	cpu       cpuSample
}

type cpuSample struct {
	total uint64 // ns of CPU used
	at    time.Time
}

// New connects (unless opts.Engine is set), prepares the workload image,
// sweeps leftovers of dead sessions, creates this session's network and
// starts listening to the daemon's events. Close it when done (defer it:
// Close works after Ctrl-C and panics too).
func New(ctx context.Context, opts Options) (_ *Runtime, err error) {
	eng := opts.Engine
	if eng == nil {
		if eng, err = Connect(ctx); err != nil {
			return nil, err
		}
	}
	defer func() {
		if err != nil {
			eng.Close()
		}
	}()
	say := func(s string) {
		if opts.Progress != nil {
			opts.Progress(s)
		}
	}
	img, err := eng.PrepareImage(ctx, opts.Progress)
	if err != nil {
		return nil, err
	}
	if removed, err := eng.Sweep(ctx); err != nil {
		say("could not sweep leftovers of earlier sessions: " + err.Error())
	} else if len(removed) > 0 {
		say(fmt.Sprintf("removed %d leftovers of earlier sessions", len(removed)))
	}

	r := &Runtime{
		eng:       eng,
		image:     img,
		session:   newSession(),
		events:    sandbox.NewEventQueue(),
		http:      &http.Client{Timeout: 2 * time.Second},
		watchDone: make(chan struct{}),
		byID:      map[string]*instance{},
		names:     map[string]bool{},
	}
	if r.netName, err = r.createNetwork(ctx, say); err != nil {
		r.events.Close()
		return nil, err
	}
	if err := r.watch(ctx); err != nil {
		r.events.Close()
		rmCtx, cancel := detached(ctx, 10*time.Second)
		defer cancel()
		if _, rmErr := eng.removeSession(rmCtx, r.session); rmErr != nil { // by label: never the default bridge
			slog.Warn("docker: could not remove the network of a runtime that failed to start", "err", rmErr, "session", r.session)
		}
		return nil, err
	}
	return r, nil
}

// createNetwork makes the session's own bridge network. When the daemon has
// no address pool left (about 30 bridge networks exist), it waits a little
// for other sessions to end, then settles for the default bridge network,
// which it never removes.
func (r *Runtime) createNetwork(ctx context.Context, say func(string)) (string, error) {
	name := "coldstart-" + r.session
	for attempt := 0; ; attempt++ {
		_, err := r.eng.cli.NetworkCreate(ctx, name, client.NetworkCreateOptions{Driver: "bridge", Labels: sessionLabels(r.session)})
		switch {
		case err == nil:
			return name, nil
		case !strings.Contains(err.Error(), "address pool"):
			return "", r.eng.wrap("create network "+name, err)
		case attempt == 10:
			say("Docker has no free address pool for another network; using the default bridge network")
			return "bridge", nil
		}
		select {
		case <-time.After(300 * time.Millisecond):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

func newSession() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Name is "docker".
func (r *Runtime) Name() string { return "docker" }

// Session is the id in this runtime's sandbox.LabelSession labels.
func (r *Runtime) Session() string { return r.session }

// Image is the workload image the instances run.
func (r *Runtime) Image() Image { return r.image }

// Engine is the daemon connection.
func (r *Runtime) Engine() *Engine { return r.eng }

// Describe says which daemon runs the instances and what is enforced.
func (r *Runtime) Describe() string {
	return fmt.Sprintf("docker %s (API %s): memory, CPU and pids limits enforced; read-only, non-root, no capabilities",
		r.eng.Version, r.eng.APIVersion)
}

// Events delivers the instances' events, stamped by the daemon.
func (r *Runtime) Events() <-chan sandbox.Event { return r.events.Out() }

// placement is where this runtime's containers go.
func (r *Runtime) placement() placement {
	return placement{session: r.session, image: r.image.Ref, network: r.netName, labels: sessionLabels(r.session)}
}

func (r *Runtime) get(id string) (*instance, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	inst, ok := r.byID[id]
	if !ok {
		return nil, fmt.Errorf("docker: instance %q: %w", id, sandbox.ErrNotFound)
	}
	return inst, nil
}

// Close removes this session's containers and network (never the image,
// which is cached for the next run), then closes Events. It is safe to call
// more than once, and after ctx was cancelled (Ctrl-C).
func (r *Runtime) Close(ctx context.Context) error {
	r.closeOnce.Do(func() {
		ctx, cancel := detached(ctx, 30*time.Second)
		defer cancel()
		r.mu.Lock()
		r.closed = true
		r.mu.Unlock()
		r.starting.Wait() // so no container appears after the sweep below
		r.mu.Lock()
		insts := make([]*instance, 0, len(r.byID))
		for _, inst := range r.byID {
			insts = append(insts, inst)
		}
		r.mu.Unlock()

		var wg sync.WaitGroup
		errs := make([]error, len(insts)+2)
		for i, inst := range insts {
			wg.Go(func() { errs[i] = r.remove(ctx, inst) })
		}
		wg.Wait()
		// Containers this runtime lost track of (a Start interrupted
		// between create and bookkeeping) carry the session label too.
		_, errs[len(insts)] = r.eng.removeSession(ctx, r.session)
		r.stopWatch()
		<-r.watchDone
		r.events.Close()
		errs[len(insts)+1] = r.eng.Close()
		r.closeErr = errors.Join(errs...)
	})
	return r.closeErr
}
