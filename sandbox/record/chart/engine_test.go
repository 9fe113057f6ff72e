package chart

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// The embedded control plane on the fake runtime, recorded the way the
// demo side records (its updates' events, then its snapshot), charted: the
// contract checked against what the engine really writes, not only against
// the values these tests make up.

// clusterRun records a demo's script on a fresh control plane until the
// recorder has written a state for which done holds.
func clusterRun(t *testing.T, demo string, script func(ctx context.Context, c *orchestrator.Cluster, clk *clock.Virtual), done func(*cluster.Snapshot) bool) *record.Recording {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the control plane")
	}
	rt := fake.New(clock.Real())
	clk := clock.NewManual(start)
	c, err := orchestrator.New(rt, clk, orchestrator.Config{TrafficRate: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := record.NewWriter(&buf, record.Header{Demo: demo, Backend: "fake", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	recorded := make(chan error, 1)
	finished := make(chan struct{}) // the recorder wrote a state done holds for
	go func() {
		var err error
		toClose := finished
		// On the fake runtime a whole run takes milliseconds: stamp the
		// updates 100 ms apart, so no state shares a millisecond.
		for n := 0; ; n++ {
			u, ok := <-c.Updates()
			if !ok {
				break
			}
			at := time.Duration(n) * 100 * time.Millisecond
			for _, e := range u.Events {
				err = firstErr(err, w.Write(at, "event", e))
			}
			err = firstErr(err, w.State(at, u.Snapshot))
			if toClose != nil && done(u.Snapshot) {
				close(toClose)
				toClose = nil
			}
		}
		recorded <- err
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	script(ctx, c, clk)
	// Close drops the updates not delivered yet: wait for the recorder.
	select {
	case <-finished:
	case <-ctx.Done():
		t.Fatal("the recorder never saw the run finish")
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	rt.Close(ctx)
	rec := readBack(t, w, &buf, recorded)
	var png bytes.Buffer
	if err := Draw(rec, &png, "png", DefaultSize); err != nil {
		t.Fatal(err)
	}
	keep(t, demo+"-engine.png", png.Bytes())
	return rec
}

func waitFor(ctx context.Context, t *testing.T, c *orchestrator.Cluster, what string, cond func(*cluster.Snapshot) bool) {
	t.Helper()
	if _, err := c.WaitFor(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func TestSelfHealingChartOfARealRun(t *testing.T) {
	var killed string
	rec := clusterRun(t, "self-healing", func(ctx context.Context, c *orchestrator.Cluster, clk *clock.Virtual) {
		waitFor(ctx, t, c, "settled", func(s *cluster.Snapshot) bool { return s.Settled })
		var err error
		if killed, err = c.KillPod(""); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, c, "the pod healed", func(s *cluster.Snapshot) bool { return len(s.Heals) == 1 && s.Settled })
		if _, err := c.KillNode("node-2"); err != nil {
			t.Fatal(err)
		}
		// Jump past the node monitor's grace period and the toleration.
		for len(c.Snapshot().Heals) < 2 && ctx.Err() == nil {
			if _, ok := c.FastForward(); !ok {
				time.Sleep(20 * time.Millisecond)
			}
		}
	}, func(s *cluster.Snapshot) bool { return len(s.Heals) == 2 && s.Settled })

	d, err := selfHealingData(rec)
	if err != nil {
		t.Fatal(err)
	}
	labels := func(ms []mark) (out []string) {
		for _, m := range ms {
			out = append(out, m.Label)
		}
		return out
	}
	if k := labels(d.Kills); !slices.Contains(k, "kill "+killed) || !slices.Contains(k, "kill node-2") {
		t.Errorf("kills %q: want the pod %s and node-2", k, killed)
	}
	if got := labels(d.NotReady); !slices.Equal(got, []string{"node-2 NotReady"}) {
		t.Errorf("NotReady %q", got)
	}
	if len(d.Heals) != 2 || len(d.Evictions) != 1 || !strings.HasPrefix(d.Evictions[0].Label, "evict ") {
		t.Errorf("heals %v, evictions %v: want 2 heals, 1 eviction", d.Heals, d.Evictions)
	}
	if lowest := slices.MinFunc(d.Ready, func(a, b point) int { return cmp.Compare(a.V, b.V) }); lowest.V >= 3 {
		t.Errorf("ready pods never dipped below 3: %v", d.Ready)
	}
}

// The chart of a real rollout keeps within the bounds it draws.
func TestRollingDeployChartOfARealRun(t *testing.T) {
	rec := clusterRun(t, "rolling-deploy", func(ctx context.Context, c *orchestrator.Cluster, clk *clock.Virtual) {
		waitFor(ctx, t, c, "settled", func(s *cluster.Snapshot) bool { return s.Settled })
		if err := c.SetTemplate(orchestrator.NextTemplate(c.Template(), "")); err != nil {
			t.Fatal(err)
		}
	}, func(s *cluster.Snapshot) bool { return s.Rollout.Revision == 2 && s.Rollout.Complete && s.Settled })

	d, err := rollingDeployData(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Versions) != 2 || len(d.Bounds) != 2 || d.Bounds[1].Revision != 2 {
		t.Fatalf("versions %v, bounds %+v: want two versions and two rollouts", d.Versions, d.Bounds)
	}
	last := len(d.T) - 1
	if d.ByVersion[0][last] != 0 || d.ByVersion[1][last] != 3 {
		t.Errorf("at the end: %d pods of %s and %d of %s, want 0 and 3", d.ByVersion[0][last], d.Versions[0], d.ByVersion[1][last], d.Versions[1])
	}
	b := d.Bounds[1]
	for j, at := range d.T {
		if at < b.From {
			continue
		}
		if total := d.ByVersion[0][j] + d.ByVersion[1][j]; total > b.Most {
			t.Errorf("at %vs: %d pods, more than replicas + maxSurge = %d", at, total, b.Most)
		}
	}
	for _, p := range d.Ready {
		if p.T >= b.From && int(p.V) < b.Fewest {
			t.Errorf("at %vs: %v ready, fewer than replicas − maxUnavailable = %d", p.T, p.V, b.Fewest)
		}
	}
}

// firstErr keeps the first error.
func firstErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// Without traffic the HPA wants one pod, and, with no higher
// recommendation in its window yet, nothing holds the scale-in back.
func TestAutoscalingChartOfARealRun(t *testing.T) {
	rec := clusterRun(t, "autoscaling", func(ctx context.Context, c *orchestrator.Cluster, clk *clock.Virtual) {
		waitFor(ctx, t, c, "settled", func(s *cluster.Snapshot) bool { return s.Settled })
		if err := c.Autoscale(cluster.HPASpec{MinReplicas: 1, MaxReplicas: 5, Target: 50}, "rps"); err != nil {
			t.Fatal(err)
		}
		// The manual clock moves only when told: to the first sync.
		clk.Advance(cluster.DefaultHPASync)
	}, func(s *cluster.Snapshot) bool { return s.Replicas == 1 && s.Settled })

	d, err := autoscalingData(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Metric) != 1 || d.Metric[0].V != 0 || len(d.Held) != 0 || d.Unit != "req/s per pod" {
		t.Errorf("metric %v, held %v, unit %q: want one sync at 0 req/s, nothing held", d.Metric, d.Held, d.Unit)
	}
	if len(d.Desired) < 2 || d.Desired[0].V != 3 || d.Desired[len(d.Desired)-1].V != 1 {
		t.Errorf("desired replicas %v: want 3, then 1", d.Desired)
	}
	if len(d.Target) == 0 || d.Target[0].V != 50 {
		t.Errorf("target %v, want 50", d.Target)
	}
}

// The function service on the fake runtime, recorded the same way: every
// event, and its snapshot as the state.
func TestColdStartChartOfARealRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the function service")
	}
	clk := clock.NewManual(start)
	rt := fake.New(clk)
	rt.Handler = func(spec sandbox.Spec) http.Handler {
		cfg, err := workload.FromEnv(func(k string) string { return spec.Env[k] })
		if err != nil {
			t.Errorf("workload env: %v", err)
		}
		cfg.InitWork, cfg.InitMemMB, cfg.RequestWork = 1, 0, 0 // fast, still measured
		return workload.NewServer(context.Background(), cfg).Handler()
	}
	cfg := faas.Defaults
	cfg.Concurrency = 2
	e, err := faas.New(rt, clk, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := record.NewWriter(&buf, record.Header{Demo: "cold-start", Backend: "fake", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	recorded := make(chan error, 1)
	go func() {
		var err error
		n := 0
		for ev := range e.Events() {
			at := time.Duration(n) * 100 * time.Millisecond // as above: 100 ms apart
			n++
			err = firstErr(err, w.Write(at, "event", ev))
			err = firstErr(err, w.State(at, ev.Snapshot))
		}
		recorded <- err
	}()

	ctx := context.Background()
	for range 3 {
		e.Invoke(ctx) // cold, then warm twice
	}
	e.Burst(ctx, 3) // the idle one, a new one, and one throttled at 2
	e.SkipToIdleReap()
	if err := e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	rt.Close(ctx)
	rec := readBack(t, w, &buf, recorded)

	d, err := coldStartData(rec)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[faas.Kind]int{}
	for _, inv := range d.Invocations {
		kinds[inv.Kind]++
	}
	if want := map[faas.Kind]int{faas.KindCold: 2, faas.KindWarm: 3, faas.KindThrottled: 1}; !maps.Equal(kinds, want) {
		t.Errorf("invocations by kind %v, want %v", kinds, want)
	}
	if most := slices.MaxFunc(d.Alive, func(a, b point) int { return cmp.Compare(a.V, b.V) }); most.V != 2 {
		t.Errorf("at most %v environments alive, want 2: %v", most.V, d.Alive)
	}
	if last := d.Alive[len(d.Alive)-1]; last.V != 0 {
		t.Errorf("%v environments alive at the end, want 0", last.V)
	}
	var png bytes.Buffer
	if err := Draw(rec, &png, "png", DefaultSize); err != nil {
		t.Fatal(err)
	}
	keep(t, "cold-start-engine.png", png.Bytes())
}

// readBack waits for the recorder to finish (recorded says how it went),
// closes its writer w and opens what it wrote to buf.
func readBack(t *testing.T, w *record.Writer, buf *bytes.Buffer, recorded <-chan error) *record.Recording {
	t.Helper()
	if err := <-recorded; err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rec, err := record.Open(buf)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
