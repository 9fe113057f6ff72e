package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster/clustertest"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// newTestCluster runs a cluster on the fake runtime and a manual clock.
func newTestCluster(t *testing.T, cfg Config, tweak func(*fake.Runtime)) (*Cluster, *fake.Runtime, *clock.Virtual) {
	t.Helper()
	clk := clock.NewManual(t0)
	rt := fake.New(clock.Real())
	if tweak != nil {
		tweak(rt)
	}
	if cfg.TrafficRate == 0 {
		cfg.TrafficRate = -1
	}
	cfg.Seed = 1
	c, err := New(rt, clk, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		if n := c.PodsLeft(); n != 0 {
			t.Errorf("PodsLeft after Close = %d, want 0", n)
		}
		if n := rt.Len(); n != 0 {
			t.Errorf("fake runtime still holds %d instances after Close", n)
		}
		rt.Close(ctx)
	})
	return c, rt, clk
}

func waitFor(t *testing.T, c *Cluster, what string, cond func(*Snapshot) bool) *Snapshot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := c.WaitFor(ctx, cond)
	if err != nil {
		t.Fatalf("waiting for %s: %v\n%s", what, err, clustertest.Dump(s))
	}
	return s
}

func settled(s *Snapshot) bool { return s.Settled }

func podsOn(s *Snapshot) map[string]int {
	m := map[string]int{}
	for _, p := range s.Pods {
		m[p.Node]++
	}
	return m
}

func findPod(s *Snapshot, name string) (PodInfo, bool) {
	for _, p := range s.Pods {
		if p.Name == name {
			return p, true
		}
	}
	return PodInfo{}, false
}

