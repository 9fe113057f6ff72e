package selfhealing

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/cluster/clustertest"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/processtest"
)

// integrationScale runs the control plane's timers fast: a node loss (50 s +
// 300 s) takes 3.5 s, the back-off 10+20+40 s takes 0.7 s.
const integrationScale = 100

func TestSelfHealingOnProcesses(t *testing.T) {
	rt := processtest.Runtime(t)
	runDefaultScript(t, rt)
}

// A hung /healthz on the real workload: three liveness failures, a kill,
// the back-off, a restart of the same pod, ready again.
func TestLivenessRestartOnProcesses(t *testing.T) {
	rt := processtest.Runtime(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	o := Options{Replicas: 2, Nodes: 2, TimeScale: integrationScale}
	c, err := New(rt, o.Clock(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	reasons := countReasons(c)
	res, err := RunStep(ctx, c, StepHang)
	if err != nil {
		t.Fatalf("%v\n%s", err, clustertest.Dump(c.Snapshot()))
	}
	p, ok := snapshotPod(c.Snapshot(), res.Target)
	if !ok || p.Restarts != 1 || !p.Ready || p.Hung {
		t.Errorf("after the liveness restart: %+v", p)
	}
	checkNeverRoutesToUnready(t, c)
	c.Close(context.Background())
	if n := (<-reasons)[cluster.ReasonUnhealthy]; n < orchestrator.DefaultProbeThreshold {
		t.Errorf("%d Unhealthy events, want at least %d", n, orchestrator.DefaultProbeThreshold)
	}
}

func TestSelfHealingOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	runDefaultScript(t, dockertest.Runtime(t))
}

// runDefaultScript is the MUST SHOW of the self-healing demo on a real
// runtime: every kill healed, a node's pods moved, the back-off sequence,
// the Service never routing to a pod that is not ready, nothing left.
func runDefaultScript(t *testing.T, rt sandbox.Runtime) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	o := Options{Replicas: 3, Nodes: 3, TimeScale: integrationScale}
	cfg := o.Config()
	cfg.TrafficRate = 40
	c, err := orchestrator.New(rt, o.Clock(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			c.Close(context.Background())
		}
	}()
	first, err := c.WaitFor(ctx, func(s *cluster.Snapshot) bool { return s.Settled })
	if err != nil {
		t.Fatalf("first rollout: %v", err)
	}
	for _, p := range first.Pods {
		t.Logf("cold start of %s: %v", p.Name, p.StartupTime.Round(time.Millisecond))
	}
	var results []StepResult
	for _, step := range Steps {
		res, err := RunStep(ctx, c, step)
		if err != nil {
			t.Fatalf("%v\n%s", err, clustertest.Dump(c.Snapshot()))
		}
		t.Logf("%s %s: settled after %v", step, res.Target, res.Took.Round(time.Millisecond))
		results = append(results, res)
	}
	s := c.Snapshot()
	if s.ReadyPods != 3 || !s.Settled {
		t.Errorf("final ready = %d (settled %v), want 3", s.ReadyPods, s.Settled)
	}
	dead := results[1].Target
	for _, p := range s.Pods {
		if p.Node == dead {
			t.Errorf("pod %s still on the killed node %s", p.Name, dead)
		}
	}
	var killNodeHeals int
	for _, h := range s.Heals {
		t.Logf("heal %s (%s) -> %s in %v", h.Killed, h.Cause, h.Replacement, h.Duration.Round(time.Millisecond))
		if h.Cause == "kill-node" {
			killNodeHeals++
		}
	}
	if len(s.Heals) != 1+killNodeHeals || killNodeHeals == 0 {
		t.Errorf("heals %+v: want the killed pod and every pod of the killed node", s.Heals)
	}
	want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second}
	if got := results[2].Backoff; !slices.Equal(got, want) {
		t.Errorf("crash-loop back-off %v, want %v", got, want)
	}
	checkNeverRoutesToUnready(t, c)
	// A request fails only when the pod that had it died: one killed, one on
	// the killed node, or the one whose container was replaced to crash.
	died := map[string]bool{results[2].Target: true}
	for _, h := range s.Heals {
		died[h.Killed] = true
	}
	for _, r := range c.ServiceLog() {
		if r.Done && r.Status != 200 && !r.Retried && !died[r.Pod] {
			t.Errorf("request to %q failed (%d %s), but that pod did not die", r.Pod, r.Status, r.Err)
		}
	}
	tr := s.Traffic
	t.Logf("traffic: %d ok, %d failed", tr.OK, tr.Failed)
	if tr.OK == 0 {
		t.Error("no request succeeded")
	}
	closed = true
	if err := c.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	if n := c.PodsLeft(); n != 0 {
		t.Errorf("%d pods left after Close", n)
	}
}

// checkNeverRoutesToUnready replays the request log against the history of
// the Service's endpoints: every request went to a pod that was in them.
func checkNeverRoutesToUnready(t *testing.T, e cluster.Engine) {
	t.Helper()
	c := e.(*orchestrator.Cluster) // the embedded control plane keeps the histories
	hist := c.ReadyHistory()
	log := c.ServiceLog()
	if len(log) == 0 {
		t.Fatal("the Service saw no requests")
	}
	readyAt := func(pod string, at time.Time) bool {
		ready := false
		for _, h := range hist {
			if h.At.After(at) {
				break
			}
			if h.Pod == pod {
				ready = h.Ready
			}
		}
		return ready
	}
	bad := 0
	for _, r := range log {
		if r.Pod != "" && !readyAt(r.Pod, r.At) {
			if bad < 5 {
				t.Errorf("request at %v routed to %s, which was not ready", r.At.Format(time.StampMicro), r.Pod)
			}
			bad++
		}
	}
	errs := map[string]int{}
	for _, r := range log {
		if r.Done && (r.Err != "" || r.Status != 200) {
			errs[fmt.Sprintf("%d %s retried=%v", r.Status, r.Err, r.Retried)]++
		}
	}
	for e, n := range errs {
		t.Logf("service log: %d x %s", n, e)
	}
	if bad > 0 {
		t.Errorf("%d of %d requests routed to pods that were not ready", bad, len(log))
	}
}

// countReasons reads c's stream until it ends and then delivers how many
// events of each reason it carried.
func countReasons(c cluster.Engine) <-chan map[string]int {
	out := make(chan map[string]int, 1)
	go func() {
		n := map[string]int{}
		for u := range c.Updates() {
			for _, e := range u.Events {
				n[e.Reason]++
			}
		}
		out <- n
	}()
	return out
}
