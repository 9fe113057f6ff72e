package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// Metric is where the autoscaler's per-pod metric comes from. Every
// reading is measured: container CPU from the runtime, or requests the
// Service really forwarded.
type Metric interface {
	Name() string     // "cpu" or "rps"
	Unit() string     // "%" or "req/s"
	Describe() string // one line for the view
	// Read measures the per-pod average over the ready pods of s and
	// how many pods it came from.
	Read(ctx context.Context, c *Cluster, s *Snapshot) (avg float64, pods int, err error)
}

// CPUMetric is CPU utilization in percent of the pods' CPU request (the
// template's CPUs), read from the runtime's container stats, like
// metrics-server reading the kubelet.
type CPUMetric struct{}

func (CPUMetric) Name() string { return "cpu" }
func (CPUMetric) Unit() string { return "%" }
func (CPUMetric) Describe() string {
	return "CPU utilization, % of each pod's CPU request, from container stats"
}

func (CPUMetric) Read(ctx context.Context, c *Cluster, s *Snapshot) (float64, int, error) {
	request := c.Config().Template.CPUs
	if request <= 0 {
		request = 1
	}
	var ids []string
	for _, p := range s.Pods {
		if p.Ready && p.Instance != "" {
			ids = append(ids, p.Instance)
		}
	}
	type reading struct {
		pct float64
		err error
	}
	out := make([]reading, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids { // one stats call per container, at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := c.Runtime().Stats(ctx, id)
			out[i] = reading{st.CPUPercent, err}
		}()
	}
	wg.Wait()
	var sum float64
	n := 0
	for _, r := range out {
		if errors.Is(r.err, sandbox.ErrStatsUnavailable) {
			return 0, 0, r.err
		}
		if r.err != nil {
			continue // gone between the snapshot and now
		}
		sum += r.pct / request
		n++
	}
	if n == 0 {
		return 0, 0, nil
	}
	return sum / float64(n), n, nil
}

// RateMetric is requests per second per ready pod: the requests the
// Service forwarded successfully over the last Window (real time, at most
// service.WindowMax), divided by the ready pods (the Service balances
// round-robin). It reads the Service's counters, never its log.
type RateMetric struct{ Window time.Duration }

func (RateMetric) Name() string { return "rps" }
func (RateMetric) Unit() string { return "req/s" }
func (RateMetric) Describe() string {
	return "requests per second per ready pod, counted at the Service"
}

func (m RateMetric) Read(_ context.Context, c *Cluster, s *Snapshot) (float64, int, error) {
	w := m.Window
	if w <= 0 {
		w = 2 * time.Second
	}
	ready := 0
	for _, p := range s.Pods {
		if p.Ready {
			ready++
		}
	}
	if ready == 0 {
		return 0, 0, nil
	}
	return c.proxy.Window(w).Rate() / float64(ready), ready, nil
}

// MetricFor picks the metric a runtime can measure: container CPU on
// docker, the Service's request rate elsewhere.
func MetricFor(rt sandbox.Runtime) Metric {
	if rt.Name() == "docker" {
		return CPUMetric{}
	}
	return RateMetric{}
}

// Autoscaler is a HorizontalPodAutoscaler controller for the cluster's
// Deployment: every SyncPeriod (control-plane time) it measures the metric,
// decides with HPA and scales the Deployment.
type Autoscaler struct {
	c      *Cluster
	clk    clock.Clock
	metric Metric
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	hpa     *HPA
	history []Decision
	lastErr error
	timer   clock.Timer
	busy    bool // a sync is measuring
	closed  bool
	changed chan struct{}
}

// maxHistory bounds the decisions kept for views and summaries.
const maxHistory = 400

// NewAutoscaler starts the HPA controller on clk (the cluster's clock).
func NewAutoscaler(c *Cluster, clk clock.Clock, spec HPASpec, m Metric) (*Autoscaler, error) {
	spec = spec.WithDefaults()
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &Autoscaler{c: c, clk: clk, metric: m, hpa: NewHPA(spec), ctx: ctx, cancel: cancel, changed: make(chan struct{})}
	a.mu.Lock()
	a.schedule()
	a.mu.Unlock()
	return a, nil
}

func (a *Autoscaler) schedule() {
	if !a.closed {
		a.timer = a.clk.AfterFunc(a.hpa.Spec.SyncPeriod, a.sync)
	}
}

// sync is one run of the controller (in the timer's goroutine). The next
// sync is scheduled first, so they keep their period; a sync that comes
// while the previous one is still measuring is skipped.
func (a *Autoscaler) sync() {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.schedule()
	if a.busy {
		a.mu.Unlock()
		return
	}
	a.busy = true
	a.wg.Add(1)
	a.mu.Unlock()
	defer a.wg.Done()

	s := a.c.Snapshot()
	avg, n, err := a.metric.Read(a.ctx, a.c, s)
	a.mu.Lock()
	d := a.hpa.Decide(a.clk.Now(), s.Replicas, n, avg)
	a.mu.Unlock()
	if d.Desired != s.Replicas {
		if serr := a.c.Scale(d.Desired); serr != nil && err == nil {
			err = fmt.Errorf("scale to %d: %w", d.Desired, serr)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.busy = false
	a.history = append(a.history, d)
	if len(a.history) > maxHistory {
		a.history = a.history[len(a.history)-maxHistory:]
	}
	a.lastErr = err
	if a.closed { // Close ran while this sync measured: it closed changed
		return
	}
	close(a.changed)
	a.changed = make(chan struct{})
}

// AutoscalerStatus is what `kubectl get hpa` and `describe hpa` show.
type AutoscalerStatus struct {
	Spec     HPASpec
	Metric   string // "cpu" or "rps"
	Unit     string
	Describe string
	History  []Decision // oldest first
	Err      error      // of the last sync
}

// Last is the latest decision; false before the first sync.
func (s AutoscalerStatus) Last() (Decision, bool) {
	if len(s.History) == 0 {
		return Decision{}, false
	}
	return s.History[len(s.History)-1], true
}

// Status copies the controller's state.
func (a *Autoscaler) Status() AutoscalerStatus {
	a.mu.Lock()
	defer a.mu.Unlock()
	return AutoscalerStatus{
		Spec: a.hpa.Spec, Metric: a.metric.Name(), Unit: a.metric.Unit(), Describe: a.metric.Describe(),
		History: append([]Decision(nil), a.history...), Err: a.lastErr,
	}
}

// Changed is closed after the next sync, and by Close.
func (a *Autoscaler) Changed() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.changed
}

// Close stops the controller and waits for a sync in flight.
func (a *Autoscaler) Close() {
	a.mu.Lock()
	if !a.closed {
		close(a.changed) // wakes the watchers; no sync replaces it any more
	}
	a.closed = true
	if a.timer != nil {
		a.timer.Stop()
	}
	a.mu.Unlock()
	a.cancel()
	a.wg.Wait()
}

// SetLoad changes the Service's steady load: rate requests per second, each
// asking for work units of CPU work (0: the workload's default). It fails
// before the traffic has started (after the first rollout).
func (c *Cluster) SetLoad(rate, work int) error {
	var tr interface {
		SetRate(int)
		SetWork(int)
	}
	if err := c.call(func() {
		if c.traffic != nil {
			tr = c.traffic
		}
	}); err != nil {
		return err
	}
	if tr == nil {
		return ErrNoTraffic
	}
	tr.SetWork(work)
	tr.SetRate(rate)
	return nil
}

// ErrNoTraffic: the steady load starts once the first rollout is complete.
var ErrNoTraffic = errors.New("the traffic has not started yet: it starts once the first rollout is complete")
