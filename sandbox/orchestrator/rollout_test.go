package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster/clustertest"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// crashingFake makes a bad version's container fail to start, as a crash at
// start does: the kubelet backs off and restarts it.
func crashingFake(rt *fake.Runtime) {
	rt.StartErr = fake.CrashOnStart
}

func waitTraffic(t *testing.T, c *Cluster) {
	waitFor(t, c, "traffic flowing", func(s *Snapshot) bool { return s.Settled && s.Traffic.OK >= 10 })
}

// The MUST SHOW of the rolling-deploy demo on the fake runtime: for many
// settings, over a whole RollingUpdate under traffic, the pods never exceed
// replicas + maxSurge, the ready pods never drop below replicas −
// maxUnavailable, both bounds are reached, and no request fails.
func TestRollingUpdateBoundsUnderTraffic(t *testing.T) {
	for _, tc := range []struct {
		name           string
		replicas       int
		surge, unavail string
		wantS, wantU   int
	}{
		{"defaults on 3", 3, "", "", 1, 0},
		{"defaults on 4", 4, "", "", 1, 1},
		{"defaults on 10", 10, "", "", 3, 2},
		{"absolute 2 and 1 on 5", 5, "2", "1", 2, 1},
		{"zero surge on 4", 4, "0", "1", 0, 1},
		{"percentages rounding to zero on 3", 3, "0%", "10%", 0, 1},
		{"surge rounding up on 3", 3, "10%", "10%", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _, _ := newTestCluster(t, Config{Replicas: tc.replicas, TrafficRate: 200,
				Rollout: Rollout{Strategy: Strategy{MaxSurge: tc.surge, MaxUnavailable: tc.unavail}}}, nil)
			w := clustertest.WatchRollout(c.Updates(), "v2")
			waitTraffic(t, c)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := deployNext(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			res := s.Rollout
			most, fewest, _ := w.Seen(t)
			c.Close(context.Background())
			<-w.Done()
			r := s.Rollout
			if r.MaxSurge != tc.wantS || r.MaxUnavailable != tc.wantU {
				t.Errorf("resolved surge %d unavailable %d, want %d %d", r.MaxSurge, r.MaxUnavailable, tc.wantS, tc.wantU)
			}
			// The controller's count reaches both bounds exactly; the stream a
			// view reads (which may fold states for a slow reader) never shows
			// them broken.
			limit, floor := tc.replicas+tc.wantS, tc.replicas-tc.wantU
			if r.MostPods != limit || res.MostPods != limit {
				t.Errorf("at most %d pods at once (step result %d), want exactly replicas + maxSurge = %d", r.MostPods, res.MostPods, limit)
			}
			if r.FewestReady != floor || res.FewestReady != floor {
				t.Errorf("at least %d ready pods (step result %d), want exactly replicas - maxUnavailable = %d", r.FewestReady, res.FewestReady, floor)
			}
			if most > limit || fewest < floor {
				t.Errorf("the stream showed %d pods at once and %d ready, outside [%d ready, %d pods]", most, fewest, floor, limit)
			}
			if s.Traffic.Failed != 0 {
				t.Errorf("%d requests failed during the rollout", s.Traffic.Failed)
			}
			if s.Traffic.ByVersion["v1"] == 0 {
				t.Errorf("traffic by version %v: v1 never answered", s.Traffic.ByVersion)
			}
			if res.Version != "v2" || r.Version != "v2" || !r.Complete || r.Updated != tc.replicas || r.Revision != 2 {
				t.Errorf("result %+v, rollout %+v", res, r)
			}
			if !strings.Contains(r.Status, "successfully rolled out") {
				t.Errorf("status %q", r.Status)
			}
		})
	}
}

// deployNext rolls out the next version and waits until it is complete and
// the old pods are gone.
func deployNext(ctx context.Context, c *Cluster) (*Snapshot, error) {
	t := NextTemplate(c.Template(), "")
	if err := c.SetTemplate(t); err != nil {
		return nil, err
	}
	return waitRolledOut(ctx, c, t.Version)
}

