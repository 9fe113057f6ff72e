package orchestrator

import (
	"context"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// hpaController is the HorizontalPodAutoscaler controller. The loop runs
// it like every controller: its sync is a control-plane timer, and the
// metric reading (container stats are I/O) runs off the loop and posts its
// result back, where HPA.Decide chooses and the Deployment is scaled.
type hpaController struct {
	hpa     *HPA
	metric  Metric
	timer   clock.Timer
	next    time.Time // the next sync, control-plane time; zero once stopped
	busy    bool      // a reading is in flight: a sync that comes meanwhile is skipped
	history []Decision
	syncs   int
	err     error
}

// maxHistory bounds the decisions kept for views and summaries (100
// minutes of control-plane time at the default sync period).
const maxHistory = 400

// Autoscale runs a HorizontalPodAutoscaler on the Deployment, like `kubectl
// autoscale`; a second call replaces it (a changed HPA applied). metric is
// "cpu", "rps" or "" for DefaultMetric of the runtime. The first sync is one
// SyncPeriod away. Its status is Snapshot.Autoscaler; each rescale is a
// SuccessfulRescale event carrying the decision.
func (c *Cluster) Autoscale(spec HPASpec, metric string) error {
	if metric == "" {
		metric = DefaultMetric(c.rt)
	}
	m, err := metricNamed(metric)
	if err != nil {
		return err
	}
	return c.autoscale(spec, m)
}

func (c *Cluster) autoscale(spec HPASpec, m Metric) error {
	spec = spec.WithDefaults()
	if err := spec.Validate(); err != nil {
		return err
	}
	return c.call(func() {
		c.stopHPA()
		c.hpa = &hpaController{hpa: NewHPA(spec), metric: m}
		c.scheduleHPA(c.hpa)
	})
}

// stopHPA stops the controller; its status stays in the snapshot.
func (c *Cluster) stopHPA() {
	if h := c.hpa; h != nil && h.timer != nil {
		h.timer.Stop()
		h.timer, h.next = nil, time.Time{}
	}
}

// scheduleHPA sets the next sync one period after the last one was due, so
// syncs keep their period whatever a reading takes.
func (c *Cluster) scheduleHPA(h *hpaController) {
	now, period := c.clk.Now(), h.hpa.Spec.SyncPeriod
	h.next = h.next.Add(period)
	if !h.next.After(now) { // the first sync, or the clock jumped
		h.next = now.Add(period)
	}
	h.timer = c.after(h.next.Sub(now), func() { c.syncHPA(h) })
}

func (c *Cluster) syncHPA(h *hpaController) {
	if c.hpa != h || h.timer == nil {
		return // replaced or stopped
	}
	c.scheduleHPA(h)
	if h.busy {
		return
	}
	h.busy = true
	m, s := h.metric, c.snap.Load()
	if r, ok := m.(RateMetric); ok && r.Window <= 0 {
		scale := 1.0
		if c.vclk != nil {
			scale = c.vclk.Factor()
		}
		m = RateMetric{Window: rateWindow(h.hpa.Spec.SyncPeriod, scale)}
	}
	c.goOp(func(ctx context.Context) {
		avg, n, err := m.Read(ctx, c, s)
		c.post(func() { c.decideHPA(h, avg, n, err) })
	})
}

// decideHPA runs the HPA's algorithm on a reading and scales the Deployment.
func (c *Cluster) decideHPA(h *hpaController, avg float64, n int, err error) {
	h.busy = false
	if c.hpa != h || h.timer == nil {
		return
	}
	current := c.deploy.replicas
	d := h.hpa.Decide(c.clk.Now(), current, n, avg)
	if err != nil && n == 0 {
		d.Reason = ReasonFailedGetMetrics + ": " + err.Error()
	}
	if err != nil && (h.err == nil || h.err.Error() != err.Error()) {
		c.emit(Warning, ReasonFailedGetMetrics, c.hpaObject(), fmt.Sprintf("failed to get %s metric: %v", h.metric.Name(), err))
	}
	h.err = err
	h.syncs++
	// Snapshots share the history: the loop only appends, and a snapshot's
	// slice ends at its length, so no later append writes where one looks.
	h.history = append(h.history[max(0, len(h.history)+1-maxHistory):], d)
	if d.Desired == current {
		return
	}
	c.deploy.replicas = d.Desired
	c.emit(Normal, ReasonSuccessfulRescale, c.hpaObject(), rescaleMessage(h.metric, d))
	e := &c.pending[len(c.pending)-1]
	e.Replicas, e.HPA = &ReplicaChange{From: current, To: d.Desired}, &d
}

func (c *Cluster) hpaObject() string { return "horizontalpodautoscaler/" + c.deploy.name }

// rescaleMessage is the real HPA's event message.
func rescaleMessage(m Metric, d Decision) string {
	why := "All metrics below target"
	if d.Desired > d.Current {
		what := "pods metric requests_per_second"
		if m.Name() == "cpu" {
			what = "cpu resource utilization (percentage of request)"
		}
		why = what + " above target"
	}
	return fmt.Sprintf("New size: %d; reason: %s", d.Desired, why)
}

// hpaStatus is the controller's status for the snapshot; nil without one.
func (c *Cluster) hpaStatus() *AutoscalerStatus {
	h := c.hpa
	if h == nil {
		return nil
	}
	st := &AutoscalerStatus{
		Spec: h.hpa.Spec, Metric: h.metric.Name(), Unit: h.metric.Unit(), Describe: h.metric.Describe(),
		History: h.history[:len(h.history):len(h.history)], Syncs: h.syncs, Stopped: h.timer == nil,
	}
	if h.err != nil {
		st.Err = h.err.Error()
	}
	if !h.next.IsZero() {
		st.NextSync = max(0, h.next.Sub(c.clk.Now()))
	}
	return st
}

// hpaMilestone is the sync at which the scale-down window lets a held
// scale-in happen: the moment worth jumping to while the HPA waits out its
// 300 s. Zero when the HPA holds nothing back.
func (c *Cluster) hpaMilestone() time.Time {
	h := c.hpa
	if h == nil || h.timer == nil || len(h.history) == 0 {
		return time.Time{}
	}
	d := h.history[len(h.history)-1]
	if d.Desired != d.Current || d.Stabilized <= d.Raw {
		return time.Time{}
	}
	free, ok := h.hpa.HoldEnds(c.deploy.replicas)
	if !ok {
		return time.Time{}
	}
	at, period := h.next, h.hpa.Spec.SyncPeriod
	if free.After(at) {
		at = at.Add((free.Sub(at) + period - 1) / period * period)
	}
	return at
}
