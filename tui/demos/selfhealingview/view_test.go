package selfhealingview

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

var t0 = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

// recorded is a fixed run: three pods over three nodes, then node-2 killed
// (its pod still believed running), a pod in CrashLoopBackOff and a kill
// healed by a replacement.
func recorded() []tea.Msg {
	pod := func(name, node, status string, ready bool, restarts int) cluster.PodInfo {
		return cluster.PodInfo{Name: "web-5d8f7c9b4x-" + name, ReplicaSet: "web-5d8f7c9b4x", Node: node, Version: "v1",
			Phase: cluster.PhaseRunning, Status: status, Ready: ready, Restarts: restarts, Age: 95 * time.Second}
	}
	nodes := func(down string, notReadyIn time.Duration) []cluster.NodeInfo {
		var ns []cluster.NodeInfo
		for i := 1; i <= 3; i++ {
			n := cluster.NodeInfo{Name: fmt.Sprintf("node-%d", i), Condition: cluster.NodeReady, Pods: 1}
			if n.Name == down {
				n.Down, n.NotReadyIn = true, notReadyIn
			}
			ns = append(ns, n)
		}
		return ns
	}
	snap := func(at time.Duration, pods []cluster.PodInfo, ns []cluster.NodeInfo, settled bool) *cluster.Snapshot {
		s := &cluster.Snapshot{Time: t0.Add(at), Clock: t0.Add(20 * at), TimeScale: 20, Deployment: "web", Replicas: 3,
			Pods: pods, Nodes: ns, Settled: settled, ServiceURL: "http://127.0.0.1:40000"}
		for _, p := range pods {
			if p.Ready {
				s.ReadyPods++
				s.Endpoints = append(s.Endpoints, service.Endpoint{Pod: p.Name, Version: p.Version})
			}
		}
		return s
	}
	ev := func(at time.Duration, typ cluster.EventType, reason, obj, msg string) cluster.Event {
		return cluster.Event{Time: t0.Add(at), Type: typ, Reason: reason, Object: obj, Message: msg}
	}
	running := []cluster.PodInfo{pod("bcd2f", "node-1", "Running", true, 0), pod("x2k9q", "node-2", "Running", true, 0), pod("z7m4p", "node-3", "Running", true, 0)}
	first := snap(time.Second, running, nodes("", 0), true)
	crash := pod("z7m4p", "node-3", cluster.StatusCrashLoopBackOff, false, 3)
	crash.NextRestart = 27 * time.Second
	crash.Broken = true
	later := snap(9*time.Second, []cluster.PodInfo{
		pod("bcd2f", "node-1", "Running", true, 0), pod("hj8kt", "node-1", cluster.StatusContainerCreating, false, 0),
		pod("x2k9q", "node-2", "Running", true, 0), crash,
	}, nodes("node-2", 38*time.Second), false)
	later.NextDeadline = 27 * time.Second
	later.Traffic = service.TrafficStats{Rate: 30, OK: 241, Failed: 2, P50: 1200 * time.Microsecond, P99: 4100 * time.Microsecond,
		Retried: 19, History: []service.SecondStat{{OK: 30}, {OK: 30}, {OK: 28, Failed: 2}, {OK: 30, Retried: 10}, {OK: 30, Retried: 9}, {OK: 30}, {OK: 10}}}
	later.Heals = []cluster.Heal{{Killed: "web-5d8f7c9b4x-k4w8n", Cause: "kill-pod", Replacement: "web-5d8f7c9b4x-bcd2f", Duration: 640 * time.Millisecond}}
	return []tea.Msg{
		demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: first, Events: []cluster.Event{
			ev(0, cluster.Normal, cluster.ReasonScalingReplicaSet, "deployment/web", "Scaled up replica set web-5d8f7c9b4x from 0 to 3"),
			ev(10*time.Millisecond, cluster.Normal, cluster.ReasonSuccessfulCreate, "replicaset/web-5d8f7c9b4x", "Created pod: web-5d8f7c9b4x-x2k9q"),
			ev(20*time.Millisecond, cluster.Normal, cluster.ReasonScheduled, "pod/web-5d8f7c9b4x-x2k9q", "Successfully assigned default/web-5d8f7c9b4x-x2k9q to node-2"),
		}}},
		demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: later, Events: []cluster.Event{
			ev(6*time.Second, cluster.Normal, cluster.ReasonKilling, "pod/web-5d8f7c9b4x-z7m4p", "Container web definition changed, will be restarted"),
			ev(8*time.Second, cluster.Warning, cluster.ReasonBackOff, "pod/web-5d8f7c9b4x-z7m4p", "Back-off 40s restarting failed container web in pod web-5d8f7c9b4x-z7m4p"),
		}}},
		demokit.DoneMsg{Note: "killed node-2: its pods died; the control plane notices after 50s (node-monitor-grace-period)"},
	}
}

func newTestModel(noColor bool, w, h int) *Model {
	ctx := demokittest.Context(noColor)
	ctx.Backend = "process"
	m := New(ctx, nil, selfhealing.Defaults())
	m.SetSize(w, h)
	m.Update(demokit.OpenedMsg{Choice: demokit.Choice{Backend: "process", Reason: "--backend process"}}) // its startCmd made generation 1
	m.Update(demokit.StartedMsg[cluster.Engine, cluster.Update]{Gen: 1})
	demokittest.Feed(m, recorded()...)
	return m
}

func TestViewGolden(t *testing.T) {
	for _, tc := range []struct {
		w, h    int
		noColor bool
	}{{100, 36, true}, {60, 15, true}, {100, 36, false}} {
		t.Run(fmt.Sprintf("%dx%d_nocolor=%v", tc.w, tc.h, tc.noColor), func(t *testing.T) {
			demokittest.Golden(t, newTestModel(tc.noColor, tc.w, tc.h).View(), tc.w, tc.h)
		})
	}
}

// Not colour alone: every state has a word and a symbol.
func TestStatesHaveWords(t *testing.T) {
	out := ansi.Strip(newTestModel(true, 100, 36).View())
	for _, want := range []string{"✓ node-1 Ready", "✗ node-2 down", "NotReady in 38s", "CrashLoopBackOff 27s", "ContainerCreating",
		"Running (node lost)", "timers x20", "next deadline in 27s", "BackOff", "healed k4w8n → bcd2f", "0.64 s", "19 retried off dead endpoints"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
}

func TestStaleUpdatesAfterResetAreDropped(t *testing.T) {
	m := newTestModel(true, 100, 36)
	before := m.View()
	m.Update(demokit.UpdateMsg[cluster.Update]{Gen: 0, Update: cluster.Update{Snapshot: &cluster.Snapshot{Deployment: "old"}}})
	if m.View() != before {
		t.Error("an update of a replaced cluster changed the view")
	}
}
