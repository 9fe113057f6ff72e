package orchestrator

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster/clustertest"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
)

// The scheduler's filters: required anti-affinity (one per node) and
// DoNotSchedule spread leave a pod Pending, saying why.
func TestSchedulerConstraints(t *testing.T) {
	tests := []struct {
		name            string
		replicas, nodes int
		tmpl            Template
		perNode         map[string]int // pods bound per node
		pending         int
		why             string // in the FailedScheduling event
	}{
		{"one per node, one too many", 4, 3, Template{OnePerNode: true},
			map[string]int{"node-1": 1, "node-2": 1, "node-3": 1}, 1, "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules."},
		{"one per node, room for all", 2, 3, Template{OnePerNode: true},
			map[string]int{"node-1": 1, "node-2": 1}, 0, ""},
		{"spread within skew 1", 5, 3, Template{Spread: []Spread{{MaxSkew: 1, DoNotSchedule: true}}},
			map[string]int{"node-1": 2, "node-2": 2, "node-3": 1}, 0, ""},
		{"ScheduleAnyway never holds a pod", 4, 1, Template{Spread: []Spread{{MaxSkew: 1}}},
			map[string]int{"node-1": 4}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestCluster(t, Config{Replicas: tt.replicas, Nodes: tt.nodes, Template: tt.tmpl}, nil)
			log := recordUpdates(c)
			bound := 0
			for _, n := range tt.perNode {
				bound += n
			}
			s := waitFor(t, c, "pods bound and ready", func(s *Snapshot) bool { return s.ReadyPods == bound && len(s.Pods) == tt.replicas })
			got := map[string]int{}
			pending := 0
			for _, p := range s.Pods {
				if p.Node == "" {
					pending++
				} else {
					got[p.Node]++
				}
			}
			if !mapsEqual(got, tt.perNode) || pending != tt.pending {
				t.Errorf("pods per node %v with %d pending, want %v with %d", got, pending, tt.perNode, tt.pending)
			}
			if tt.why == "" {
				return
			}
			log.waitFor(t, "FailedScheduling", func(l *updateLog) bool {
				return count(l.events, func(e Event) bool { return e.Reason == ReasonFailedScheduling && e.Message == tt.why }) == 1
			})
		})
	}
}

// probedApp serves /healthz and /readyz with 503 until the test lets it
// (healthy, ready), and counts the probes.
type probedApp struct {
	healthy, ready atomic.Bool
	probes         atomic.Int64
}

func (a *probedApp) handler(sandbox.Spec) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok := true
		switch r.URL.Path {
		case "/healthz":
			ok = a.healthy.Load()
			a.probes.Add(1)
		case "/readyz":
			ok = a.ready.Load()
			a.probes.Add(1)
		}
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
}

func probed(path string, period time.Duration, failures int) *Probe {
	return &Probe{Path: path, Period: period, Timeout: time.Second, FailureThreshold: failures, SuccessThreshold: 1}
}

// stepProbes advances the clock a period at a time until cond holds, once
// the pods' containers run (the fake starts them off the loop: stepping
// before that stepped a clock nobody probed on).
func stepProbes(t *testing.T, c *Cluster, clk *clock.Virtual, log *updateLog, what string, cond func(*Snapshot, *updateLog) bool) {
	t.Helper()
	waitFor(t, c, "the containers running", func(s *Snapshot) bool {
		for _, p := range s.Pods {
			if p.Phase != PhaseRunning {
				return false
			}
		}
		return len(s.Pods) > 0
	})
	for range 50 {
		if err := c.sync(); err != nil {
			t.Fatal(err)
		}
		log.mu.Lock()
		ok := cond(c.Snapshot(), log)
		log.mu.Unlock()
		if ok {
			return
		}
		clk.Advance(time.Second)
		waitProbesAnswered(t, c)
	}
	// The log reads the stream behind the loop: give it time to catch up
	// with what the steps did before calling it never.
	log.waitFor(t, what, func(l *updateLog) bool { return cond(c.Snapshot(), l) })
}

// waitProbesAnswered waits until no probe of the loop is in flight.
func waitProbesAnswered(t *testing.T, c *Cluster) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		busy := false
		c.call(func() {
			for _, p := range c.pods {
				for _, w := range p.probers {
					busy = busy || w.busy
				}
			}
		})
		if !busy {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a probe never answered")
		}
		c.sync()
	}
}

