package orchestrator

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
)

// syncOnce advances the manual clock by one sync period and waits for the
// HPA's decision to be published and for the cluster to act on it.
func syncOnce(t *testing.T, c *Cluster, clk *clock.Virtual) Decision {
	t.Helper()
	syncs := c.Snapshot().Autoscaler.Syncs
	clk.Advance(DefaultHPASync)
	s := waitFor(t, c, "the next sync", func(s *Snapshot) bool { return s.Autoscaler.Syncs > syncs })
	d, _ := s.Autoscaler.Last()
	waitFor(t, c, "the cluster at the decided size", func(s *Snapshot) bool { return s.Settled && s.Replicas == d.Desired })
	return d
}

// setCPU makes every pod's container report cpu percent of one core.
func setCPU(c *Cluster, rt *fake.Runtime, cpu float64) {
	for _, p := range c.Snapshot().Pods {
		rt.SetStats(p.Instance, sandbox.Stats{CPUPercent: cpu})
	}
}

// autoscaled is a settled cluster of one 0.5-CPU pod with an HPA on CPU
// (target 50%, 1 to 8 replicas).
func autoscaled(t *testing.T) (*Cluster, *fake.Runtime, *clock.Virtual) {
	t.Helper()
	c, rt, clk := newTestCluster(t, Config{Replicas: 1, Template: Template{CPUs: 0.5}}, nil)
	waitFor(t, c, "settled", settled)
	if err := c.Autoscale(HPASpec{MinReplicas: 1, MaxReplicas: 8, Target: 50}, "cpu"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the HPA in the snapshot", func(s *Snapshot) bool { return s.Autoscaler != nil })
	return c, rt, clk
}

// The controller on container CPU stats: load up scales out within the
// scale-up limit, load down scales in only once the 300 s stabilization
// window has passed since the last high recommendation.
func TestHPAScalesOutAndInAfterTheWindow(t *testing.T) {
	c, rt, clk := autoscaled(t)
	setCPU(c, rt, 20) // 20% of a core = 40% of the 0.5 CPU request: raw ceil(0.8) = 1
	if d := syncOnce(t, c, clk); d.Desired != 1 || d.Metric != 40 {
		t.Fatalf("idle: %+v", d)
	}
	setCPU(c, rt, 150) // 300% of the request: 6x the target
	d := syncOnce(t, c, clk)
	if d.Raw != 6 || d.Desired != 5 {
		t.Fatalf("load up: raw %d desired %d, want 6 limited to 5 (1 + 4 pods per 15 s)", d.Raw, d.Desired)
	}
	setCPU(c, rt, 30) // the 6 pods' worth of work over 5 pods: 60% each
	d = syncOnce(t, c, clk)
	if d.Desired != 6 {
		t.Fatalf("second period: desired %d, want 6 (%s)", d.Desired, d.Reason)
	}
	setCPU(c, rt, 25) // 50%: on target
	d = syncOnce(t, c, clk)
	if d.Desired != 6 || !d.Tolerated {
		t.Fatalf("on target: %+v", d)
	}
	lastHigh := d.At
	setCPU(c, rt, 5) // load falls: 10% of the request, raw ceil(6 × 0.2) = 2
	for {
		d = syncOnce(t, c, clk)
		if d.Desired != 6 {
			break
		}
		if d.Raw != 2 {
			t.Fatalf("raw %d, want 2", d.Raw)
		}
		setCPU(c, rt, 5)
	}
	if waited := d.At.Sub(lastHigh); waited != DefaultHPADownWindow || d.Desired != 2 {
		t.Errorf("scaled in to %d %v after the last high recommendation, want to 2 after %v", d.Desired, waited, DefaultHPADownWindow)
	}
	st := c.Snapshot().Autoscaler
	if st.Syncs != len(st.History) || st.Metric != "cpu" || st.Spec.Target != 50 || st.Err != "" || st.NextSync != DefaultHPASync {
		t.Errorf("status %+v", st)
	}
	t.Logf("replica history: %v", replicaTrail(st.History))
}

func replicaTrail(h []Decision) []int {
	var out []int
	for _, d := range h {
		out = append(out, d.Desired)
	}
	return out
}

// A rescale is an event on the one stream, with the change and the
// decision as fields, and the same update's snapshot carries the decision.
func TestHPARescaleIsAnEventOnTheStream(t *testing.T) {
	c, rt, clk := autoscaled(t)
	setCPU(c, rt, 150)
	syncOnce(t, c, clk)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		var u Update
		select {
		case u = <-c.Updates():
		case <-ctx.Done():
			t.Fatal("no SuccessfulRescale event on the stream")
		}
		i := slices.IndexFunc(u.Events, func(e Event) bool { return e.Reason == ReasonSuccessfulRescale })
		if i < 0 {
			continue
		}
		e := u.Events[i]
		last, _ := u.Snapshot.Autoscaler.Last()
		if e.Object != "horizontalpodautoscaler/web" || e.Type != Normal || e.Replicas == nil || *e.Replicas != (ReplicaChange{From: 1, To: 5}) ||
			e.HPA == nil || *e.HPA != last || !e.Clock.Equal(last.At) ||
			e.Message != "New size: 5; reason: cpu resource utilization (percentage of request) above target" {
			t.Errorf("event %+v (decision %+v), snapshot's last decision %+v", e, e.HPA, last)
		}
		return
	}
}

