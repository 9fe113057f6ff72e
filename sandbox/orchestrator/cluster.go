// Package orchestrator is a small, faithful model of Kubernetes' control
// plane running real workloads: a Deployment owns ReplicaSets (one per pod
// template revision), ReplicaSets own Pods, a scheduler spreads Pods over
// nodes, a kubelet-like restart manager restarts containers with
// Kubernetes' exponential backoff and runs the HTTP probes, a node
// lifecycle controller notices lost nodes and evicts their Pods, and a
// Service (package service) balances traffic over ready endpoints.
//
// Each Pod has one container, and each container is one instance of a
// sandbox.Runtime: starting, killing and serving are real and run in real
// time. The control plane's timers (backoff, probe periods, node monitor
// grace period, eviction toleration, grace periods) run on a clock.Clock, so
// a demo can scale them ("timers x20") and fast-forward them.
//
// Everything the control plane does happens on one goroutine, driven by
// runtime events, timers, probe results and commands (no polling loops).
// Views and the CLI read Updates (events in kubectl's words plus a Snapshot).
//
// The files are named after the upstream components they model:
// deployment.go, replicaset.go, scheduler.go, nodelifecycle.go, endpoints.go
// (controllers), kubelet.go, probes.go and prober.go (the node agent; the
// demos' probes, and the probes a template sets itself), loop.go (the one
// goroutine, its mailbox, timers and publish), snapshot.go (what readers
// see), measure.go (the demos' measurements) and commands.go (what a demo
// or kubectl does to the cluster).
package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
)

// Kubernetes' defaults (the facts the lessons cite), in control-plane time.
const (
	BackoffInitial        = 10 * time.Second
	BackoffMax            = 300 * time.Second
	BackoffReset          = 10 * time.Minute // a container that ran this long restarts with the initial delay
	NodeLeaseRenew        = 10 * time.Second // the kubelet renews its node's lease (nodeLeaseDurationSeconds 40 × 0.25)
	NodeMonitorGrace      = 50 * time.Second // node-monitor-grace-period (since 1.32)
	NodeMonitorPeriod     = 5 * time.Second  // node-monitor-period: how often the node lifecycle controller looks at the leases
	TolerationSeconds     = 300 * time.Second
	TerminationGrace      = 30 * time.Second
	DefaultProbePeriod    = 10 * time.Second
	DefaultProbeTimeout   = time.Second // real time: the HTTP call is real
	DefaultProbeThreshold = 3
	ContainerName         = "web"
	ImageName             = "coldstart-workload"
)

// Probes are the demos' probe settings: a /healthz liveness and a /readyz
// readiness probe, for templates that set no probes of their own
// (Template.Probes, prober.go).
type Probes struct {
	Period           time.Duration // control-plane time
	Timeout          time.Duration // real time
	FailureThreshold int
}

// Config describes the cluster and its one Deployment.
type Config struct {
	Deployment string // default "web"
	Replicas   int    // default 3
	Nodes      int    // default 3
	Template   Template
	Probes     Probes
	// TrafficRate is the Service's steady load in requests per second;
	// 0 means 30, negative means no traffic.
	TrafficRate int
	// Refresh is how often (real time) a snapshot is published without
	// events, for counters and countdowns; default 250 ms.
	Refresh time.Duration
	// Seed makes pod names reproducible; 0 picks one.
	Seed uint64
	// Rollout is the Deployment's update strategy, minReadySeconds and
	// progress deadline (rollout.go).
	Rollout Rollout
}

func (c Config) withDefaults() Config {
	if c.Deployment == "" {
		c.Deployment = "web"
	}
	if c.Replicas <= 0 {
		c.Replicas = 3
	}
	if c.Nodes <= 0 {
		c.Nodes = 3
	}
	if c.Template.Version == "" {
		c.Template.Version = "v1"
	}
	if c.Probes.Period <= 0 {
		c.Probes.Period = DefaultProbePeriod
	}
	if c.Probes.Timeout <= 0 {
		c.Probes.Timeout = DefaultProbeTimeout
	}
	if c.Probes.FailureThreshold <= 0 {
		c.Probes.FailureThreshold = DefaultProbeThreshold
	}
	if c.TrafficRate == 0 {
		c.TrafficRate = 30
	}
	if c.Refresh <= 0 {
		c.Refresh = 250 * time.Millisecond
	}
	if c.Seed == 0 {
		c.Seed = uint64(time.Now().UnixNano())
	}
	return c
}

