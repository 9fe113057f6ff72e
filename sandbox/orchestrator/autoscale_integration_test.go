package orchestrator

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

func TestAutoscalingOnProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := process.New(ctx)
	if err != nil {
		t.Fatalf("process runtime: %v", err)
	}
	defer rt.Close(context.Background())
	realAutoscaling(t, rt, 100, RateMetricFor(100))
}

func TestAutoscalingOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	realAutoscaling(t, dockertest.Runtime(t), 100, CPUMetric{})
}

// realAutoscaling is the MUST SHOW of the autoscaling demo: with the load
// up the HPA scales out on a measured metric; with the load down it scales
// in, and only once the 300 s stabilization window has passed.
func realAutoscaling(t *testing.T, rt sandbox.Runtime, scale float64, metric Metric) {
	prof := ProfileFor(metric.Name())
	clk := clock.NewScaled(scale)
	c, err := New(rt, clk, Config{Replicas: 1, TrafficRate: prof.Low.Rate,
		Template: Template{Env: realWorkload.Env(), CPUs: prof.CPUs}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
		if n := c.PodsLeft(); n != 0 {
			t.Errorf("%d pods left", n)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := c.WaitFor(ctx, func(s *Snapshot) bool { return s.Settled && s.Traffic.Rate > 0 }); err != nil {
		t.Fatal(err)
	}
	if err := c.SetLoad(prof.Low.Rate, prof.Low.Work); err != nil {
		t.Fatal(err)
	}
	a, err := NewAutoscaler(c, clk, HPASpec{MinReplicas: 1, MaxReplicas: 6, Target: prof.Target}, metric)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	up, err := RunAutoscaleStep(ctx, c, a, StepUp, prof.High)
	if err != nil {
		t.Fatalf("up: %v (%v)", err, replicaTrail(a.Status().History))
	}
	down, err := RunAutoscaleStep(ctx, c, a, StepDown, prof.Low)
	if err != nil {
		t.Fatalf("down: %v (%v)", err, replicaTrail(a.Status().History))
	}
	var trail []string
	for _, d := range a.Status().History {
		trail = append(trail, d.At.Sub(a.Status().History[0].At).Round(time.Second).String()+"="+strconv.Itoa(d.Desired))
	}
	t.Logf("%s metric: up %d → %d in %v (first scale after %v); down %d → %d in %v, first scale-in %v after the load fell; history %v",
		metric.Name(), up.From, up.To, up.Took.Round(time.Millisecond), up.FirstScale, down.From, down.To, down.Took.Round(time.Millisecond), down.FirstScale, trail)
	if up.To <= 1 {
		t.Errorf("the load did not scale out: %d replicas", up.To)
	}
	if down.To != 1 {
		t.Errorf("scaled in to %d, want 1", down.To)
	}
	checkStabilized(t, a.Status().History)
	if s := c.Snapshot(); s.Traffic.Failed != 0 {
		t.Logf("%d requests failed while scaling (pods removed by a scale-in)", s.Traffic.Failed)
	}
}

// checkStabilized checks the scale-down stabilization on a real history:
// the first scale-in went to a count no recommendation of the 300 s before
// it exceeded, and the HPA held the count while the raw formula already
// said less.
func checkStabilized(t *testing.T, hist []Decision) {
	t.Helper()
	in := -1
	for i, d := range hist {
		if d.Desired < d.Current {
			in = i
			break
		}
	}
	if in < 0 {
		t.Fatal("no scale-in in the history")
	}
	held := 0
	for _, d := range hist[:in] {
		if d.Raw > hist[in].Desired && hist[in].At.Sub(d.At) < DefaultHPADownWindow {
			t.Errorf("scaled in to %d at %v although %d was recommended %v before, inside the window",
				hist[in].Desired, hist[in].At.Format(time.TimeOnly), d.Raw, hist[in].At.Sub(d.At))
		}
		if d.Raw < d.Current && d.Desired == d.Current {
			held++
		}
	}
	if held == 0 {
		t.Error("the HPA never held the count while the metric asked for less")
	}
}
