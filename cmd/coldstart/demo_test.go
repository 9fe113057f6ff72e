package main

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// fullScreen is what `coldstart demo NAME` (without --headless) would run.
type fullScreen struct {
	screen common.Screen
	ctx    common.Context
	script []string
}

// openFullScreen runs `coldstart demo args...` and returns the screen it
// would have run full screen.
func openFullScreen(t *testing.T, args ...string) fullScreen {
	t.Helper()
	var got *fullScreen
	old := runDemoScreen
	runDemoScreen = func(s common.Screen, ctx common.Context, script []string) error {
		got = &fullScreen{s, ctx, script}
		return nil
	}
	defer func() { runDemoScreen = old }()
	if _, stderr, err := run(t, append([]string{"--no-animation", "demo"}, args...)...); err != nil {
		t.Fatalf("demo %v: %v\n%s", args, err, stderr)
	}
	if got == nil {
		t.Fatalf("demo %v opened no screen", args)
	}
	return *got
}

// optionsOf are the Options a demo's view runs its engine with (each
// view's test checks that they reach the engine).
func optionsOf(s common.Screen) any {
	if w, ok := s.(interface{ Inner() common.Screen }); ok { // the timeline and command log's wrapper
		s = w.Inner()
	}
	switch m := s.(type) {
	case *selfhealingview.Model:
		return m.Options()
	case *rollingdeployview.Model:
		return m.Options()
	case *autoscalingview.Model:
		return m.Options()
	case *coldstartview.Model:
		return m.Options()
	}
	return fmt.Sprintf("%T is no demo view", s)
}

// Every knob of every demo reaches its full screen, and --script its
// steps (before: only self-healing passed its flags on).
func TestFullScreenGetsEveryKnob(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		want   any
		script []string
	}{
		{[]string{"self-healing", "--replicas", "5", "--nodes", "2", "--time-scale", "30", "--script", "hang,kill-pod"},
			selfhealing.Options{Replicas: 5, Nodes: 2, TimeScale: 30}, []string{"hang", "kill-pod"}},
		{[]string{"rolling-deploy", "--replicas", "6", "--strategy", "recreate", "--bad", "crash", "--time-scale", "50", "--rate", "12", "--script", "deploy-bad,undo"},
			rollingdeploy.Options{Replicas: 6, Strategy: "recreate", MaxSurge: "25%", MaxUnavailable: "25%", Bad: rollingdeploy.BadCrash, TimeScale: 50, Rate: 12},
			[]string{"deploy-bad", "undo"}},
		{[]string{"rolling-deploy", "--max-surge", "2", "--max-unavailable", "1"},
			rollingdeploy.Options{Replicas: 3, Strategy: "rolling", MaxSurge: "2", MaxUnavailable: "1", Bad: rollingdeploy.BadReadiness, TimeScale: 20, Rate: 30}, nil},
		{[]string{"autoscaling", "--min", "2", "--max", "5", "--time-scale", "40", "--script", "up"},
			autoscaling.Options{Min: 2, Max: 5, TimeScale: 40}, []string{"up"}},
		{[]string{"cold-start", "--burst", "7", "--limit", "3", "--provisioned", "2", "--memory", "1024", "--profile", "heavy", "--idle-timeout", "2s", "--timeout", "5s", "--script", "burst,idle"},
			coldstart.Options{Config: faas.Config{MemoryMB: 1024, Profile: faas.Heavy, Concurrency: 3, Provisioned: 2, IdleTimeout: 2 * time.Second, Timeout: 5 * time.Second}, Burst: 7},
			[]string{"burst", "idle"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			fs := openFullScreen(t, tc.args...)
			if got := optionsOf(fs.screen); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("the view got %+v\nwant         %+v", got, tc.want)
			}
			if !slices.Equal(fs.script, tc.script) {
				t.Errorf("script %q, want %q", fs.script, tc.script)
			}
		})
	}
}

