package rollingdeploy

import (
	"context"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/cluster/clustertest"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/processtest"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// realWorkload gets ready 250 ms after it listens, as an app warming up
// does: rollouts take long enough to be seen under traffic.
var realWorkload = workload.Config{InitWork: workload.Light.InitWork, InitMemMB: workload.Light.InitMemMB, ReadyDelayMS: 250}

// rolloutScale runs the control plane's timers 20 times faster, as the demo
// does: at x100 a liveness probe failed after 300 ms of real time, and a
// loaded CI machine killed healthy pods before they were ready.
const rolloutScale = 20

func TestRolloutsOnProcesses(t *testing.T) {
	rt := processtest.Runtime(t)
	t.Run("rolling 10 replicas", func(t *testing.T) { realRolling(t, rt, 10, cluster.Strategy{}, 3, 2) })
	t.Run("rolling 4 replicas, 0 surge", func(t *testing.T) {
		realRolling(t, rt, 4, cluster.Strategy{MaxSurge: "0", MaxUnavailable: "1"}, 0, 1)
	})
	t.Run("recreate", func(t *testing.T) { realRecreate(t, rt) })
	t.Run("bad version stalls, undo", func(t *testing.T) { realBadThenUndo(t, rt) })
}

func TestRolloutsOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real containers")
	}
	rt := dockertest.Runtime(t)
	t.Run("rolling 3 replicas", func(t *testing.T) { realRolling(t, rt, 3, cluster.Strategy{}, 1, 0) })
	t.Run("recreate", func(t *testing.T) { realRecreate(t, rt) })
	t.Run("bad version stalls, undo", func(t *testing.T) { realBadThenUndo(t, rt) })
}