// Validate reports a configuration the demo cannot run.
func (c Config) Validate() error {
	switch {
	case c.Replicas < 0 || c.Replicas > MaxReplicas:
		return fmt.Errorf("replicas %d: want 1..%d", c.Replicas, MaxReplicas)
	case c.Nodes < 0 || c.Nodes > MaxNodes:
		return fmt.Errorf("nodes %d: want 1..%d", c.Nodes, MaxNodes)
	}
	return c.Rollout.Strategy.Validate()
}

// Bounds that keep a demo on a laptop.
const (
	MaxReplicas = 12
	MaxNodes    = 6
)

// Cluster is the running control plane and data plane.
type Cluster struct {
	cfg  Config
	rt   sandbox.Runtime
	clk  clock.Clock
	vclk *clock.Virtual // nil when the clock cannot fast-forward

	mb      *mailbox
	updates *stream
	quit    chan struct{} // ends the loop and the event forwarder
	loopWG  sync.WaitGroup
	opsWG   sync.WaitGroup // runtime calls in flight
	ctx     context.Context
	cancel  context.CancelFunc

	proxy   *service.Proxy
	traffic *service.Traffic

	snap    atomic.Pointer[Snapshot]
	chMu    sync.Mutex
	changed chan struct{}

	liveMu sync.Mutex
	live   map[string]bool // instance ids started and not yet removed

	// Loop-owned state below.
	rnd      *rand.Rand
	deploy   *deployment
	rss      []*replicaSet
	pods     map[string]*pod
	byInst   map[string]*pod
	nodes    []*node
	pending  []Event
	barriers []chan struct{} // closed after this batch's publish (sync)
	reasons  map[string]int  // events emitted so far, by reason
	measure  *measure        // the demos' numbers, from the published states
	readyLog readyLog        // its own lock: ReadyHistory reads it from any goroutine
	hpa      *hpaController  // nil until Autoscale (hpacontroller.go)
}

