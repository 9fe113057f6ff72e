package coldstartview

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// recorded is a fixed run: a burst of two cold starts, a warm request, a
// throttled one at limit 2 and one environment reaped after the idle timeout.
func recorded() []tea.Msg {
	cfg := faas.Defaults
	cfg.Concurrency = 2
	base := faas.Snapshot{Config: cfg, Version: 1, Runtime: "process",
		Enforces: "process: child processes; memory and CPU limits not enforced", Elapsed: 12 * time.Second}
	env := func(name string, state faas.EnvState, count int64, initMS float64) faas.EnvInfo {
		return faas.EnvInfo{Name: name, State: state, MemoryMB: 512, Profile: faas.Light, Version: 1, Count: count, InitMS: initMS}
	}
	cold1 := faas.Invocation{ID: 1, Kind: faas.KindCold, Status: faas.StatusOK, Env: "env-1", MemoryMB: 512,
		Phases: faas.Phases{StartMS: 4.1, ReadyMS: 62.3, InitMS: 41.7, HandlerMS: 2.4, TotalMS: 71.9, StoreMS: 0.3}, EnvCount: 1, Store: 1, BilledMS: 45, GBSeconds: 0.0225}
	cold2 := faas.Invocation{ID: 2, Kind: faas.KindCold, Status: faas.StatusOK, Env: "env-2", MemoryMB: 512,
		Phases: faas.Phases{StartMS: 5.0, ReadyMS: 70.2, InitMS: 44.9, HandlerMS: 2.2, TotalMS: 80.1, StoreMS: 0.3}, EnvCount: 1, Store: 2, BilledMS: 48, GBSeconds: 0.024}
	warm := faas.Invocation{ID: 3, Kind: faas.KindWarm, Status: faas.StatusOK, Env: "env-1", MemoryMB: 512,
		Phases: faas.Phases{HandlerMS: 2.1, TotalMS: 3.0, StoreMS: 0.2}, EnvCount: 2, Store: 3, BilledMS: 3, GBSeconds: 0.0015}
	throttled := faas.Invocation{ID: 4, Kind: faas.KindThrottled, Status: faas.StatusThrottled, Err: "concurrency limit 2 reached"}
	slow := faas.Invocation{ID: 5, Kind: faas.KindWarm, Env: "env-2", MemoryMB: 512}

	snap := func(envs []faas.EnvInfo, gone []faas.EnvInfo, inFlight int, st faas.Stats, store int64) faas.Snapshot {
		s := base
		s.Envs, s.Gone, s.InFlight, s.Stats, s.Store = envs, gone, inFlight, st, store
		return s
	}
	stats := faas.Stats{Invocations: 4, Cold: 2, Warm: 1, Throttled: 1, ColdStarts: 2, ColdP50MS: 71.9, WarmP50MS: 3.0, InitP50MS: 41.7,
		BilledRequests: 3, BilledMS: 96, GBSeconds: 0.048}
	stats.LambdaUSD = faas.AWS.Lambda(stats.BilledRequests, stats.GBSeconds)
	stats.ServerUSD = faas.AWS.Server(512, 12*time.Second)

	ev := func(typ faas.EventType, name string, inv *faas.Invocation, s faas.Snapshot) tea.Msg {
		return demokit.UpdateMsg[faas.Event]{Gen: 1, Update: faas.Event{Type: typ, Env: name, Invocation: inv, Snapshot: s}}
	}
	return []tea.Msg{
		ev(faas.InvokeStart, "env-1", &faas.Invocation{ID: 1, Kind: faas.KindCold, Env: "env-1"}, snap([]faas.EnvInfo{env("env-1", faas.StateStarting, 0, 0)}, nil, 1, faas.Stats{}, 0)),
		ev(faas.InvokeEnd, "env-1", &cold1, snap([]faas.EnvInfo{env("env-1", faas.StateIdle, 1, 41.7)}, nil, 0, faas.Stats{}, 1)),
		ev(faas.InvokeEnd, "env-2", &cold2, snap(nil, nil, 0, faas.Stats{}, 2)),
		ev(faas.InvokeEnd, "env-1", &warm, snap(nil, nil, 0, faas.Stats{}, 3)),
		ev(faas.InvokeEnd, "", &throttled, snap(nil, nil, 0, faas.Stats{}, 3)),
		ev(faas.InvokeStart, "env-2", &slow, snap(
			[]faas.EnvInfo{env("env-2", faas.StateBusy, 1, 44.9), env("env-3", faas.StateInit, 0, 0)},
			[]faas.EnvInfo{{Name: "env-1", State: faas.StateReaped, Reason: "idle for 10s"}},
			2, stats, 3)),
	}
}