func waitRolledOut(ctx context.Context, c *Cluster, version string) (*Snapshot, error) {
	return c.WaitFor(ctx, func(s *Snapshot) bool {
		return s.Rollout.Complete && s.Rollout.Version == version && s.Settled && len(s.Pods) == s.Replicas
	})
}

// Recreate: every old pod is gone before the first new one exists, so the
// Service has a stretch with no endpoint at all.
func TestRecreateKillsAllOldPodsFirst(t *testing.T) {
	c, _, _ := newTestCluster(t, Config{Replicas: 3, TrafficRate: 100, Rollout: Rollout{Strategy: Strategy{Recreate: true}}}, nil)
	w := clustertest.WatchRollout(c.Updates(), "v2")
	waitTraffic(t, c)
	from := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := deployNext(ctx, c); err != nil {
		t.Fatal(err)
	}
	gaps := EndpointGaps(c.ReadyHistory(), from, time.Now())
	s := c.Snapshot()
	most, _, mixed := w.Seen(t)
	c.Close(context.Background())
	<-w.Done()
	if mixed != 0 {
		t.Errorf("%d snapshots held old and new pods at once", mixed)
	}
	if r := s.Rollout; most > 3 || r.FewestReady != 0 || r.MostPods != 3 {
		t.Errorf("most pods %d on the stream; fewest ready %d, most pods %d counted by the controller; want at most 3, and 0 and 3", most, r.FewestReady, r.MostPods)
	}
	if len(gaps) != 1 || gaps[0].Took <= 0 {
		t.Errorf("gaps with no endpoint: %+v, want one", gaps)
	}
	if s.Rollout.Strategy != StrategyRecreate {
		t.Errorf("strategy %q", s.Rollout.Strategy)
	}
}

