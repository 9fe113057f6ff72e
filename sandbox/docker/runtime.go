package docker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Defaults for specs that leave a limit at zero.
const (
	DefaultMemoryMB = 256
	DefaultPids     = 128
)

// LabelHost is the hostname of the machine whose coldstart made an object:
// a pid only means something there, so the sweep leaves other hosts' alone.
const LabelHost = "dev.coldstart.host"

var port = network.MustParsePort(containerPort + "/tcp")

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
	since    time.Time
	cpu      cpuSample
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
		eng.removeSession(rmCtx, r.session) // by label: never the default bridge
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
		_, err := r.eng.cli.NetworkCreate(ctx, name, client.NetworkCreateOptions{Driver: "bridge", Labels: r.labels()})
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

// labels are the labels of every object of this session.
func (r *Runtime) labels() map[string]string {
	host, _ := os.Hostname()
	return map[string]string{
		sandbox.LabelManaged: "true",
		sandbox.LabelSession: r.session,
		sandbox.LabelPID:     strconv.Itoa(os.Getpid()),
		LabelHost:            host,
	}
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

// Start creates and starts a container for spec and returns once the
// daemon reported it started, with its published address.
func (r *Runtime) Start(ctx context.Context, spec sandbox.Spec) (sandbox.Instance, error) {
	if spec.Name == "" {
		return sandbox.Instance{}, errors.New("docker: an instance needs a name")
	}
	r.mu.Lock()
	switch {
	case r.closed:
		r.mu.Unlock()
		return sandbox.Instance{}, errors.New("docker: the runtime is closed")
	case r.names[spec.Name]:
		r.mu.Unlock()
		return sandbox.Instance{}, fmt.Errorf("docker: an instance named %q already exists", spec.Name)
	}
	r.names[spec.Name] = true
	r.starting.Add(1)
	r.mu.Unlock()
	defer r.starting.Done()

	created, err := r.eng.cli.ContainerCreate(ctx, r.createOptions(spec))
	if err != nil {
		r.mu.Lock()
		delete(r.names, spec.Name)
		r.mu.Unlock()
		return sandbox.Instance{}, r.eng.wrap("create "+spec.Name, err)
	}
	inst := &instance{id: created.ID, name: spec.Name}
	r.mu.Lock()
	r.byID[inst.id] = inst
	r.mu.Unlock()

	out, err := r.run(ctx, inst)
	if err != nil {
		rmCtx, cancel := detached(ctx, 10*time.Second)
		defer cancel()
		r.Remove(rmCtx, inst.id)
		return sandbox.Instance{}, err
	}
	return out, nil
}

// createOptions is the hardened container for spec.
func (r *Runtime) createOptions(spec sandbox.Spec) client.ContainerCreateOptions {
	env := map[string]string{workload.EnvName: spec.Name}
	for k, v := range spec.Env {
		env[k] = v
	}
	env[workload.EnvAddr] = "0.0.0.0"
	env[workload.EnvPort] = containerPort
	envList := make([]string, 0, len(env))
	for k, v := range env {
		envList = append(envList, k+"="+v)
	}
	slices.Sort(envList)

	labels := map[string]string{}
	for k, v := range spec.Labels {
		labels[k] = v
	}
	for k, v := range r.labels() { // ours win
		labels[k] = v
	}
	labels[sandbox.LabelName] = spec.Name

	memMB := spec.MemoryMB
	if memMB <= 0 {
		memMB = DefaultMemoryMB
	}
	pids := int64(DefaultPids)
	uid := strconv.Itoa(userID)
	return client.ContainerCreateOptions{
		Name: containerName(r.session, spec.Name),
		Config: &container.Config{
			Image:        r.image.Ref,
			User:         uid + ":" + uid,
			Env:          envList,
			Labels:       labels,
			ExposedPorts: network.PortSet{port: {}},
		},
		HostConfig: &container.HostConfig{
			NetworkMode: container.NetworkMode(r.netName),
			PortBindings: network.PortMap{port: {{
				HostIP:   netip.MustParseAddr("127.0.0.1"),
				HostPort: "", // an ephemeral port, new at every start
			}}},
			ReadonlyRootfs: true,
			CapDrop:        []string{"ALL"},
			SecurityOpt:    []string{"no-new-privileges"},
			Resources: container.Resources{
				Memory:     int64(memMB) << 20,
				MemorySwap: int64(memMB) << 20, // no swap: the limit is the limit
				NanoCPUs:   int64(math.Round(spec.CPUs * 1e9)),
				PidsLimit:  &pids,
			},
		},
	}
}

// containerName is unique per session and readable in `docker ps`.
func containerName(session, name string) string {
	clean := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			return c
		}
		return '-'
	}, name)
	return "coldstart-" + session + "-" + clean
}

