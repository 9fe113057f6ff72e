package rollingdeployview

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func pod(name, rs, version, status string, ready bool) cluster.PodInfo {
	phase := cluster.PhaseRunning
	if status == cluster.StatusContainerCreating {
		phase = cluster.PhasePending
	}
	return cluster.PodInfo{Name: name, ReplicaSet: rs, Version: version, Phase: phase, Status: status, Ready: ready}
}

// recorded is a fixed run: v1 on 4 pods, then a RollingUpdate to v2 half
// way (surge 1, unavailable 1), then a bad v3 stalled at its deadline.
func recorded() []tea.Msg {
	rs1 := cluster.ReplicaSetInfo{Name: "web-b7c9d", Revision: 1, Version: "v1", Desired: 4, Current: 4, Ready: 4}
	v1pods := []cluster.PodInfo{
		pod("web-b7c9d-h2k4x", rs1.Name, "v1", "Running", true), pod("web-b7c9d-m8p2q", rs1.Name, "v1", "Running", true),
		pod("web-b7c9d-r5t7v", rs1.Name, "v1", "Running", true), pod("web-b7c9d-z9w3n", rs1.Name, "v1", "Running", true),
	}
	settled := &cluster.Snapshot{Time: t0, Replicas: 4, ReadyPods: 4, Pods: v1pods, ReplicaSets: []cluster.ReplicaSetInfo{rs1}, Settled: true,
		Traffic: service.TrafficStats{Rate: 30, OK: 40, ByVersion: map[string]int64{"v1": 40}},
		Rollout: cluster.RolloutInfo{Strategy: "RollingUpdate", MaxSurge: 1, MaxUnavailable: 1, Revision: 1, Version: "v1", Replicas: 4, Total: 4, Updated: 4, UpdatedAvailable: 4,
			Complete: true, Progressing: "True", Reason: cluster.ReasonNewReplicaSetAvailable, Took: 1730 * time.Millisecond,
			Status: `deployment "web" successfully rolled out`}}

	rs1b := rs1
	rs1b.Desired, rs1b.Current, rs1b.Ready = 2, 3, 2
	rs2 := cluster.ReplicaSetInfo{Name: "web-q4lx8", Revision: 2, Version: "v2", Desired: 3, Current: 3, Ready: 1}
	mid := &cluster.Snapshot{Time: t0.Add(3 * time.Second), Replicas: 4, ReadyPods: 3,
		Pods: []cluster.PodInfo{
			pod("web-b7c9d-h2k4x", rs1.Name, "v1", "Running", true), pod("web-b7c9d-m8p2q", rs1.Name, "v1", cluster.StatusTerminating, false),
			pod("web-b7c9d-z9w3n", rs1.Name, "v1", "Running", true),
			pod("web-q4lx8-c6d2f", rs2.Name, "v2", "Running", true), pod("web-q4lx8-j7k3l", rs2.Name, "v2", "Running", false),
			pod("web-q4lx8-s2x9b", rs2.Name, "v2", cluster.StatusContainerCreating, false),
		},
		ReplicaSets: []cluster.ReplicaSetInfo{rs1b, rs2},
		Traffic:     service.TrafficStats{Rate: 30, OK: 130, ByVersion: map[string]int64{"v1": 112, "v2": 18}},
		Rollout: cluster.RolloutInfo{Strategy: "RollingUpdate", MaxSurge: 1, MaxUnavailable: 1, Revision: 2, Version: "v2", Replicas: 4, Total: 5, Updated: 3, UpdatedAvailable: 1, Available: 3, Old: 2, MostPods: 5, FewestReady: 3,
			Progressing: "True", Reason: cluster.ReasonReplicaSetUpdated, DeadlineIn: 580 * time.Second,
			Status: `Waiting for deployment "web" rollout to finish: 3 out of 4 new replicas have been updated...`}}
	ev := func(typ cluster.EventType, reason, obj, msg string) cluster.Event {
		return cluster.Event{Type: typ, Reason: reason, Object: obj, Message: msg}
	}
	return []tea.Msg{
		demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: settled, Events: []cluster.Event{
			ev(cluster.Normal, "ScalingReplicaSet", "deployment/web", "Scaled up replica set web-b7c9d from 0 to 4"),
		}}},
		demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: mid, Events: []cluster.Event{
			ev(cluster.Normal, "ScalingReplicaSet", "deployment/web", "Scaled up replica set web-q4lx8 from 0 to 1"),
			ev(cluster.Normal, "ScalingReplicaSet", "deployment/web", "Scaled down replica set web-b7c9d from 4 to 3"),
			ev(cluster.Normal, "ScalingReplicaSet", "deployment/web", "Scaled up replica set web-q4lx8 from 1 to 3"),
			ev(cluster.Normal, "Killing", "pod/web-b7c9d-m8p2q", "Stopping container web"),
		}}},
	}
}