// A bad version stalls the rollout: the old pods keep serving, nothing
// happens for the progress deadline, then the Deployment is marked
// ProgressDeadlineExceeded (no automatic rollback). Undo brings v1 back
// without a failed request.
func TestBadRolloutStallsThenUndo(t *testing.T) {
	c, _, clk := newTestCluster(t, Config{Replicas: 3, TrafficRate: 100}, crashingFake)
	waitTraffic(t, c)
	if err := c.SetTemplate(NextTemplate(c.Template(), BadCrash)); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, c, "the bad pod crash-looping", func(s *Snapshot) bool {
		for _, p := range s.Pods {
			if p.Version == "v2" && p.Status == StatusCrashLoopBackOff {
				return true
			}
		}
		return false
	})
	if r := s.Rollout; r.Updated != 1 || r.Old != 3 || r.Failed || r.DeadlineIn != DefaultProgressDeadline {
		t.Fatalf("stalled rollout %+v", r)
	}
	clk.Advance(DefaultProgressDeadline - time.Second)
	c.sync()
	if s := c.Snapshot(); s.Rollout.Failed {
		t.Fatal("deadline exceeded early")
	}
	clk.Advance(time.Second)
	s = waitFor(t, c, "ProgressDeadlineExceeded", func(s *Snapshot) bool { return s.Rollout.Failed })
	r := s.Rollout
	if r.Progressing != "False" || r.Reason != ReasonProgressDeadlineExceeded || r.Status != `error: deployment "web" exceeded its progress deadline` {
		t.Errorf("after the deadline: %+v", r)
	}
	if s.ReadyPods != 3 || r.Old != 3 || c.Template().Version != "v2" {
		t.Errorf("ready %d, old %d, template %s: the old version must keep serving, with no rollback", s.ReadyPods, r.Old, c.Template().Version)
	}
	if n := c.reasonCount(ReasonProgressDeadlineExceeded); n != 1 {
		t.Errorf("%d ProgressDeadlineExceeded events, want 1", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rev, err := c.Undo(0)
	if err != nil {
		t.Fatal(err)
	}
	if s, err = waitRolledOut(ctx, c, "v1"); err != nil {
		t.Fatal(err)
	}
	if rev != 1 || s.Rollout.Version != "v1" || s.Rollout.Revision != 3 || s.Rollout.Failed {
		t.Errorf("undo to revision %d, rollout %+v: want back to revision 1 (now 3)", rev, s.Rollout)
	}
	for _, p := range s.Pods {
		if p.Version != "v1" {
			t.Errorf("pod %s runs %s after undo", p.Name, p.Version)
		}
	}
	if s.Traffic.Failed != 0 || s.Traffic.ByVersion["v2"] != 0 {
		t.Errorf("traffic %+v: want no failures and no v2 answers", s.Traffic)
	}
}

func (c *Cluster) reasonCount(reason string) int {
	n := 0
	c.call(func() { n = c.reasons[reason] })
	return n
}

func TestMinReadySecondsHoldsTheRollout(t *testing.T) {
	c, _, clk := newTestCluster(t, Config{Replicas: 2, Rollout: Rollout{MinReadySeconds: 30 * time.Second,
		Strategy: Strategy{MaxSurge: "1", MaxUnavailable: "0"}}}, nil)
	waitFor(t, c, "first rollout ready", func(s *Snapshot) bool { return s.ReadyPods == 2 })
	clk.Advance(30 * time.Second)
	waitFor(t, c, "available", func(s *Snapshot) bool { return s.Rollout.Complete })
	if err := c.SetTemplate(NextTemplate(c.Template(), "")); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, c, "new pod ready", func(s *Snapshot) bool { return s.Rollout.Updated == 1 && s.ReadyPods == 3 })
	c.sync()
	if s = c.Snapshot(); s.Rollout.UpdatedAvailable != 0 || s.Rollout.Old != 2 {
		t.Fatalf("before minReadySeconds: %+v", s.Rollout)
	}
	clk.Advance(29 * time.Second)
	c.sync()
	if s = c.Snapshot(); s.Rollout.Old != 2 {
		t.Fatalf("an old pod went before the new one was available for 30s: %+v", s.Rollout)
	}
	clk.Advance(time.Second)
	waitFor(t, c, "one old pod replaced", func(s *Snapshot) bool { return s.Rollout.Old == 1 && s.Rollout.Updated == 2 && s.ReadyPods == 3 })
	clk.Advance(30 * time.Second)
	waitFor(t, c, "complete", func(s *Snapshot) bool { return s.Rollout.Complete && s.Settled })
}

func TestPauseResume(t *testing.T) {
	c, _, clk := newTestCluster(t, Config{Replicas: 3}, nil)
	waitFor(t, c, "settled", settled)
	if err := c.Pause(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Undo(0); !errors.Is(err, ErrUndoPaused) {
		t.Errorf("undo while paused: %v", err)
	}
	c.SetTemplate(NextTemplate(c.Template(), ""))
	clk.Advance(2 * DefaultProgressDeadline)
	c.sync()
	s := c.Snapshot()
	if r := s.Rollout; !r.Paused || r.Updated != 0 || r.Failed || r.Progressing != "Unknown" || !strings.Contains(r.Status, "paused") {
		t.Fatalf("paused: %+v", r)
	}
	if err := c.Scale(4); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "scaled while paused", func(s *Snapshot) bool { return s.ReadyPods == 4 && s.Rollout.Updated == 0 })
	if err := c.Resume(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "rolled out after resume", func(s *Snapshot) bool { return s.Rollout.Complete && s.Rollout.Version == "v2" && s.Settled })
}