func newTestModel(noColor bool, w, h int) *Model {
	ctx := demokittest.Context(noColor)
	ctx.Backend = "process"
	m := New(ctx, nil, coldstart.Defaults())
	m.SetSize(w, h)
	m.Update(demokit.OpenedMsg{Choice: demokit.Choice{Backend: "process", Reason: "--backend process"}})
	m.ready, m.Status, m.snap = true, "", faas.Snapshot{Config: faas.Defaults, Version: 1, Runtime: "process"} // as if started
	demokittest.Feed(m, recorded()...)
	return m
}

func TestViewGolden(t *testing.T) {
	demokittest.PlainGoldens(t, func(w, h int) string { return newTestModel(true, w, h).View() },
		demokittest.Size{W: 100, H: 40}, demokittest.Size{W: 60, H: 15})
}

func TestViewGoldenPresenter(t *testing.T) {
	m := newTestModel(true, 80, 24)
	m.ctx.Present = true
	out := m.View()
	demokittest.Golden(t, ansi.Strip(out), 80, 24)
}

func TestViewGoldenColour(t *testing.T) {
	demokittest.Golden(t, newTestModel(false, 100, 40).View(), 100, 40)
}

// press presses k, whose action must succeed.
func press(t *testing.T, m *Model, k rune) {
	t.Helper()
	if done, ok := demokittest.Press(t, m, k).(doneMsg); !ok || done.err != nil {
		t.Fatalf("key %q: %v", k, done.err)
	}
}

func TestKeysDriveTheEngineAndCloseRemovesEverything(t *testing.T) {
	var rt *fake.Runtime
	open := func(ctx context.Context, backend string, progress func(string)) (sandbox.Runtime, demokit.Choice, error) {
		progress("preparing")
		rt = demokittest.Fake()
		return rt, demokit.Choice{Backend: "fake", Reason: "test"}, nil
	}
	m := New(demokittest.Context(true), open, coldstart.Defaults())
	m.SetSize(100, 40)
	opening := m.Sess.Open()().(tea.BatchMsg)
	opened := opening[0]().(demokit.OpenedMsg)
	if opened.Err != nil {
		t.Fatal(opened.Err)
	}
	if p := opening[1]().(demokit.ProgressMsg); p.Line != "preparing" {
		t.Errorf("progress %q", p.Line)
	}
	_, start := m.Update(opened)
	started := start().(demokit.StartedMsg[faas.Function, faas.Event])
	if started.Err != nil {
		t.Fatal(started.Err)
	}
	m.Update(started)
	events := started.Engine.Events()
	pump := func(what string, cond func() bool) {
		t.Helper()
		demokittest.Pump(t, m, m.Sess, events, what, cond)
	}

	press(t, m, 'm')
	pump("memory 1769 MB", func() bool { return m.snap.Config.MemoryMB == 1769 })
	press(t, m, 'c')
	pump("concurrency limit 2", func() bool { return m.snap.Config.Concurrency == 2 })
	press(t, m, 'p')
	pump("heavy profile", func() bool { return m.snap.Config.Profile == faas.Heavy })
	press(t, m, 'b')
	pump("the burst", func() bool { return m.snap.Stats.Invocations == burstSize })
	if s := m.snap.Stats; s.Cold != 2 || s.Throttled != burstSize-2 {
		t.Errorf("burst at limit 2: %d cold, %d throttled", s.Cold, s.Throttled)
	}
	press(t, m, 'z')
	pump("scaled to zero", func() bool { return len(m.snap.Envs) == 0 })
	press(t, m, 'i')
	pump("the invocation after the reap", func() bool { return m.snap.Stats.Invocations == burstSize+1 && m.snap.InFlight == 0 })
	if !strings.Contains(m.View(), "3538") && !strings.Contains(m.View(), "1769 MB") {
		t.Errorf("view does not show the memory:\n%s", m.View())
	}
	m.Close()
	if n := rt.Len(); n != 0 {
		t.Fatalf("Close left %d instances", n)
	}
	m.Close() // twice is fine
}