// stalled is a bad v3 stuck behind its progress deadline.
func stalled() tea.Msg {
	rs2 := cluster.ReplicaSetInfo{Name: "web-q4lx8", Revision: 2, Version: "v2", Desired: 3, Current: 3, Ready: 3}
	rs3 := cluster.ReplicaSetInfo{Name: "web-f5g6h", Revision: 3, Version: "v3", Desired: 2, Current: 2, Ready: 0}
	s := &cluster.Snapshot{Time: t0.Add(40 * time.Second), Replicas: 4, ReadyPods: 3,
		Pods: []cluster.PodInfo{
			pod("web-q4lx8-c6d2f", rs2.Name, "v2", "Running", true), pod("web-q4lx8-j7k3l", rs2.Name, "v2", "Running", true),
			pod("web-q4lx8-s2x9b", rs2.Name, "v2", "Running", true),
			pod("web-f5g6h-a1b2c", rs3.Name, "v3", "Running", false), pod("web-f5g6h-d3e4f", rs3.Name, "v3", "Running", false),
		},
		ReplicaSets: []cluster.ReplicaSetInfo{rs2, rs3},
		Traffic:     service.TrafficStats{Rate: 30, OK: 1300, Failed: 0, ByVersion: map[string]int64{"v1": 140, "v2": 1160}},
		Rollout: cluster.RolloutInfo{Strategy: "RollingUpdate", MaxSurge: 1, MaxUnavailable: 1, Revision: 3, Version: "v3", Replicas: 4, Total: 5, Updated: 2, Available: 3, Old: 3, MostPods: 5, FewestReady: 3,
			Failed: true, Progressing: "False", Reason: cluster.ReasonProgressDeadlineExceeded,
			Status: `error: deployment "web" exceeded its progress deadline`}}
	return demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: s, Events: []cluster.Event{{Type: cluster.Warning, Reason: "ProgressDeadlineExceeded", Object: "deployment/web", Message: `ReplicaSet "web-f5g6h" has timed out progressing.`}}}}
}

func newTestModel(noColor bool, w, h int, extra ...tea.Msg) *Model {
	ctx := demokittest.Context(noColor)
	ctx.Backend = "process"
	m := New(ctx, nil, withReplicas(rollingdeploy.Defaults(), 4))
	m.SetSize(w, h)
	m.Update(demokit.OpenedMsg{Choice: demokit.Choice{Backend: "process", Reason: "--backend process"}, Desc: "process"}) // its startCmd (not run) made generation 1
	m.Status = ""
	demokittest.Feed(m, append(recorded(), extra...)...)
	return m
}

func withReplicas(o rollingdeploy.Options, n int) rollingdeploy.Options {
	o.Replicas = n
	return o
}

func TestViewGolden(t *testing.T) {
	demokittest.PlainGoldens(t, func(w, h int) string { return newTestModel(true, w, h).View() },
		demokittest.Size{W: 110, H: 34}, demokittest.Size{W: 60, H: 15})
}

func TestViewGoldenStalled(t *testing.T) {
	out := newTestModel(true, 110, 34, stalled()).View()
	demokittest.Golden(t, ansi.Strip(out), 110, 34)
}

func TestViewGoldenColour(t *testing.T) {
	demokittest.Golden(t, newTestModel(false, 110, 34).View(), 110, 34)
}

// The responses are marked by version in text, not colour alone.
func TestResponsesMarkedByVersion(t *testing.T) {
	m := newTestModel(true, 110, 34)
	strip := ansi.Strip(m.responses(110)[1])
	if !strings.Contains(strip, "1") || !strings.Contains(strip, "2") || strings.Count(strip, "1")+strings.Count(strip, "2") != len([]rune(strip)) {
		t.Errorf("strip %q: want only version marks 1 and 2", strip)
	}
	if got := len([]rune(strip)); got != 108 {
		t.Errorf("strip of %d marks, want the last 108 of 130", got)
	}
}

// press presses k, whose action must succeed.
func press(t *testing.T, m *Model, k rune) {
	t.Helper()
	if done, ok := demokittest.Press(t, m, k).(demokit.DoneMsg); !ok || done.Err != nil {
		t.Fatalf("key %q: %v", k, done.Err)
	}
}

