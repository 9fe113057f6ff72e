package explain_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/explain"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
	"github.com/coldstart-dev/coldstart/tui/screentest"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

var t0 = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

// recorded is the self-healing view, wrapped, after a short fixed run: a
// rollout, a pod killed and replaced, a node lost, and their commands.
func recorded(noColor bool, w, h int) *explain.Screen {
	ctx := common.Context{Theme: theme.New(true, noColor), NoAnimation: true, Backend: "process"}
	s := explain.Wrap(ctx, selfhealingview.New(ctx, nil, selfhealing.Defaults()))
	s.SetSize(w, h)
	s.Update(demokit.OpenedMsg{Choice: demokit.Choice{Backend: "process", Reason: "--backend process"}}) // generation 1
	s.Update(demokit.StartedMsg[cluster.Engine, cluster.Update]{Gen: 1})
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	ev := func(ms int, typ cluster.EventType, reason, obj, msg string) cluster.Event {
		return cluster.Event{Time: at(ms), Type: typ, Reason: reason, Object: obj, Message: msg}
	}
	pods := []cluster.PodInfo{
		{Name: "web-5d8f7c9b4x-bcd2f", ReplicaSet: "web-5d8f7c9b4x", Node: "node-1", Version: "v1", Phase: cluster.PhaseRunning, Status: "Running", Ready: true},
		{Name: "web-5d8f7c9b4x-x2k9q", ReplicaSet: "web-5d8f7c9b4x", Node: "node-2", Version: "v1", Phase: cluster.PhaseRunning, Status: "Running", Ready: true},
		{Name: "web-5d8f7c9b4x-z7m4p", ReplicaSet: "web-5d8f7c9b4x", Node: "node-3", Version: "v1", Phase: cluster.PhaseRunning, Status: "Running", Ready: true},
	}
	snap := &cluster.Snapshot{Time: at(9000), Clock: at(9000), TimeScale: 20, Deployment: "web", Replicas: 3, ReadyPods: 3, Pods: pods, Settled: true,
		Nodes: []cluster.NodeInfo{{Name: "node-1", Condition: cluster.NodeReady, Pods: 1}, {Name: "node-2", Condition: cluster.NodeReady, Pods: 1},
			{Name: "node-3", Condition: cluster.NodeReady, Pods: 1}}}
	s.Update(demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: cluster.Update{Snapshot: snap, Events: []cluster.Event{
		ev(0, cluster.Normal, cluster.ReasonScalingReplicaSet, "deployment/web", "Scaled up replica set web-5d8f7c9b4x from 0 to 3"),
		ev(10, cluster.Normal, cluster.ReasonSuccessfulCreate, "replicaset/web-5d8f7c9b4x", "Created pod: web-5d8f7c9b4x-k4w8n"),
		ev(20, cluster.Normal, cluster.ReasonScheduled, "pod/web-5d8f7c9b4x-k4w8n", "Successfully assigned default/web-5d8f7c9b4x-k4w8n to node-1"),
		ev(900, cluster.Normal, cluster.ReasonStarted, "pod/web-5d8f7c9b4x-k4w8n", "Started container web"),
		ev(4200, cluster.Normal, cluster.ReasonKilling, "pod/web-5d8f7c9b4x-k4w8n", "Stopping container web"),
		ev(4210, cluster.Normal, cluster.ReasonSuccessfulCreate, "replicaset/web-5d8f7c9b4x", "Created pod: web-5d8f7c9b4x-bcd2f"),
		ev(4840, cluster.Normal, cluster.ReasonStarted, "pod/web-5d8f7c9b4x-bcd2f", "Started container web"),
		ev(7000, cluster.Warning, cluster.ReasonNodeNotReady, "node/node-2", "Node node-2 status is now: NodeNotReady"),
	}}})
	k := commands.DemoKube
	s.Update(demokit.CommandsMsg{Commands: []scenario.Command{
		{At: at(4200), Action: "kill-pod", Text: k.KillPod("web-5d8f7c9b4x-k4w8n")},
		{At: at(6500), Action: "kill-node", Text: k.KillNode("node-2")},
		{At: at(8000), Action: "set-strategy", Text: k.SetStrategy(cluster.Strategy{MaxSurge: "1", MaxUnavailable: "0"})},
	}})
	return s
}

func checkSize(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, want at most %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d wide, want at most %d: %q", i, lw, w, ansi.Strip(l))
		}
	}
}