// run starts inst's container (again), waits for the daemon's start event
// so a later ready event cannot overtake it, and reads the new host port.
func (r *Runtime) run(ctx context.Context, inst *instance) (sandbox.Instance, error) {
	r.mu.Lock()
	inst.started, inst.exited = make(chan struct{}), make(chan struct{})
	inst.addr, inst.oom, inst.ready, inst.killed, inst.exitCode = "", false, false, false, 0
	inst.cpu = cpuSample{}
	started := inst.started
	r.mu.Unlock()

	if _, err := r.eng.cli.ContainerStart(ctx, inst.id, client.ContainerStartOptions{}); err != nil {
		return sandbox.Instance{}, r.eng.wrap("start "+inst.name, err)
	}
	select {
	case <-started:
	case <-time.After(5 * time.Second): // the event stream is late or broken
		r.queueStarted(inst.id, inst.name, time.Now())
	case <-ctx.Done():
		return sandbox.Instance{}, ctx.Err()
	}
	info, err := r.eng.cli.ContainerInspect(ctx, inst.id, client.ContainerInspectOptions{})
	if err != nil {
		return sandbox.Instance{}, r.eng.wrap("inspect "+inst.name, err)
	}
	addr := publishedAddr(info.Container)
	since, _ := time.Parse(time.RFC3339Nano, info.Container.State.StartedAt)
	r.mu.Lock()
	inst.addr, inst.since = addr, since
	r.mu.Unlock()
	return sandbox.Instance{ID: inst.id, Name: inst.name, Addr: addr}, nil
}

// publishedAddr is where the workload port is published on the host; empty
// when the container is not running any more.
func publishedAddr(c container.InspectResponse) string {
	if c.NetworkSettings == nil {
		return ""
	}
	for _, b := range c.NetworkSettings.Ports[port] {
		if b.HostPort != "" {
			host := "127.0.0.1"
			if b.HostIP.IsValid() && !b.HostIP.IsUnspecified() {
				host = b.HostIP.String()
			}
			return net.JoinHostPort(host, b.HostPort)
		}
	}
	return ""
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

// Restart starts an exited instance again; it gets a new host port.
func (r *Runtime) Restart(ctx context.Context, id string) (sandbox.Instance, error) {
	inst, err := r.get(id)
	if err != nil {
		return sandbox.Instance{}, err
	}
	info, err := r.eng.cli.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	if err != nil {
		return sandbox.Instance{}, r.eng.wrap("inspect "+inst.name, err)
	}
	if info.Container.State != nil && info.Container.State.Running {
		return sandbox.Instance{}, fmt.Errorf("docker: %s is still running; stop or kill it before restarting", inst.name)
	}
	// The die event may still be on its way (it trails a kill by ~0.1 s):
	// wait for it so the new run's events follow the old run's exit.
	r.mu.Lock()
	exited := inst.exited
	r.mu.Unlock()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		r.queueExited(id, inst.name, time.Now(), exitCodeOf(info.Container), false)
	case <-ctx.Done():
		return sandbox.Instance{}, ctx.Err()
	}
	return r.run(ctx, inst)
}