// New starts the cluster: the Service, the traffic, and the Deployment's
// pods (asynchronously; watch Updates). clk runs the control-plane timers;
// pass a *clock.Virtual to be able to fast-forward.
func New(rt sandbox.Runtime, clk clock.Clock, cfg Config) (*Cluster, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	proxy, err := service.Start()
	if err != nil {
		return nil, fmt.Errorf("start the Service proxy: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Cluster{
		cfg: cfg, rt: rt, clk: clk,
		mb: newMailbox(), updates: newStream(), quit: make(chan struct{}),
		ctx: ctx, cancel: cancel,
		proxy: proxy, changed: make(chan struct{}),
		live:    map[string]bool{},
		rnd:     rand.New(rand.NewPCG(cfg.Seed, cfg.Seed>>1|1)),
		pods:    map[string]*pod{},
		byInst:  map[string]*pod{},
		measure: newMeasure(),
		reasons: map[string]int{},
	}
	c.vclk, _ = clk.(*clock.Virtual)
	for i := 1; i <= cfg.Nodes; i++ {
		c.nodes = append(c.nodes, &node{name: fmt.Sprintf("node-%d", i), started: clk.Now(), cond: NodeReady})
	}
	c.clk.AfterFunc(NodeMonitorPeriod, c.monitorTick)
	c.deploy = &deployment{name: cfg.Deployment, replicas: cfg.Replicas, template: cfg.Template, strategy: cfg.Rollout.Strategy}
	c.deploy.ro.init(cfg.Rollout)
	c.publish(keepOnly)
	c.loopWG.Add(2)
	go c.loop()
	go c.forwardRuntimeEvents()
	c.post(func() {}) // the first reconcile creates the pods
	return c, nil
}

// Updates is the engine's stream of events and snapshots. There is one
// stream per cluster, for one reader; it is closed by Close.
func (c *Cluster) Updates() <-chan Update { return c.updates.out }

// Snapshot is the latest published state.
func (c *Cluster) Snapshot() *Snapshot { return c.snap.Load() }

// Changed is closed at the next publish; read Snapshot after it fires.
func (c *Cluster) Changed() <-chan struct{} {
	c.chMu.Lock()
	defer c.chMu.Unlock()
	return c.changed
}

// Runtime is the runtime the pods run on.
func (c *Cluster) Runtime() sandbox.Runtime { return c.rt }

// Config is the configuration the cluster started with (defaults filled in).
func (c *Cluster) Config() Config { return c.cfg }

// Clock is the clock the control-plane timers run on (presenter mode pauses
// and steps it when it is a *clock.Virtual).
func (c *Cluster) Clock() clock.Clock { return c.clk }

// ServiceLog is the Service's request log, oldest first: the last
// service.RecentRequests attempts.
func (c *Cluster) ServiceLog() []service.Request { return c.proxy.Log() }

// PodsLeft is how many instances this cluster started and has not removed:
// 0 after a clean Close.
func (c *Cluster) PodsLeft() int {
	c.liveMu.Lock()
	defer c.liveMu.Unlock()
	return len(c.live)
}

func (c *Cluster) trackLive(id string, alive bool) {
	c.liveMu.Lock()
	defer c.liveMu.Unlock()
	if alive {
		c.live[id] = true
	} else {
		delete(c.live, id)
	}
}

// ErrClosed is returned by commands after Close.
var ErrClosed = errors.New("the cluster is closed")

// startTrafficOnce starts the steady load once the first rollout is
// complete, so every failed request is one a disruption caused.
func (c *Cluster) startTrafficOnce() {
	if c.traffic == nil && c.cfg.TrafficRate > 0 && c.settled() {
		c.traffic = service.StartTraffic(c.proxy.URL(), c.cfg.TrafficRate)
	}
}

// Close stops the traffic and the control plane and removes every pod's
// container. Use a fresh context: Close runs on the way out.
func (c *Cluster) Close(ctx context.Context) error {
	select {
	case <-c.quit:
		return nil
	default:
	}
	c.mb.close() // from here on, finished runtime calls clean up after themselves
	close(c.quit)
	c.loopWG.Wait()
	if c.traffic != nil {
		c.traffic.Stop()
	}
	c.cancel() // abort waits and probes in flight
	c.opsWG.Wait()
	c.updates.close()
	perr := c.proxy.Close()

	var ids []string
	c.liveMu.Lock()
	for id := range c.live {
		ids = append(ids, id)
	}
	c.liveMu.Unlock()
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.rt.Remove(ctx, id)
			if err != nil && !errors.Is(err, sandbox.ErrNotFound) {
				// Once more: a removal racing this one (a kubelet's) may
				// still be in flight at the daemon, which then refuses.
				select {
				case <-time.After(500 * time.Millisecond):
					err = c.rt.Remove(ctx, id)
				case <-ctx.Done():
				}
			}
			if err == nil || errors.Is(err, sandbox.ErrNotFound) {
				c.trackLive(id, false)
				return
			}
			errs[i] = fmt.Errorf("remove %s: %w", id, err)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if perr != nil && !errors.Is(perr, context.DeadlineExceeded) {
		return perr
	}
	return nil
}

func (c *Cluster) nodeOf(p *pod) *node {
	for _, n := range c.nodes {
		if n.name == p.node {
			return n
		}
	}
	return nil
}

func (c *Cluster) sortedPods() []*pod {
	ps := slices.Collect(maps.Values(c.pods))
	sort.Slice(ps, func(i, j int) bool { return ps[i].name < ps[j].name })
	return ps
}