func TestSchedulerSpreadsLeastPodsFirst(t *testing.T) {
	for _, tc := range []struct {
		replicas, nodes int
		want            map[string]int
	}{
		{3, 3, map[string]int{"node-1": 1, "node-2": 1, "node-3": 1}},
		{5, 3, map[string]int{"node-1": 2, "node-2": 2, "node-3": 1}},
		{2, 4, map[string]int{"node-1": 1, "node-2": 1}},
	} {
		t.Run(fmt.Sprintf("%d over %d", tc.replicas, tc.nodes), func(t *testing.T) {
			c, _, _ := newTestCluster(t, Config{Replicas: tc.replicas, Nodes: tc.nodes}, nil)
			s := waitFor(t, c, "settled", settled)
			if got := podsOn(s); !mapsEqual(got, tc.want) {
				t.Errorf("pods per node = %v, want %v", got, tc.want)
			}
			if len(s.Endpoints) != tc.replicas {
				t.Errorf("endpoints = %d, want %d", len(s.Endpoints), tc.replicas)
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestKillPodIsReplacedByTheReplicaSet(t *testing.T) {
	c, rt, _ := newTestCluster(t, Config{}, nil)
	before := waitFor(t, c, "settled", settled)
	killed, err := c.KillPod("")
	if err != nil {
		t.Fatal(err)
	}
	victim, _ := findPod(before, killed)
	s := waitFor(t, c, "replacement ready", func(s *Snapshot) bool {
		_, still := findPod(s, killed)
		return s.Settled && !still
	})
	if len(s.Heals) != 1 || s.Heals[0].Killed != killed || s.Heals[0].Cause != "kill-pod" {
		t.Fatalf("heals = %+v, want one for %s", s.Heals, killed)
	}
	repl, ok := findPod(s, s.Heals[0].Replacement)
	if !ok || !repl.Ready || repl.Restarts != 0 {
		t.Fatalf("replacement %+v", repl)
	}
	if repl.Node != victim.Node {
		t.Errorf("replacement on %s, want the freed node %s (least pods first)", repl.Node, victim.Node)
	}
	waitLen(t, rt, 3) // the killed container is garbage-collected
}

func TestScaleUpAndDown(t *testing.T) {
	c, rt, _ := newTestCluster(t, Config{Replicas: 2}, nil)
	log := recordUpdates(c)
	waitFor(t, c, "settled", settled)
	if err := c.Scale(5); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, c, "5 ready", func(s *Snapshot) bool { return s.Settled && s.ReadyPods == 5 })
	if got := podsOn(s); !mapsEqual(got, map[string]int{"node-1": 2, "node-2": 2, "node-3": 1}) {
		t.Errorf("after scale up: %v", got)
	}
	if err := c.Scale(1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "1 pod", func(s *Snapshot) bool { return s.Settled && len(s.Pods) == 1 })
	waitLen(t, rt, 1)
	want := []ReplicaChange{{From: 0, To: 2}, {From: 2, To: 5}, {From: 5, To: 1}}
	var got []ReplicaChange
	log.waitFor(t, "the scaling events", func(l *updateLog) bool {
		got = nil
		for _, e := range l.events {
			if e.Reason == ReasonScalingReplicaSet && e.Replicas != nil {
				got = append(got, *e.Replicas)
			}
		}
		return len(got) >= len(want)
	})
	if !slices.Equal(got, want) {
		t.Errorf("ScalingReplicaSet replicas %v, want %v", got, want)
	}
}

// restartDelays drives a container that exits every time it starts and
// returns the restart delays the kubelet chose.
func TestBackoffDoublesToTheCapAndResets(t *testing.T) {
	c, rt, clk := newTestCluster(t, Config{Replicas: 1, Nodes: 1}, nil)
	s := waitFor(t, c, "settled", settled)
	name := s.Pods[0].Name
	want := []time.Duration{10, 20, 40, 80, 160, 300, 300}
	for i := range want {
		want[i] *= time.Second
	}
	for i := range want {
		p, _ := findPod(c.Snapshot(), name)
		rt.Exit(p.Instance, 1, false)
		s = waitFor(t, c, "back-off", func(s *Snapshot) bool {
			p, _ := findPod(s, name)
			return p.Status == StatusCrashLoopBackOff && len(p.BackoffDelays) == i+1
		})
		p, _ = findPod(s, name)
		if p.NextRestart != want[i] {
			t.Fatalf("restart %d: next restart in %v, want %v", i+1, p.NextRestart, want[i])
		}
		clk.Advance(want[i] - time.Millisecond)
		if p, _ := findPod(c.Snapshot(), name); p.Restarts != i {
			t.Fatalf("restarted before the back-off ran out")
		}
		clk.Advance(time.Millisecond)
		waitFor(t, c, "restarted and ready", func(s *Snapshot) bool {
			p, _ := findPod(s, name)
			return p.Restarts == i+1 && p.Ready
		})
	}
	p, _ := findPod(c.Snapshot(), name)
	if !slices.Equal(p.BackoffDelays, want) {
		t.Errorf("delays %v, want %v", p.BackoffDelays, want)
	}
	// Ten minutes of running resets the back-off.
	clk.Advance(BackoffReset)
	rt.Exit(p.Instance, 1, false)
	s = waitFor(t, c, "back-off after a long run", func(s *Snapshot) bool {
		p, _ := findPod(s, name)
		return len(p.BackoffDelays) == len(want)+1
	})
	if p, _ := findPod(s, name); p.NextRestart != BackoffInitial {
		t.Errorf("after 10 minutes of running: next restart in %v, want %v", p.NextRestart, BackoffInitial)
	}
}

// The back-off resets after a run of ten minutes, not ten minutes after a
// run began: a container that no longer starts keeps doubling, however old
// its last good start.
func TestBackoffOfAContainerThatNeverStartsDoubles(t *testing.T) {
	c, _, clk := newTestCluster(t, Config{Replicas: 1, Nodes: 1}, crashingFake)
	name := waitFor(t, c, "settled", settled).Pods[0].Name
	clk.Advance(BackoffReset) // a good run of ten minutes
	c.sync()
	if _, err := c.CrashLoopPod(name); err != nil {
		t.Fatal(err)
	}
	for i, want := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second} {
		s := waitFor(t, c, fmt.Sprint("back-off ", i+1), func(s *Snapshot) bool {
			p, _ := findPod(s, name)
			return p.Status == StatusCrashLoopBackOff && len(p.BackoffDelays) == i+1
		})
		if p, _ := findPod(s, name); p.BackoffDelays[i] != want {
			t.Fatalf("back-offs %v, want %v next", p.BackoffDelays, want)
		}
		clk.Advance(want)
	}
}

// The node monitor notices a dead node from its missed heartbeats:
// NotReady once the lease is NodeMonitorGrace old, so a heartbeat right
// before the kill moves detection later. Until then the scheduler still
// binds pods there (they never start). The evicted pods stay Terminating
// while their replacements start, until the garbage collection.
func TestNodeLossDetectionAndEviction(t *testing.T) {
	for _, tc := range []struct {
		beforeKill time.Duration // clock time between the start and the kill
		notReadyIn time.Duration // right after the kill
	}{
		{0, NodeMonitorGrace},
		{NodeLeaseRenew - time.Second, NodeMonitorGrace - NodeLeaseRenew + time.Second}, // the lease is 9 s old
		{NodeLeaseRenew, NodeMonitorGrace},                                              // renewed right before the kill
	} {
		t.Run(fmt.Sprint("kill after ", tc.beforeKill), func(t *testing.T) {
			c, _, clk := newTestCluster(t, Config{Replicas: 3, Nodes: 3}, nil)
			log := recordUpdates(c)
			waitFor(t, c, "settled", settled)
			clk.Advance(tc.beforeKill)
			if _, err := c.KillNode("node-2"); err != nil {
				t.Fatal(err)
			}
			c.sync()
			s := c.Snapshot()
			if n := s.Nodes[1]; !n.Down || n.Condition != NodeReady || n.NotReadyIn != tc.notReadyIn || s.NextDeadline != tc.notReadyIn {
				t.Fatalf("right after the kill: %+v, next deadline %v; want NotReady in %v", n, s.NextDeadline, tc.notReadyIn)
			}
			if s.ReadyPods != 3 {
				t.Errorf("the control plane cannot know yet: ready = %d, want 3", s.ReadyPods)
			}
			// The scheduler does not know either: one of three new pods lands on node-2.
			if err := c.Scale(6); err != nil {
				t.Fatal(err)
			}
			waitFor(t, c, "5 ready (one of them on the dead node)", func(s *Snapshot) bool { return s.ReadyPods == 5 })
			clk.Advance(tc.notReadyIn - time.Second)
			c.sync()
			s = c.Snapshot()
			if s.Nodes[1].Condition != NodeReady || s.Nodes[1].NotReadyIn != time.Second {
				t.Fatalf("a second before the lease runs out: %+v", s.Nodes[1])
			}
			var ghost PodInfo
			for _, p := range s.Pods {
				if p.Node == "node-2" && !p.Ready {
					ghost = p
				}
			}
			if ghost.Status != StatusPending || ghost.Instance != "" || podsOn(s)["node-2"] != 2 {
				t.Fatalf("the pod bound to the dead node: %+v (pods per node %v), want it Pending, never started", ghost, podsOn(s))
			}
			if d, ok := c.FastForward(); !ok || d != time.Second {
				t.Fatalf("fast-forward jumped %v (%v), want 1s to NotReady", d, ok)
			}
			s = waitFor(t, c, "NotReady", func(s *Snapshot) bool { return s.Nodes[1].Condition == NodeUnknown })
			if s.ReadyPods != 4 || len(s.Endpoints) != 4 || s.Nodes[1].EvictIn != TolerationSeconds {
				t.Fatalf("after NotReady: ready %d, endpoints %d, evict in %v", s.ReadyPods, len(s.Endpoints), s.Nodes[1].EvictIn)
			}
			clk.Advance(TolerationSeconds - time.Second)
			c.sync()
			if s := c.Snapshot(); len(s.Pods) != 6 || podsOn(s)["node-2"] != 2 {
				t.Fatal("evicted before the toleration ran out")
			}
			if d, ok := c.FastForward(); !ok || d != time.Second {
				t.Fatalf("fast-forward jumped %v (%v), want 1s to the eviction", d, ok)
			}
			log.waitFor(t, "the evicted pods Terminating beside their replacements", func(l *updateLog) bool {
				for _, s := range l.snaps {
					terminating, others := 0, 0
					for _, p := range s.Pods {
						switch {
						case p.Node == "node-2" && p.Status == StatusTerminating:
							terminating++
						case p.Node != "node-2" && p.Status != StatusTerminating:
							others++
						}
					}
					if terminating == 2 && others == 6 {
						return true
					}
				}
				return false
			})
			s = waitFor(t, c, "healed and collected", func(s *Snapshot) bool { return s.Settled && s.ReadyPods == 6 })
			if got := podsOn(s); got["node-2"] != 0 || got["node-1"] != 3 || got["node-3"] != 3 {
				t.Errorf("pods per node %v", got)
			}
			if len(s.Heals) != 1 || s.Heals[0].Cause != "kill-node" {
				t.Errorf("heals %+v", s.Heals)
			}
		})
	}
}

func TestLivenessProbeRestartsAHungContainer(t *testing.T) {
	var hung sync.Map
	c, _, clk := newTestCluster(t, Config{Replicas: 1, Nodes: 1, Probes: Probes{Timeout: 50 * time.Millisecond}}, func(rt *fake.Runtime) {
		rt.Handler = func(spec sandbox.Spec) http.Handler {
			var myHang atomic.Bool
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/hang":
					myHang.Store(true)
					hung.Store(spec.Name, true)
				case "/healthz":
					if myHang.Load() {
						<-r.Context().Done()
						return
					}
				}
				w.Write([]byte("ok"))
			})
		}
	})
	log := recordUpdates(c)
	s := waitFor(t, c, "settled", settled)
	name, err := c.HangPod("")
	if err != nil || name != s.Pods[0].Name {
		t.Fatalf("HangPod = %q, %v", name, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok := hung.Load(name); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pod was not told to hang")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for i := 1; i <= DefaultProbeThreshold; i++ {
		clk.Advance(DefaultProbePeriod)
		log.waitFor(t, fmt.Sprintf("liveness failure %d", i), func(l *updateLog) bool {
			return count(l.events, isLiveness(ReasonUnhealthy)) >= i
		})
	}
	log.waitFor(t, "the kill by the liveness probe", func(l *updateLog) bool {
		return count(l.events, isLiveness(ReasonKilling)) == 1
	})
	s = waitFor(t, c, "killed and backing off", func(s *Snapshot) bool {
		p, _ := findPod(s, name)
		return p.Status == StatusCrashLoopBackOff
	})
	clk.Advance(BackoffInitial)
	waitFor(t, c, "restarted", func(s *Snapshot) bool {
		p, _ := findPod(s, name)
		return p.Restarts == 1 && p.Ready && !p.Hung
	})
}

// isLiveness matches the liveness probe's events of reason.
func isLiveness(reason string) func(Event) bool {
	return func(e Event) bool { return e.Reason == reason && e.Probe == ProbeLiveness }
}

// Scaling down deletes the pod that serves least first: a crash-looping one
// before ready ones.
func TestScaleDownDeletesNotReadyFirst(t *testing.T) {
	c, rt, _ := newTestCluster(t, Config{Replicas: 3}, nil)
	s := waitFor(t, c, "settled", settled)
	victim := s.Pods[1]
	rt.Exit(victim.Instance, 1, false)
	waitFor(t, c, "back-off", func(s *Snapshot) bool {
		p, _ := findPod(s, victim.Name)
		return p.Status == StatusCrashLoopBackOff
	})
	if err := c.Scale(2); err != nil {
		t.Fatal(err)
	}
	s = waitFor(t, c, "scaled down", func(s *Snapshot) bool { return s.Settled && len(s.Pods) == 2 })
	if _, still := findPod(s, victim.Name); still {
		t.Errorf("scale-down kept the crash-looping %s and deleted a ready pod", victim.Name)
	}
}

// waitLen waits until the runtime holds n instances: dead containers of
// deleted pods are removed gcDelay later.
func waitLen(t *testing.T, rt *fake.Runtime, n int) {
	t.Helper()
	deadline := time.Now().Add(gcDelay + 5*time.Second)
	for rt.Len() != n {
		if time.Now().After(deadline) {
			t.Fatalf("runtime holds %d instances, want %d", rt.Len(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// updateLog reads c's stream as a view does, from the start, and keeps
// every event and snapshot, and the statuses each pod showed (repeats
// folded).
type updateLog struct {
	mu       sync.Mutex
	events   []Event
	snaps    []*Snapshot
	statuses map[string][]string
	changed  chan struct{} // closed at the next update
}

func recordUpdates(c *Cluster) *updateLog {
	l := &updateLog{statuses: map[string][]string{}, changed: make(chan struct{})}
	go func() {
		for u := range c.Updates() {
			l.mu.Lock()
			l.events = append(l.events, u.Events...)
			l.snaps = append(l.snaps, u.Snapshot)
			for _, p := range u.Snapshot.Pods {
				if ss := l.statuses[p.Name]; len(ss) == 0 || ss[len(ss)-1] != p.Status {
					l.statuses[p.Name] = append(ss, p.Status)
				}
			}
			close(l.changed)
			l.changed = make(chan struct{})
			l.mu.Unlock()
		}
	}()
	return l
}

// waitFor waits until cond holds for what the log has seen.
func (l *updateLog) waitFor(t *testing.T, what string, cond func(*updateLog) bool) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		l.mu.Lock()
		ok, ch := cond(l), l.changed
		l.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timeout:
			l.mu.Lock()
			defer l.mu.Unlock()
			t.Fatalf("the stream never showed %s; statuses %v", what, l.statuses)
		}
	}
}

func count(events []Event, match func(Event) bool) int {
	n := 0
	for _, e := range events {
		if match(e) {
			n++
		}
	}
	return n
}

// A container that ends shows how (Error, Completed) until the kubelet
// starts the back-off, and its last termination stays visible after.
func TestExitedContainerShowsItsTermination(t *testing.T) {
	for _, tc := range []struct {
		code int
		want string
	}{
		{1, StatusError},
		{0, StatusCompleted},
	} {
		t.Run(tc.want, func(t *testing.T) {
			c, rt, _ := newTestCluster(t, Config{Replicas: 1, Nodes: 1}, nil)
			log := recordUpdates(c)
			s := waitFor(t, c, "settled", settled)
			name := s.Pods[0].Name
			rt.Exit(s.Pods[0].Instance, tc.code, false)
			log.waitFor(t, "the back-off", func(l *updateLog) bool {
				ss := l.statuses[name]
				return len(ss) > 0 && ss[len(ss)-1] == StatusCrashLoopBackOff
			})
			log.mu.Lock()
			got := slices.Clone(log.statuses[name])
			backoffs := slices.DeleteFunc(slices.Clone(log.events), func(e Event) bool { return e.Reason != ReasonBackOff })
			log.mu.Unlock()
			if n := len(got); n < 3 || got[n-3] != StatusRunning || got[n-2] != tc.want {
				t.Errorf("statuses %v, want Running, %s, CrashLoopBackOff", got, tc.want)
			}
			if len(backoffs) != 1 || backoffs[0].ExitCode == nil || *backoffs[0].ExitCode != tc.code || backoffs[0].Backoff != BackoffInitial {
				t.Errorf("BackOff events %+v, want one with exit code %d and back-off %v", backoffs, tc.code, BackoffInitial)
			}
			p, _ := findPod(c.Snapshot(), name)
			if want := (Termination{ExitCode: tc.code, Reason: tc.want}); p.LastTermination == nil || *p.LastTermination != want {
				t.Errorf("last termination %+v while backing off, want %+v", p.LastTermination, want)
			}
		})
	}
}

// unhealthyCount counts Unhealthy events so far (of both probes). Kept for
// integration_test.go, which is moving out; new tests read Event.Probe.
func (c *Cluster) unhealthyCount() int { return c.reasonCount(ReasonUnhealthy) }

// A barrier before a "not yet" check must return after the publish of the
// batch it lands in. call's function runs inside the batch, before the loop
// reconciles and publishes it; sync's channel closes after the publish.
func TestSyncWaitsForThePublish(t *testing.T) {
	for _, tc := range []struct {
		name          string
		barrier       func(c *Cluster) <-chan struct{}
		beforePublish bool
	}{
		{"call", func(c *Cluster) <-chan struct{} {
			done := make(chan struct{})
			c.post(func() { close(done) }) // what call(func() {}) posts and waits for
			return done
		}, true},
		{"sync", func(c *Cluster) <-chan struct{} {
			done, _ := c.published()
			return done
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _, _ := newTestCluster(t, Config{Replicas: 1, Nodes: 1}, nil)
			waitFor(t, c, "settled", settled)
			hold, holding := make(chan struct{}), make(chan struct{})
			c.post(func() { close(holding); <-hold }) // from here on, posts queue for the next batch
			<-holding
			c.post(func() { c.deploy.replicas = 2 }) // a command's change
			done := tc.barrier(c)
			release, waiting := make(chan struct{}), make(chan struct{})
			c.post(func() { close(waiting); <-release }) // the batch's last function: its publish waits
			close(hold)
			<-waiting
			returned := false
			select {
			case <-done:
				returned = true
			default:
			}
			if returned != tc.beforePublish {
				t.Errorf("returned before the publish: %v, want %v", returned, tc.beforePublish)
			}
			if n := c.Snapshot().Replicas; n != 1 {
				t.Fatalf("the batch was published before its end: replicas %d", n)
			}
			close(release)
			<-done
			if n := c.Snapshot().Replicas; !tc.beforePublish && n != 2 {
				t.Errorf("after sync: replicas %d, want 2", n)
			}
		})
	}
}

// warn logs a runtime call's error, but not an instance already gone or a
// call cut short on purpose.
func TestWarnLogsOnlyRealErrors(t *testing.T) {
	var buf strings.Builder
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	for _, tc := range []struct {
		err    error
		logged bool
	}{
		{nil, false},
		{fmt.Errorf("remove: %w", sandbox.ErrNotFound), false},
		{context.Canceled, false},
		{errors.New("docker: conflict"), true},
	} {
		buf.Reset()
		warn("remove", "abc123", tc.err)
		if got := strings.Contains(buf.String(), "abc123"); got != tc.logged {
			t.Errorf("warn(%v) logged %q, want logged %v", tc.err, buf.String(), tc.logged)
		}
	}
}