// startReal runs a cluster on rt with steady traffic and waits for it to
// flow; the cluster is closed (and checked empty) at the end of the test.
func startReal(t *testing.T, rt sandbox.Runtime, replicas int, st cluster.Strategy) (*orchestrator.Cluster, *clustertest.RolloutWatch) {
	t.Helper()
	c, err := orchestrator.New(rt, clock.NewScaled(rolloutScale), orchestrator.Config{
		Replicas: replicas, TrafficRate: 100,
		Template: cluster.Template{Env: realWorkload.Env()},
		// progressDeadlineSeconds 120: a stalled rollout fails after 6 s.
		Rollout: orchestrator.Rollout{Strategy: st, ProgressDeadline: 120 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := clustertest.WatchRollout(c.Updates(), "v2")
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := c.Close(ctx); err != nil { // a no-op after closeReal
			t.Errorf("Close: %v", err)
		}
		<-w.Done()
		if n := c.PodsLeft(); n != 0 {
			t.Errorf("%d pods left after Close", n)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if _, err := c.WaitFor(ctx, func(s *cluster.Snapshot) bool { return s.Settled && s.Traffic.OK >= 50 }); err != nil {
		t.Fatalf("first rollout and traffic: %v\n%s", err, clustertest.Dump(c.Snapshot()))
	}
	return c, w
}

// closeReal closes c once the dead containers of deleted pods are
// collected (closing while a collection is on its way fails on docker: the
// engine is already removing that container). The traffic stops first, and
// waits for its requests in flight, then the pods go.
func closeReal(t *testing.T, c *orchestrator.Cluster) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); c.PodsLeft() != len(c.Snapshot().Pods); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("%d containers for %d pods: the dead ones were not collected", c.PodsLeft(), len(c.Snapshot().Pods))
			break
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// failedRequests counts the Service's requests that failed for good (not
// retried on another endpoint); read after closeReal, none is in flight.
func failedRequests(c *orchestrator.Cluster) int {
	n := 0
	for _, r := range c.ServiceLog() {
		if r.Done && r.Status != 200 && !r.Retried {
			n++
		}
	}
	return n
}

func runReal(t *testing.T, c *orchestrator.Cluster, step Step, bad orchestrator.BadMode) StepResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	res, err := RunStep(ctx, c, step, bad)
	if err != nil {
		t.Fatalf("%v\n%s", err, clustertest.Dump(c.Snapshot()))
	}
	return res
}

func realRolling(t *testing.T, rt sandbox.Runtime, replicas int, st cluster.Strategy, surge, unavail int) {
	c, w := startReal(t, rt, replicas, st)
	res := runReal(t, c, StepDeploy, "")
	most, fewest, _ := w.Seen(t)
	s := c.Snapshot()
	closeReal(t, c) // every request sent has its answer
	failed := failedRequests(c)
	t.Logf("%s on %d replicas (surge %d, unavailable %d): rolled out in %v; at most %d pods, at least %d ready; traffic %d ok, %d failed, by version %v",
		s.Rollout.Strategy, replicas, surge, unavail, res.Took.Round(time.Millisecond), res.MostPods, res.FewestReady, s.Traffic.OK, failed, s.Traffic.ByVersion)
	if most > replicas+surge || res.MostPods > replicas+surge {
		t.Errorf("%d pods at once on the stream (%d counted by the controller), over replicas + maxSurge = %d", most, res.MostPods, replicas+surge)
	}
	if fewest < replicas-unavail || res.FewestReady < replicas-unavail {
		t.Errorf("only %d ready pods at once on the stream (%d counted by the controller), under replicas - maxUnavailable = %d", fewest, res.FewestReady, replicas-unavail)
	}
	if failed != 0 {
		t.Errorf("%d requests failed during a rolling update", failed)
	}
	if s.Traffic.ByVersion["v1"] == 0 || s.Traffic.ByVersion["v2"] == 0 {
		t.Errorf("traffic by version %v: want both versions to have answered", s.Traffic.ByVersion)
	}
	checkNoUnreadyRouting(t, c)
}

func realRecreate(t *testing.T, rt sandbox.Runtime) {
	c, w := startReal(t, rt, 3, cluster.Strategy{Recreate: true})
	before := c.Snapshot().Traffic
	from := time.Now()
	res := runReal(t, c, StepDeploy, "")
	gaps := orchestrator.EndpointGaps(c.ReadyHistory(), from, time.Now())
	s := c.Snapshot()
	failed := s.Traffic.Failed - before.Failed
	var gap time.Duration
	for _, g := range gaps {
		gap += g.Took
	}
	t.Logf("Recreate: rolled out in %v; no endpoint for %v; %d requests failed", res.Took.Round(time.Millisecond), gap.Round(time.Millisecond), failed)
	if _, _, both := w.Seen(t); both != 0 {
		t.Errorf("%d snapshots held old and new pods at once", both)
	}
	if len(gaps) == 0 || gap <= 0 {
		t.Error("no gap without endpoints measured")
	}
	if failed == 0 {
		t.Error("no failed request during Recreate's gap")
	}
}

func realBadThenUndo(t *testing.T, rt sandbox.Runtime) {
	c, _ := startReal(t, rt, 3, cluster.Strategy{})
	bad := runReal(t, c, StepDeployBad, orchestrator.BadReadiness)
	s := c.Snapshot()
	t.Logf("bad version: %s after %v", s.Rollout.Status, bad.Took.Round(time.Millisecond))
	if !bad.Stalled || s.Rollout.Reason != cluster.ReasonProgressDeadlineExceeded {
		t.Errorf("bad rollout: %+v", s.Rollout)
	}
	if s.ReadyPods != 3 || s.Rollout.Old != 3 {
		t.Errorf("ready %d, old %d: the old version must keep serving", s.ReadyPods, s.Rollout.Old)
	}
	failedBefore := s.Traffic.Failed
	undo := runReal(t, c, StepUndo, "")
	s = c.Snapshot()
	closeReal(t, c) // every request sent has its answer
	failed := failedRequests(c)
	t.Logf("undo to revision %d (%s) in %v; traffic %d ok, %d failed", undo.Revision, undo.Version, undo.Took.Round(time.Millisecond), s.Traffic.OK, failed)
	if undo.Version != "v1" || s.Rollout.Version != "v1" {
		t.Errorf("undo brought back %s", undo.Version)
	}
	if failed != 0 || failedBefore != 0 {
		t.Errorf("%d requests failed (%d before the undo)", failed, failedBefore)
	}
	if s.Traffic.ByVersion["v2"] != 0 {
		t.Errorf("the bad version answered %d requests", s.Traffic.ByVersion["v2"])
	}
}

// checkNoUnreadyRouting: every request went to a pod that was in the
// Service's endpoints at the time.
func checkNoUnreadyRouting(t *testing.T, c *orchestrator.Cluster) {
	t.Helper()
	hist := c.ReadyHistory()
	ready := map[string]bool{}
	i := 0
	for _, r := range c.ServiceLog() {
		for i < len(hist) && !hist[i].At.After(r.At) {
			ready[hist[i].Pod] = hist[i].Ready
			i++
		}
		if r.Pod != "" && !ready[r.Pod] {
			t.Errorf("request at %v went to %s, not ready then", r.At.Format(time.StampMicro), r.Pod)
			return
		}
	}
}
