package autoscalingview

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// recorded is a fixed run on the request-rate metric: load raised to 45
// req/s, the HPA scaling 1 → 5 → 5, then the load lowered and the count
// held by the stabilization window.
func recorded() []tea.Msg {
	spec := cluster.HPASpec{MinReplicas: 1, MaxReplicas: 6, Target: 10}.WithDefaults()
	var hist []cluster.HPADecision
	add := func(cur, measured int, metric float64, raw, stab, desired int, reason string) {
		hist = append(hist, cluster.HPADecision{At: t0.Add(time.Duration(len(hist)+1) * 15 * time.Second), Current: cur, Measured: measured, Metric: metric,
			Target: 10, Ratio: metric / 10, Raw: raw, Tolerated: raw == cur && reason == "", Stabilized: stab, Desired: desired, Reason: reason})
	}
	add(1, 1, 6, 1, 1, 1, "ValidMetricFound: desired from the metric")
	add(1, 1, 44, 5, 5, 5, "ValidMetricFound: desired from the metric")
	add(5, 5, 9.2, 5, 5, 5, "")
	add(5, 5, 1.2, 1, 5, 5, "ScaleDownStabilized: highest recommendation in the last 5m0s is 5")
	status := func(n int) *cluster.AutoscalerStatus {
		return &cluster.AutoscalerStatus{Spec: spec, Metric: "rps", Unit: "req/s",
			Describe: "requests per second per ready pod, counted at the Service", History: hist[:n:n], Syncs: n}
	}
	pods := func(n, ready int) []cluster.PodInfo {
		var ps []cluster.PodInfo
		for i := 0; i < n; i++ {
			st := cluster.StatusRunning
			ps = append(ps, cluster.PodInfo{Name: fmt.Sprintf("web-b7c9d-p%d", i), Version: "v1", Status: st, Ready: i < ready})
		}
		return ps
	}
	update := func(replicas, n, ready int, ok int64, syncs int, events ...cluster.Event) tea.Msg {
		s := &cluster.Snapshot{Time: t0, Replicas: replicas, ReadyPods: ready, Pods: pods(n, ready), Settled: ready == replicas,
			Traffic: service.TrafficStats{Rate: 45, OK: ok}, Autoscaler: status(syncs)}
		return demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: s, Events: events}}
	}
	rescale := cluster.Event{Type: cluster.Normal, Reason: cluster.ReasonSuccessfulRescale, Object: "horizontalpodautoscaler/web",
		Message: "New size: 5; reason: requests per second per pod above target", Replicas: &cluster.ReplicaChange{From: 1, To: 5}, HPA: &hist[1]}
	return []tea.Msg{
		update(1, 1, 1, 20, 0),
		update(1, 1, 1, 20, 1),
		update(1, 1, 1, 20, 2, rescale), // the sync that decided 5, and its event
		update(5, 5, 3, 200, 2, cluster.Event{Type: cluster.Normal, Reason: cluster.ReasonScalingReplicaSet, Message: "Scaled up replica set web-b7c9d from 1 to 5"}),
		update(5, 5, 3, 200, 3),
		update(5, 5, 3, 200, 4),
		update(5, 5, 5, 900, 4),
	}
}

func newTestModel(noColor bool, w, h int) *Model {
	ctx := demokittest.Context(noColor)
	ctx.Backend = "process"
	m := New(ctx, nil, autoscaling.Defaults())
	m.SetSize(w, h)
	m.Choice = demokit.Choice{Backend: "process", Reason: "--backend process"}
	m.Sess.Start(nil) // generation 1; the command is not run
	m.Status, m.load = "", autoscaling.Load{Rate: 6}
	demokittest.Feed(m, recorded()...)
	return m
}

func TestViewGolden(t *testing.T) {
	demokittest.PlainGoldens(t, func(w, h int) string { return newTestModel(true, w, h).View() },
		demokittest.Size{W: 110, H: 32}, demokittest.Size{W: 60, H: 15})
}

func TestViewGoldenColour(t *testing.T) {
	demokittest.Golden(t, newTestModel(false, 110, 32).View(), 110, 32)
}

// One rescale is one line: the SuccessfulRescale event of the stream (the
// view used to invent a second one from the HPA's status).
func TestRescaleIsLoggedOnce(t *testing.T) {
	m := newTestModel(true, 110, 32)
	n := 0
	for _, e := range m.events {
		if e.Reason == "SuccessfulRescale" {
			n++
			if !strings.Contains(e.Message, "New size: 5") {
				t.Errorf("event %q", e.Message)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d SuccessfulRescale events, want 1", n)
	}
}

func TestNext(t *testing.T) {
	for _, tc := range []struct{ cur, dir, want int }{{6, 1, 10}, {6, -1, 4}, {2, -1, 2}, {120, 1, 120}, {7, 1, 10}, {7, -1, 6}, {500, -1, 120}} {
		if got := next(rates, tc.cur, tc.dir); got != tc.want {
			t.Errorf("next(%d, %d) = %d, want %d", tc.cur, tc.dir, got, tc.want)
		}
	}
}

func TestLoadKeysAndCloseRemovesEverything(t *testing.T) {
	rt := demokittest.Fake()
	m := New(demokittest.Context(true), demokittest.Opener(rt), autoscaling.Options{Min: 1, Max: 4, TimeScale: 100})
	m.SetSize(100, 30)
	updates := demokittest.Start(t, m, m.Sess).Updates()
	demokittest.Pump(t, m, m.Sess, updates, "settled under load", func() bool { return m.snap != nil && m.snap.Settled && m.snap.Traffic.Rate > 0 })
	done := demokittest.Press(t, m, '+').(loadSetMsg)
	if done.err != nil || done.load.Rate != 10 {
		t.Fatalf("+: %+v", done)
	}
	m.Update(done)
	if _, cmd := m.Update(demokittest.Key(']')); cmd != nil || !strings.Contains(m.Err, "docker") {
		t.Errorf("] on the rate metric: err %q", m.Err)
	}
	// the autoscaler syncs every 0.15 s
	demokittest.Pump(t, m, m.Sess, updates, "two syncs", func() bool { return m.hpa.Metric != "" && len(m.hpa.History) >= 2 })
	if !strings.Contains(ansi.Strip(m.View()), "desired") {
		t.Errorf("view:\n%s", ansi.Strip(m.View()))
	}
	m.Close()
	if n := rt.Len(); n != 0 {
		t.Fatalf("Close left %d instances", n)
	}
}
