package orchestrator

import (
	"context"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
)

// syncOnce advances the manual clock by one sync period and waits for the
// autoscaler's decision and for the cluster to act on it.
func syncOnce(t *testing.T, c *Cluster, a *Autoscaler, clk *clock.Virtual) Decision {
	t.Helper()
	ch := a.Changed()
	clk.Advance(DefaultHPASync)
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no sync after a sync period")
	}
	d, _ := a.Status().Last()
	waitFor(t, c, "the cluster at the decided size", func(s *Snapshot) bool { return s.Settled && s.Replicas == d.Desired })
	return d
}

// setCPU makes every pod's container report cpu percent of one core.
func setCPU(c *Cluster, rt *fake.Runtime, cpu float64) {
	for _, p := range c.Snapshot().Pods {
		rt.SetStats(p.Instance, sandbox.Stats{CPUPercent: cpu})
	}
}

// The controller on container CPU stats: load up scales out within the
// scale-up limit, load down scales in only once the 300 s stabilization
// window has passed since the last high recommendation.
func TestAutoscalerScalesOutAndInAfterTheWindow(t *testing.T) {
	c, rt, clk := newTestCluster(t, Config{Replicas: 1, Template: Template{CPUs: 0.5}}, nil)
	waitFor(t, c, "settled", settled)
	a, err := NewAutoscaler(c, clk, HPASpec{MinReplicas: 1, MaxReplicas: 8, Target: 50}, CPUMetric{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	setCPU(c, rt, 20) // 20% of a core = 40% of the 0.5 CPU request: raw ceil(0.8) = 1
	if d := syncOnce(t, c, a, clk); d.Desired != 1 || d.Metric != 40 {
		t.Fatalf("idle: %+v", d)
	}
	setCPU(c, rt, 150) // 300% of the request: 6x the target
	d := syncOnce(t, c, a, clk)
	if d.Raw != 6 || d.Desired != 5 {
		t.Fatalf("load up: raw %d desired %d, want 6 limited to 5 (1 + 4 pods per 15 s)", d.Raw, d.Desired)
	}
	setCPU(c, rt, 30) // the 6 pods' worth of work over 5 pods: 60% each
	d = syncOnce(t, c, a, clk)
	if d.Desired != 6 {
		t.Fatalf("second period: desired %d, want 6 (%s)", d.Desired, d.Reason)
	}
	setCPU(c, rt, 25) // 50%: on target
	d = syncOnce(t, c, a, clk)
	if d.Desired != 6 || !d.Tolerated {
		t.Fatalf("on target: %+v", d)
	}
	lastHigh := d.At
	setCPU(c, rt, 5) // load falls: 10% of the request, raw ceil(6 × 0.2) = 2
	for {
		d = syncOnce(t, c, a, clk)
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
	hist := a.Status().History
	t.Logf("replica history: %v", replicaTrail(hist))
}

func replicaTrail(h []Decision) []int {
	var out []int
	for _, d := range h {
		out = append(out, d.Desired)
	}
	return out
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