// While the window holds a scale-in back, FastForward jumps straight to the
// sync that scales in.
func TestFastForwardJumpsToTheScaleIn(t *testing.T) {
	c, rt, clk := autoscaled(t)
	setCPU(c, rt, 100) // 200%: raw 4
	high := syncOnce(t, c, clk)
	setCPU(c, rt, 5)
	held := syncOnce(t, c, clk)
	if held.Desired != 4 || held.Raw != 1 {
		t.Fatalf("want the window to hold 4 replicas: %+v", held)
	}
	if s := c.Snapshot(); s.NextDeadline != DefaultHPADownWindow-DefaultHPASync {
		t.Errorf("NextDeadline %v, want the scale-in %v away", s.NextDeadline, DefaultHPADownWindow-DefaultHPASync)
	}
	setCPU(c, rt, 5)
	syncs := c.Snapshot().Autoscaler.Syncs
	jumped, ok := c.FastForward()
	if !ok || jumped != DefaultHPADownWindow-DefaultHPASync {
		t.Fatalf("FastForward jumped %v (%v), want %v", jumped, ok, DefaultHPADownWindow-DefaultHPASync)
	}
	s := waitFor(t, c, "the sync after the jump", func(s *Snapshot) bool { return s.Autoscaler.Syncs > syncs })
	if d, _ := s.Autoscaler.Last(); d.Desired != 1 || d.At.Sub(high.At) != DefaultHPADownWindow {
		t.Errorf("after the jump: %+v, want a scale-in to 1 %v after the high recommendation", d, DefaultHPADownWindow)
	}
}

// failingMetric cannot be read, as docker stats on a host without cgroup
// CPU accounting.
type failingMetric struct{ CPUMetric }

func (failingMetric) Read(context.Context, *Cluster, *Snapshot) (float64, int, error) {
	return 0, 0, sandbox.ErrStatsUnavailable
}