func exitCodeOf(c container.InspectResponse) int {
	if c.State == nil {
		return 0
	}
	return c.State.ExitCode
}

// Addr is the instance's current host:port (empty while it is not running).
func (r *Runtime) Addr(id string) (string, error) {
	inst, err := r.get(id)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return inst.addr, nil
}

// WaitReady polls GET /readyz on the published port until it answers 200.
// A TCP connect is not enough: docker-proxy accepts connections before the
// workload listens. It gives up as soon as the instance exits.
func (r *Runtime) WaitReady(ctx context.Context, id string) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	r.mu.Lock()
	exited, addr := inst.exited, inst.addr
	r.mu.Unlock()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		r.mu.Lock()
		down := r.down
		r.mu.Unlock()
		if down != nil {
			return down
		}
		if addr != "" && r.readyz(ctx, addr) {
			r.mu.Lock()
			if !inst.ready && inst.exited == exited {
				inst.ready = true
				r.events.Push(sandbox.Event{Time: time.Now(), Type: sandbox.EventReady, ID: id, Name: inst.name})
			}
			r.mu.Unlock()
			return nil
		}
		select {
		case <-exited:
			r.mu.Lock()
			code := inst.exitCode
			r.mu.Unlock()
			return fmt.Errorf("docker: %s exited with code %d before it was ready", inst.name, code)
		case <-ctx.Done():
			return fmt.Errorf("docker: %s not ready: %w", inst.name, ctx.Err())
		case <-tick.C:
		}
	}
}

func (r *Runtime) readyz(ctx context.Context, addr string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/readyz", nil)
	if err != nil {
		return false
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Stop sends SIGTERM and kills the container after grace (rounded up to
// whole seconds: the daemon's unit). Stopping an exited instance is a no-op.
func (r *Runtime) Stop(ctx context.Context, id string, grace time.Duration) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	secs := int(math.Ceil(grace.Seconds()))
	r.markKilled(inst)
	_, err = r.eng.cli.ContainerStop(ctx, id, client.ContainerStopOptions{Timeout: &secs})
	return r.eng.wrap("stop "+inst.name, err)
}

// Kill sends SIGKILL. Killing an exited instance is a no-op.
func (r *Runtime) Kill(ctx context.Context, id string) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	r.markKilled(inst)
	_, err = r.eng.cli.ContainerKill(ctx, id, client.ContainerKillOptions{Signal: "KILL"})
	if cerrdefs.IsConflict(err) { // "is not running"
		return nil
	}
	return r.eng.wrap("kill "+inst.name, err)
}

// Remove force-removes the container and forgets the instance, once its
// exited event (if it was running) is queued.
func (r *Runtime) Remove(ctx context.Context, id string) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	if err := r.remove(ctx, inst); err != nil {
		return err
	}
	r.mu.Lock()
	delete(r.byID, id)
	delete(r.names, inst.name)
	r.mu.Unlock()
	return nil
}

func (r *Runtime) remove(ctx context.Context, inst *instance) error {
	r.mu.Lock()
	started, exited := inst.started, inst.exited
	inst.killed = true
	r.mu.Unlock()
	_, err := r.eng.cli.ContainerRemove(ctx, inst.id, client.ContainerRemoveOptions{Force: true})
	if err != nil && !cerrdefs.IsNotFound(err) {
		return r.eng.wrap("remove "+inst.name, err)
	}
	if started == nil || !isClosed(started) {
		return nil // never ran: no exit to report
	}
	select {
	case <-exited:
	case <-time.After(3 * time.Second): // the event stream is late or broken
		r.queueExited(inst.id, inst.name, time.Now(), 137, true)
	case <-ctx.Done():
	}
	return nil
}

// markKilled notes that an exit by SIGKILL is ours, not the memory limit's.
func (r *Runtime) markKilled(inst *instance) {
	r.mu.Lock()
	inst.killed = true
	r.mu.Unlock()
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
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