func TestBarFitsAndShowsEveryPhase(t *testing.T) {
	th := theme.New(true, true)
	st := th.ColdStart()
	tests := []struct {
		name  string
		p     faas.Phases
		maxMS float64
		want  []string
	}{
		{"docker cold: start dominates", faas.Phases{StartMS: 1400, ReadyMS: 20, InitMS: 90, HandlerMS: 1, TotalMS: 1425}, 1514, []string{"░", "█", "▓"}},
		{"process cold", faas.Phases{StartMS: 1, ReadyMS: 120, InitMS: 50, HandlerMS: 3, TotalMS: 126}, 126, []string{"░", "▒", "█", "▓"}},
		{"warm", faas.Phases{HandlerMS: 2, TotalMS: 3}, 1500, []string{"▓"}},
	}
	for _, tt := range tests {
		for _, width := range []int{8, 40} {
			got := ansi.Strip(bar(tt.p, tt.maxMS, width, th, st))
			if w := ansi.StringWidth(got); w != width {
				t.Errorf("%s at %d: bar is %d wide: %q", tt.name, width, w, got)
			}
			for _, g := range tt.want {
				if !strings.Contains(got, g) {
					t.Errorf("%s at %d: %q lacks %s", tt.name, width, got, g)
				}
			}
		}
	}
}

func TestCloseWhileOpeningReleasesTheRuntime(t *testing.T) {
	opening := make(chan struct{})
	var rt *fake.Runtime
	open := func(ctx context.Context, _ string, _ func(string)) (sandbox.Runtime, demokit.Choice, error) {
		close(opening)
		<-ctx.Done() // slow image preparation, cancelled by Close
		rt = fake.New(clock.Real())
		return rt, demokit.Choice{Backend: "fake"}, nil
	}
	m := New(common.Context{NoAnimation: true}, open, coldstart.Defaults())
	openCmd := m.Sess.Open()().(tea.BatchMsg)[0]
	result := make(chan tea.Msg)
	go func() { result <- openCmd() }()
	<-opening
	m.Close()
	if msg := (<-result).(demokit.OpenedMsg); msg.Err == nil {
		t.Fatal("opening finished after Close without an error")
	}
	if rt.Len() != 0 || m.Running() != nil {
		t.Fatal("a runtime opened after Close was kept")
	}
}

func TestOpeningErrorIsShown(t *testing.T) {
	m := New(common.Context{NoAnimation: true}, nil, coldstart.Defaults())
	m.SetSize(80, 24)
	m.Update(demokit.OpenedMsg{Err: context.DeadlineExceeded})
	if !strings.Contains(m.View(), "could not start the demo: context deadline exceeded") {
		t.Fatalf("view:\n%s", m.View())
	}
}

// With provisioned concurrency the screen says its environments are
// initialising, marks them, and bills requests, on-demand and provisioned
// apart; without it, none of that shows.
func TestProvisionedConcurrencyOnScreen(t *testing.T) {
	cfg := faas.Defaults
	snap := func(provisioned int) faas.Snapshot {
		cfg.Provisioned = provisioned
		return faas.Snapshot{Config: cfg, Version: 1, Runtime: "process", Envs: []faas.EnvInfo{
			{Name: "env-1", State: faas.StateIdle, Version: 1, Provisioned: provisioned > 0},
			{Name: "env-2", State: faas.StateInit, Version: 1, Provisioned: provisioned > 0},
		}, Stats: faas.Stats{BilledRequests: 3, RequestsUSD: 0.0000006, OnDemandUSD: 0.00000125, ProvisionedUSD: 0.0000417, LambdaUSD: 0.00004355}}
	}
	want := []string{"initialising provisioned environments 1/2", "provisioned 2", "env-1 prov", "env-2 prov", "3 requests", "on-demand", "provisioned        $0.0000417"}
	for _, tc := range []struct {
		provisioned int
		shown       bool
	}{{2, true}, {0, false}} {
		m := newTestModel(true, 100, 40)
		m.Apply(faas.Event{Type: faas.EnvProvisioned, Snapshot: snap(tc.provisioned)})
		out := ansi.Strip(m.View())
		for _, w := range want {
			if strings.Contains(out, w) != tc.shown {
				t.Errorf("provisioned %d: %q shown %v, want %v:\n%s", tc.provisioned, w, !tc.shown, tc.shown, out)
			}
		}
	}
}