// panelOf is the open panel's part of the screen, without colour.
func panelOf(s *explain.Screen) string {
	out := ansi.Strip(s.View())
	for _, title := range []string{"Timeline", "Real commands"} {
		if i := strings.LastIndex(out, title); i >= 0 {
			return out[i:]
		}
	}
	return ""
}

func TestPanelsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
		w, h int
	}{
		{"timeline", []string{"t"}, 100, 30},
		{"commands", []string{":"}, 100, 30},
		{"chain", []string{"t", "up", "up", "up", "enter"}, 100, 30},
		{"side", []string{"t"}, 160, 30},
	} {
		for _, noColor := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s_%dx%d_nocolor=%v", tc.name, tc.w, tc.h, noColor), func(t *testing.T) {
				s := recorded(noColor, tc.w, tc.h)
				for _, k := range tc.keys {
					s.Update(screentest.Press(k))
				}
				out := s.View()
				checkSize(t, out, tc.w, tc.h)
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

func TestPanelsShowWhatHappened(t *testing.T) {
	s := recorded(true, 100, 30)
	s.Update(screentest.Press("t"))
	out := ansi.Strip(s.View())
	for _, want := range []string{"Timeline", "8 events", "4.2s", "pod/web-5d8f7c9b4x-k4w8n", "Killing", "Stopping container web", "! ", "NodeNotReady"} {
		if !strings.Contains(out, want) {
			t.Errorf("timeline lacks %q:\n%s", want, out)
		}
	}
	s.Update(screentest.Press("L")) // the other panel replaces it
	out = ansi.Strip(s.View())
	for _, want := range []string{"Real commands", "3 commands", "kubectl delete pod web-5d8f7c9b4x-k4w8n --grace-period=0 --force", "docker kill node-2", "6.5s"} {
		if !strings.Contains(out, want) {
			t.Errorf("command log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Timeline") {
		t.Error("both panels are open")
	}
	s.Update(screentest.Press(":"))
	if strings.Contains(ansi.Strip(s.View()), "Real commands") {
		t.Error(": did not close the command log")
	}
}

func TestFilterTypedAndCleared(t *testing.T) {
	s := recorded(true, 100, 30)
	for _, k := range []string{"t", "/", "n", "o", "d", "e"} {
		s.Update(screentest.Press(k))
	}
	if !s.CapturingInput() {
		t.Error("typing the filter does not capture the keys (q would quit)")
	}
	s.Update(screentest.Press("enter"))
	out := panelOf(s)
	if !strings.Contains(out, "1 of 8 events") || strings.Contains(out, "Killing") {
		t.Errorf("filter node shows:\n%s", out)
	}
	if s.CapturingInput() || !s.HandlesEsc() {
		t.Error("after enter the keys are the demo's again, esc the panel's")
	}
	s.Update(screentest.Press("esc"))
	if out := ansi.Strip(s.View()); !strings.Contains(out, " 8 events") {
		t.Errorf("esc did not clear the filter:\n%s", out)
	}
	s.Update(screentest.Press("esc"))
	if strings.Contains(ansi.Strip(s.View()), "Timeline") {
		t.Error("esc with nothing to clear did not close the timeline")
	}
}

func TestCommandsReplaceAndKeys(t *testing.T) {
	s := recorded(true, 100, 30)
	s.Update(demokit.CommandsMsg{Replace: true, Commands: []scenario.Command{{At: t0, Action: "scale", Text: commands.DemoKube.Scale(4)}}})
	s.Update(screentest.Press(":"))
	out := ansi.Strip(s.View())
	if !strings.Contains(out, "1 commands") || !strings.Contains(out, "kubectl scale deployment/web --replicas=4") || strings.Contains(out, "docker kill") {
		t.Errorf("a replacing CommandsMsg (a replay's seek) left:\n%s", out)
	}
	var help []string
	for _, k := range s.Keys() {
		help = append(help, k.Help().Key)
	}
	if h := strings.Join(help, " "); !strings.Contains(h, "t") || !strings.Contains(h, ":/L") || !strings.Contains(h, "k") {
		t.Errorf("the help bar shows %q: want the demo's keys and the panels'", h)
	}
}

// A reset (a new generation) empties the timeline; the next update fills it.
func TestTimelineResetsWithTheEngine(t *testing.T) {
	s := recorded(true, 100, 30)
	s.Update(screentest.Press("t"))
	s.Update(demokit.UpdateMsg[cluster.Update]{Gen: 2, Update: cluster.Update{Events: []cluster.Event{
		{Time: t0.Add(20 * time.Second), Type: cluster.Normal, Reason: cluster.ReasonScalingReplicaSet, Object: "deployment/web", Message: "Scaled up"}}}})
	if out := ansi.Strip(s.View()); !strings.Contains(out, "1 events") {
		t.Errorf("after a new generation the timeline shows:\n%s", out)
	}
}

// In presenter mode the open panel is drawn over the presenter layout.
func TestPanelInPresenterLayout(t *testing.T) {
	s := recorded(true, 100, 20)
	before := s.PresentView()
	s.Update(screentest.Press(":"))
	out := ansi.Strip(s.PresentView())
	if !strings.Contains(out, "Real commands") || !strings.Contains(out, "docker kill node-2") || before == s.PresentView() {
		t.Errorf("presenter layout with the command log:\n%s", out)
	}
	checkSize(t, s.PresentView(), 100, 20)
}

// coldStartRun is the cold-start view, wrapped, after two cold starts, a
// warm one, a throttled one and a reap, with their commands.
func coldStartRun(noColor bool) *explain.Screen {
	ctx := common.Context{Theme: theme.New(true, noColor), NoAnimation: true, Backend: "process"}
	s := explain.Wrap(ctx, coldstartview.New(ctx, nil, coldstart.Defaults()))
	s.SetSize(100, 30)
	s.Update(demokit.OpenedMsg{Choice: demokit.Choice{Backend: "process", Reason: "--backend process"}}) // generation 1
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	snap := faas.Snapshot{Config: faas.Defaults, Version: 1, Runtime: "process"}
	inv := func(id int, kind faas.Kind, env string, total float64) *faas.Invocation {
		return &faas.Invocation{ID: id, Kind: kind, Status: faas.StatusOK, Env: env, MemoryMB: 512, Phases: faas.Phases{TotalMS: total}, BilledMS: int64(total) + 1}
	}
	for _, ev := range []faas.Event{
		{Time: at(0), Type: faas.EnvCreated, Env: "env-1"},
		{Time: at(4), Type: faas.EnvStarted, Env: "env-1", Duration: 4100 * time.Microsecond},
		{Time: at(66), Type: faas.EnvReady, Env: "env-1", Duration: 62300 * time.Microsecond},
		{Time: at(66), Type: faas.EnvInit, Env: "env-1", Duration: 41700 * time.Microsecond},
		{Time: at(72), Type: faas.InvokeEnd, Env: "env-1", Invocation: inv(1, faas.KindCold, "env-1", 71.9)},
		{Time: at(900), Type: faas.InvokeEnd, Env: "env-1", Invocation: inv(2, faas.KindWarm, "env-1", 3.0)},
		{Time: at(950), Type: faas.InvokeEnd, Invocation: &faas.Invocation{ID: 3, Kind: faas.KindThrottled, Status: faas.StatusThrottled}},
		{Time: at(1200), Type: faas.ConfigChanged, Reason: "memory 512 → 1024 MB"},
		{Time: at(11000), Type: faas.EnvReaped, Env: "env-1", Reason: "idle for 10s"},
	} {
		ev.Snapshot = snap
		s.Update(demokit.UpdateMsg[faas.Event]{Gen: 1, Update: ev})
	}
	l := commands.DemoLambda
	more := faas.Defaults
	more.MemoryMB = 1024
	s.Update(demokit.CommandsMsg{Commands: []scenario.Command{
		{At: at(0), Action: "invoke", Text: l.Invoke()},
		{At: at(880), Action: "burst", Text: l.Burst(2)},
		{At: at(1200), Action: "configure", Text: l.Configure(faas.Defaults, more)[0]},
		{At: at(1300), Action: "skip-idle", Text: l.SkipToIdleReap("10s")},
	}})
	return s
}

func TestColdStartPanelsGolden(t *testing.T) {
	for _, panel := range []string{"t", ":"} {
		for _, noColor := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s_nocolor=%v", map[string]string{"t": "timeline", ":": "commands"}[panel], noColor), func(t *testing.T) {
				s := coldStartRun(noColor)
				s.Update(screentest.Press(panel))
				out := s.View()
				checkSize(t, out, 100, 30)
				plain := ansi.Strip(out)
				for _, want := range map[string][]string{
					"t": {"env/env-1", "initialised", "init code took 41.7 ms", "invocation/1", "cold", "ok in 71.9 ms", "throttled", "429", "reaped", "idle for 10s"},
					":": {"aws lambda invoke --function-name cold-start out.json", "--memory-size 1024", "nothing to type"},
				}[panel] {
					if !strings.Contains(plain, want) {
						t.Errorf("panel lacks %q:\n%s", want, plain)
					}
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}