// A template's own probes: none makes a running container ready at once;
// a readiness probe holds it back until it passes; a startup probe holds
// liveness back until it passes, and restarts the container when it never
// does.
func TestTemplateProbes(t *testing.T) {
	sec := time.Second
	tests := []struct {
		name   string
		probes ContainerProbes
		run    func(t *testing.T, app *probedApp, c *Cluster, clk *clock.Virtual, log *updateLog)
	}{
		{"none: ready once running", ContainerProbes{}, func(t *testing.T, app *probedApp, c *Cluster, clk *clock.Virtual, log *updateLog) {
			waitFor(t, c, "ready without any probe", func(s *Snapshot) bool { return s.ReadyPods == 1 })
			if n := app.probes.Load(); n != 0 {
				t.Errorf("%d probes ran, want none", n)
			}
		}},
		{"readiness holds the endpoint back", ContainerProbes{Readiness: probed("/readyz", sec, 1)}, func(t *testing.T, app *probedApp, c *Cluster, clk *clock.Virtual, log *updateLog) {
			stepProbes(t, c, clk, log, "a failed readiness probe", func(s *Snapshot, l *updateLog) bool {
				return count(l.events, func(e Event) bool { return e.Reason == ReasonUnhealthy && e.Probe == ProbeReadiness }) > 0
			})
			if s := c.Snapshot(); s.ReadyPods != 0 {
				t.Fatalf("ready before its readiness probe passed:\n%s", clustertest.Dump(s))
			}
			app.ready.Store(true)
			stepProbes(t, c, clk, log, "ready", func(s *Snapshot, _ *updateLog) bool { return s.ReadyPods == 1 })
		}},
		{"startup gates liveness", ContainerProbes{Startup: probed("/healthz", sec, 5), Liveness: probed("/healthz", sec, 1)}, func(t *testing.T, app *probedApp, c *Cluster, clk *clock.Virtual, log *updateLog) {
			stepProbes(t, c, clk, log, "three startup failures", func(s *Snapshot, l *updateLog) bool {
				return count(l.events, func(e Event) bool { return e.Reason == ReasonUnhealthy && e.Probe == ProbeStartup }) >= 3
			})
			app.healthy.Store(true)
			stepProbes(t, c, clk, log, "ready", func(s *Snapshot, _ *updateLog) bool { return s.ReadyPods == 1 })
			log.mu.Lock()
			defer log.mu.Unlock()
			if n := count(log.events, func(e Event) bool { return e.Probe == ProbeLiveness }); n != 0 {
				t.Errorf("%d liveness events while the startup probe ran, want none", n)
			}
		}},
		{"startup never passes: restarted", ContainerProbes{Startup: probed("/healthz", sec, 3)}, func(t *testing.T, app *probedApp, c *Cluster, clk *clock.Virtual, log *updateLog) {
			stepProbes(t, c, clk, log, "killed by the startup probe", func(s *Snapshot, l *updateLog) bool {
				return count(l.events, func(e Event) bool {
					return e.Reason == ReasonKilling && e.Probe == ProbeStartup && strings.Contains(e.Message, "failed startup probe")
				}) >= 1
			})
			// The back-off timer exists once the kubelet saw the container die.
			waitFor(t, c, "backing off", func(s *Snapshot) bool {
				return len(s.Pods) == 1 && (s.Pods[0].Restarts == 1 || s.Pods[0].NextRestart > 0)
			})
			clk.Advance(BackoffInitial)
			waitFor(t, c, "restarted", func(s *Snapshot) bool { return len(s.Pods) == 1 && s.Pods[0].Restarts == 1 })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := &probedApp{}
			pr := tt.probes
			c, _, clk := newTestCluster(t, Config{Replicas: 1, Nodes: 1, Template: Template{Probes: &pr}}, func(rt *fake.Runtime) {
				rt.Handler = app.handler
				rt.ManualReady = true // the runtime's own ready check never answers: only the template's probes decide
			})
			tt.run(t, app, c, clk, recordUpdates(c))
		})
	}
}

func TestRealGrace(t *testing.T) {
	c := &Cluster{vclk: clock.NewScaled(10)}
	for _, tc := range []struct {
		grace, want time.Duration
	}{{0, 3 * time.Second}, {5 * time.Second, 500 * time.Millisecond}, {NoGrace, 0}} {
		if got := c.realGrace(&pod{template: Template{TerminationGrace: tc.grace}}); got != tc.want {
			t.Errorf("grace %v at x10 = %v real, want %v", tc.grace, got, tc.want)
		}
	}
}