// pump hands m the cluster's updates until it has a snapshot and cond holds.
func pump(t *testing.T, m *Model, ch <-chan cluster.Update, what string, cond func() bool) {
	t.Helper()
	demokittest.Pump(t, m, m.Sess, ch, what, func() bool { return m.snap != nil && cond() })
}

func TestKeysRollOutUndoAndCloseRemovesEverything(t *testing.T) {
	rt := demokittest.Fake()
	m := New(demokittest.Context(true), demokittest.Opener(rt), rollingdeploy.Options{Replicas: 3, Strategy: rollingdeploy.Rolling, MaxSurge: "25%", MaxUnavailable: "25%", Bad: rollingdeploy.BadReadiness, TimeScale: 50, Rate: 50})
	m.SetSize(100, 34)
	ch := demokittest.Start(t, m, m.Sess).Updates()
	pump(t, m, ch, "v1 serving", func() bool { return m.snap.Settled && m.snap.Traffic.OK > 0 })

	press(t, m, 's') // Recreate
	if !m.strategy.Recreate {
		t.Fatal("s did not switch to Recreate")
	}
	press(t, m, 's') // back to RollingUpdate
	press(t, m, '-') // maxSurge 25% → 3
	press(t, m, '-') // 2
	press(t, m, '-') // 1
	for range 4 {    // maxUnavailable 25% → 3 → 2 → 1 → 0
		press(t, m, '<')
	}
	if _, cmd := m.Update(demokittest.Key('-')); cmd != nil || !strings.Contains(m.Err, "may not be 0") {
		t.Errorf("0 surge and 0 unavailable: err %q, want it rejected", m.Err)
	}
	if m.strategy.MaxSurge != "1" || m.strategy.MaxUnavailable != "0" {
		t.Errorf("strategy %+v", m.strategy)
	}
	press(t, m, 'd')
	pump(t, m, ch, "v2 rolled out", func() bool { return m.snap.Rollout.Version == "v2" && m.snap.Rollout.Complete && m.snap.Settled })
	press(t, m, 'p')
	pump(t, m, ch, "paused", func() bool { return m.snap.Rollout.Paused })
	press(t, m, 'p')
	pump(t, m, ch, "resumed", func() bool { return !m.snap.Rollout.Paused })
	press(t, m, 'u')
	pump(t, m, ch, "back to v1", func() bool { return m.snap.Rollout.Version == "v1" && m.snap.Rollout.Complete && m.snap.Settled })
	out := ansi.Strip(m.View())
	if !strings.Contains(out, `deployment "web" successfully rolled out`) || !strings.Contains(out, "v1 ") || !strings.Contains(out, "v2 ") {
		t.Errorf("view:\n%s", out)
	}
	m.Close()
	if n := rt.Len(); n != 0 {
		t.Fatalf("Close left %d instances", n)
	}
	m.Close()
}

// The bounds line marks each measured bound against what the strategy
// allows, and does not judge Recreate by RollingUpdate's limits.
func TestBoundsLine(t *testing.T) {
	m := newTestModel(true, 110, 34)
	for _, tc := range []struct {
		name string
		r    cluster.RolloutInfo
		want string
	}{
		{"within", cluster.RolloutInfo{Strategy: "RollingUpdate", Replicas: 4, MaxSurge: 1, MaxUnavailable: 1, MostPods: 5, FewestReady: 3},
			"This rollout: at most 5 pods ✓ (replicas + maxSurge = 5) · at least 3 ready ✓ (replicas − maxUnavailable = 3)"},
		{"over the surge", cluster.RolloutInfo{Strategy: "RollingUpdate", Replicas: 3, MaxSurge: 1, MostPods: 5, FewestReady: 3},
			"This rollout: at most 5 pods ✗ (replicas + maxSurge = 4) · at least 3 ready ✓ (replicas − maxUnavailable = 3)"},
		{"under the floor", cluster.RolloutInfo{Strategy: "RollingUpdate", Replicas: 3, MaxSurge: 1, MostPods: 4, FewestReady: 2},
			"This rollout: at most 4 pods ✓ (replicas + maxSurge = 4) · at least 2 ready ✗ (replicas − maxUnavailable = 3)"},
		{"recreate", cluster.RolloutInfo{Strategy: cluster.StrategyRecreate, Replicas: 3, MostPods: 3},
			"This rollout: at most 3 pods, at least 0 ready (Recreate: none ready while the new pods start)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ansi.Strip(m.boundsLine(tc.r)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