// A bad knob is refused before anything opens, full screen as headless.
func TestFullScreenChecksItsKnobs(t *testing.T) {
	for _, args := range [][]string{
		{"rolling-deploy", "--strategy", "bluegreen"},
		{"rolling-deploy", "--bad", "slow"},
		{"autoscaling", "--max", "20"},
		{"self-healing", "--nodes", "0"},
		{"cold-start", "--memory", "64"},
		{"self-healing", "--script", "kill-pod,nope"},
	} {
		old := runDemoScreen
		runDemoScreen = func(common.Screen, common.Context, []string) error { return fmt.Errorf("opened") }
		_, _, err := run(t, append([]string{"demo"}, args...)...)
		runDemoScreen = old
		if err == nil || err.Error() == "opened" {
			t.Errorf("%v: err %v, want the knob refused", args, err)
		}
	}
}

// The view, the presenter frame and the host share one theme, which the
// host rebuilds in place for a light terminal: the view must redraw in it
// (before: rolling-deploy and autoscaling kept the dark palette).
func TestFullScreenFollowsTheTerminalTheme(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, name := range scenario.Names() {
		t.Run(name, func(t *testing.T) {
			fs := openFullScreen(t, name)
			if fs.ctx.Theme == nil {
				t.Fatal("the screen's Context has no theme: the host would make its own")
			}
			fs.screen.SetSize(100, 30)
			dark := fs.screen.View()
			*fs.ctx.Theme = *theme.New(false, false) // what the host does on a light background
			if light := fs.screen.View(); light == dark {
				t.Error("the view still draws in the dark palette after the host switched to light")
			}
		})
	}
}

// rehearse runs each demo with the Options its full screen opens with by
// default, and prints them (before: rolling-deploy rehearsed x100, a
// 500 ms ready delay and 40 req/s; the class saw x20, 1500 ms, 30 req/s).
func TestRehearsePrintsTheFullScreenDefaults(t *testing.T) {
	list := headlessDemos(&globals{backend: "process"})
	want := map[string]string{}
	for i, r := range list {
		fs := openFullScreen(t, r.name)
		if got := optionsOf(fs.screen); !reflect.DeepEqual(got, r.opts) {
			t.Errorf("%s: rehearsed with %+v, full screen opens with %+v", r.name, r.opts, got)
		}
		want[r.name] = optionsNote(optionsOf(fs.screen))
		list[i].run = func(context.Context, *globals, io.Writer, io.Writer) error { return nil }
	}
	fakeRehearsals(t, list...)
	stdout, stderr, err := runCLI("--backend", "process", "rehearse")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for name, note := range want {
		if !strings.Contains(stdout, note) {
			t.Errorf("rehearse does not say %s ran%s:\n%s", name, note, stdout)
		}
	}
	if !strings.Contains(stdout, "with {Replicas:3 Strategy:rolling MaxSurge:25% MaxUnavailable:25% Bad:readiness TimeScale:20 Rate:30}") {
		t.Errorf("rolling-deploy's options, as printed:\n%s", stdout)
	}
}

// One list of demos: every demo of sandbox/scenario has a view, a `coldstart
// demo` subcommand, a rehearsal, and lessons may name it; nothing else does.
func TestOneListOfDemos(t *testing.T) {
	want := scenario.Names()
	slices.Sort(want)
	sorted := func(names []string) []string { slices.Sort(names); return names }

	var views, commands, rehearsed []string
	for _, e := range demos.All() {
		views = append(views, e.Name)
		if d, _ := scenario.Lookup(e.Name); e.Summary != d.Summary {
			t.Errorf("view %s: summary %q, want the list's %q", e.Name, e.Summary, d.Summary)
		}
	}
	root := newRootCmd()
	demo, _, err := root.Find([]string{"demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range demo.Commands() {
		if c.IsAvailableCommand() {
			commands = append(commands, c.Name())
		}
	}
	for _, r := range headlessDemos(&globals{backend: "auto"}) {
		rehearsed = append(rehearsed, r.name)
	}
	for what, got := range map[string][]string{
		"views (tui/demos)":         views,
		"`coldstart demo` commands": commands,
		"rehearsals":                rehearsed,
		"lessons.KnownDemos":        slices.Clone(lessons.KnownDemos),
	} {
		if got = sorted(got); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want the demos of sandbox/scenario %v", what, got, want)
		}
	}
}