func TestUndoErrorsAndToRevision(t *testing.T) {
	c, _, _ := newTestCluster(t, Config{Replicas: 1}, nil)
	waitFor(t, c, "settled", settled)
	if _, err := c.Undo(0); !errors.Is(err, ErrNoHistory) {
		t.Errorf("undo with one revision: %v", err)
	}
	for i := 0; i < 2; i++ {
		c.SetTemplate(NextTemplate(c.Template(), ""))
		waitFor(t, c, "rolled out", func(s *Snapshot) bool {
			return s.Rollout.Complete && s.Settled && s.Rollout.Version == fmt.Sprintf("v%d", i+2)
		})
	}
	if _, err := c.Undo(7); err == nil || !strings.Contains(err.Error(), "revision 7") {
		t.Errorf("undo to a missing revision: %v", err)
	}
	if _, err := c.Undo(3); !errors.Is(err, ErrSameTemplate) {
		t.Errorf("undo to the current revision: %v", err)
	}
	rev, err := c.Undo(1)
	if err != nil || rev != 1 {
		t.Fatalf("undo to 1: %d, %v", rev, err)
	}
	s := waitFor(t, c, "v1 again", func(s *Snapshot) bool { return s.Rollout.Complete && s.Settled && s.Rollout.Version == "v1" })
	if s.Rollout.Revision != 4 || len(s.ReplicaSets) != 3 {
		t.Errorf("revision %d with %d ReplicaSets, want 4 and 3 (v1's ReplicaSet reused)", s.Rollout.Revision, len(s.ReplicaSets))
	}
}

func TestRevisionHistoryLimit(t *testing.T) {
	c, _, _ := newTestCluster(t, Config{Replicas: 1}, nil)
	waitFor(t, c, "settled", settled)
	for i := 2; i <= RevisionHistoryLimit+3; i++ {
		c.SetTemplate(NextTemplate(c.Template(), ""))
		v := fmt.Sprintf("v%d", i)
		waitFor(t, c, "rolled out "+v, func(s *Snapshot) bool { return s.Rollout.Complete && s.Settled && s.Rollout.Version == v })
	}
	s := c.Snapshot()
	if len(s.ReplicaSets) != RevisionHistoryLimit+1 {
		t.Fatalf("%d ReplicaSets, want the current one and %d old", len(s.ReplicaSets), RevisionHistoryLimit)
	}
	if s.ReplicaSets[0].Revision != 3 {
		t.Errorf("oldest kept revision %d, want 3", s.ReplicaSets[0].Revision)
	}
	if _, err := c.Undo(1); err == nil {
		t.Error("undo to a pruned revision worked")
	}
}

// A presenter's fast-forward during a stalled rollout (a version that never
// gets ready) jumps to its progress deadline; after a pod of a rolled-out
// template is replaced there is no such milestone.
func TestFastForwardReachesAStalledRolloutsDeadline(t *testing.T) {
	neverReady := func(rt *fake.Runtime) {
		rt.NeverReady = func(spec sandbox.Spec) bool { return spec.Env[workload.EnvReadyFail] != "" }
	}
	c, _, _ := newTestCluster(t, Config{Replicas: 2}, neverReady)
	waitFor(t, c, "settled", func(s *Snapshot) bool { return s.Settled })
	if d, ok := c.FastForward(); ok {
		t.Fatalf("a settled, rolled-out Deployment has a milestone %v away", d)
	}
	if err := c.SetTemplate(NextTemplate(c.Template(), BadReadiness)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the bad pod running, not ready", func(s *Snapshot) bool {
		for _, p := range s.Pods {
			if p.Version == "v2" && p.Phase == PhaseRunning && !p.Ready {
				return true
			}
		}
		return false
	})
	d, ok := c.FastForward()
	if !ok || d <= 0 || d > DefaultProgressDeadline {
		t.Fatalf("FastForward = %v, %v; want a jump of at most the %v deadline", d, ok, DefaultProgressDeadline)
	}
	waitFor(t, c, "ProgressDeadlineExceeded after one jump", func(s *Snapshot) bool { return s.Rollout.Failed })
}