// A metric that cannot be read does not scale, says why in the status, and
// warns once (not at every sync).
func TestHPAWithoutMetricsWarnsOnce(t *testing.T) {
	c, _, clk := newTestCluster(t, Config{Replicas: 2}, nil)
	waitFor(t, c, "settled", settled)
	if err := c.autoscale(HPASpec{Target: 50}, failingMetric{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the HPA in the snapshot", func(s *Snapshot) bool { return s.Autoscaler != nil })
	for range 3 {
		if d := syncOnce(t, c, clk); d.Desired != 2 {
			t.Fatalf("scaled to %d without a metric", d.Desired)
		}
	}
	st := c.Snapshot().Autoscaler
	if d, _ := st.Last(); st.Err != sandbox.ErrStatsUnavailable.Error() || d.Reason != ReasonFailedGetMetrics+": "+st.Err {
		t.Errorf("status err %q, last reason %q", st.Err, d.Reason)
	}
	if n := c.reasonCount(ReasonFailedGetMetrics); n != 1 {
		t.Errorf("%d FailedGetMetrics warnings, want 1", n)
	}
}

// The history is bounded, and a published snapshot keeps the decisions it
// was given while later syncs go on.
func TestHPAHistoryIsBoundedAndSnapshotsKeepTheirs(t *testing.T) {
	c, rt, clk := autoscaled(t)
	setCPU(c, rt, 25)
	first := syncOnce(t, c, clk)
	early := c.Snapshot().Autoscaler.History
	kept := slices.Clone(early)
	for range maxHistory + 5 {
		syncOnce(t, c, clk)
	}
	st := c.Snapshot().Autoscaler
	if len(st.History) != maxHistory || st.Syncs != maxHistory+6 || !st.History[0].At.After(first.At) {
		t.Errorf("%d decisions kept of %d syncs, first at %v", len(st.History), st.Syncs, st.History[0].At)
	}
	if !slices.Equal(early, kept) {
		t.Error("a later sync changed the history of an earlier snapshot")
	}
}

func TestAutoscaleRejects(t *testing.T) {
	c, _, _ := newTestCluster(t, Config{Replicas: 1}, nil)
	for _, tc := range []struct {
		name   string
		spec   HPASpec
		metric string
	}{
		{"unknown metric", HPASpec{Target: 1}, "memory"},
		{"no target", HPASpec{}, "rps"},
		{"more than a laptop runs", HPASpec{Target: 1, MaxReplicas: MaxReplicas + 1}, "rps"},
	} {
		if err := c.Autoscale(tc.spec, tc.metric); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if c.Snapshot().Autoscaler != nil {
		t.Error("a rejected HPA is in the snapshot")
	}
	if MaxReplicas != cluster.MaxReplicas {
		t.Errorf("the HPA's bound %d is not the cluster's %d", cluster.MaxReplicas, MaxReplicas)
	}
}

func TestRateWindowIsTwoSyncsInRealTime(t *testing.T) {
	for _, tc := range []struct {
		scale float64
		want  time.Duration
	}{
		{1, 30 * time.Second},
		{20, 1500 * time.Millisecond},
		{60, time.Second}, // 0.5 s is too short to count on
		{0, 30 * time.Second},
	} {
		if got := rateWindow(DefaultHPASync, tc.scale); got != tc.want {
			t.Errorf("x%g: %v, want %v", tc.scale, got, tc.want)
		}
	}
	if got := rateWindow(time.Hour, 1); got != service.WindowMax {
		t.Errorf("an hour's window: %v, want what the counters keep", got)
	}
}

// The request-rate metric counts what the Service really forwarded.
func TestRateMetricMeasuresTheService(t *testing.T) {
	c, _, _ := newTestCluster(t, Config{Replicas: 2, TrafficRate: 40}, nil)
	waitFor(t, c, "traffic", func(s *Snapshot) bool { return s.Settled && s.Traffic.OK > 40 })
	avg, n, err := RateMetric{Window: time.Second}.Read(context.Background(), c, c.Snapshot())
	if err != nil || n != 2 {
		t.Fatalf("read: %v, %d pods", err, n)
	}
	// 40 req/s over 2 pods: 20 each, give or take the ticker's jitter.
	if avg < 10 || avg > 30 {
		t.Errorf("rate per pod %.1f, want about 20", avg)
	}
	if err := c.SetLoad(80, 0); err != nil {
		t.Fatal(err)
	}
	if s := waitFor(t, c, "rate shown", func(s *Snapshot) bool { return s.Traffic.Rate == 80 }); s.Traffic.Rate != 80 {
		t.Fatal(s.Traffic.Rate)
	}
}
