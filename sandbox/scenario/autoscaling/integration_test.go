package autoscaling

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/processtest"
)

func TestAutoscalingOnProcesses(t *testing.T) {
	rt := processtest.Runtime(t)
	realAutoscaling(t, rt, Options{Min: 1, Max: 6, TimeScale: 100})
}

// On docker the CPU metric reads container stats, about a second per sync
// whatever the time scale: the demo's own time scale, not a faster one,
// leaves the autoscaler the syncs its steps wait for.
func TestAutoscalingOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	realAutoscaling(t, dockertest.Runtime(t), Defaults())
}

// realAutoscaling is the MUST SHOW of the autoscaling demo: with the load
// up the HPA scales out on a measured metric; with the load down it scales
// in, and only once the 300 s stabilization window has passed. Every wait
// is bounded by what the scenario needs at its time scale.
func realAutoscaling(t *testing.T, rt sandbox.Runtime, o Options) {
	e, err := New(rt, o.Clock(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := e.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
		if n := e.Engine.(*orchestrator.Cluster).PodsLeft(); n != 0 {
			t.Errorf("%d pods left", n)
		}
	}()
	step := func(s Step) StepResult {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), o.StepTimeout())
		defer cancel()
		res, err := RunStep(ctx, e, s)
		if err != nil {
			t.Fatalf("%s: %v (%v)", s, err, replicaTrail(e.Snapshot().Autoscaler.History))
		}
		return res
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.StepTimeout())
	defer cancel()
	if _, err := e.WaitFor(ctx, func(s *cluster.Snapshot) bool { return s.Settled && s.Traffic.Rate > 0 }); err != nil {
		t.Fatal(err)
	}
	up := step(StepUp)
	down := step(StepDown)
	hist := e.Snapshot().Autoscaler.History
	var trail []string
	for _, d := range hist {
		trail = append(trail, d.At.Sub(hist[0].At).Round(time.Second).String()+"="+strconv.Itoa(d.Desired))
	}
	t.Logf("%s metric at x%g: up %d → %d in %v (first scale after %v); down %d → %d in %v, first scale-in %v after the load fell; history %v",
		e.Metric, o.TimeScale, up.From, up.To, up.Took.Round(time.Millisecond), up.FirstScale, down.From, down.To, down.Took.Round(time.Millisecond), down.FirstScale, trail)
	if up.To <= o.Min {
		t.Errorf("the load did not scale out: %d replicas", up.To)
	}
	if down.To != o.Min {
		t.Errorf("scaled in to %d, want %d", down.To, o.Min)
	}
	checkStabilized(t, hist)
	if s := e.Snapshot(); s.Traffic.Failed != 0 {
		t.Logf("%d requests failed while scaling (pods removed by a scale-in)", s.Traffic.Failed)
	}
}

// checkStabilized checks the scale-down stabilization on a real history:
// the first scale-in went to a count no recommendation of the 300 s before
// it exceeded, and the HPA held the count while the raw formula already
// said less.
func checkStabilized(t *testing.T, hist []cluster.HPADecision) {
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
		if d.Raw > hist[in].Desired && hist[in].At.Sub(d.At) < cluster.DefaultHPADownWindow {
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

func replicaTrail(h []cluster.HPADecision) []int {
	var out []int
	for _, d := range h {
		out = append(out, d.Desired)
	}
	return out
}
