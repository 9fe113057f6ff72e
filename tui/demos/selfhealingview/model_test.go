package selfhealingview

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

// driver runs a Model as Bubble Tea would, on the test goroutine: commands
// run in goroutines and their messages come back to Update one at a time.
type driver struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { d.msgs <- cmd() }()
}

func (d *driver) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	default:
		_, cmd := d.m.Update(msg)
		d.run(cmd)
	}
}

// waitScreen pumps messages until the screen shows want.
func (d *driver) waitScreen(want string) string {
	d.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		screen := ansi.Strip(d.m.View())
		if strings.Contains(screen, want) {
			d.t.Logf("%v: %s", time.Now().Format("05.000"), want)
			return screen
		}
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-deadline:
			d.t.Fatalf("the screen never showed %q:\n%s", want, screen)
		}
	}
}

func (d *driver) press(k string) {
	d.handle(demokittest.Key(rune(k[0])))
}

// TestKeysDriveTheDemo plays the demo with its keys on the fake runtime.
func TestKeysDriveTheDemo(t *testing.T) {
	rt := demokittest.Fake()
	rt.StartErr = func(spec sandbox.Spec) error {
		if spec.Env[workload.EnvCrashOnStart] != "" {
			return errors.New("exited with code 1")
		}
		return nil
	}
	m := New(demokittest.Context(true), demokittest.Opener(rt), selfhealing.Options{Replicas: 3, Nodes: 3, TimeScale: 200})
	m.SetSize(110, 40)
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 64)}
	d.run(m.Init())

	d.waitScreen("✓ 3/3 ready")
	d.waitScreen("timers x200")
	d.press("k")
	d.waitScreen("(kill-pod, real time; 1 heals)")

	d.press("n")
	d.waitScreen("NotReady in")
	d.press("f") // to the node monitor noticing
	d.waitScreen("evicts pods in")
	d.press("f") // to the eviction
	d.waitScreen("(kill-node, real time;")
	d.waitScreen("✓ 3/3 ready")

	d.press("c")
	d.waitScreen("CrashLoopBackOff")
	d.press("+")
	d.waitScreen("3/4 ready")

	d.press("r")
	d.waitScreen("✓ 3/3 ready")
	if strings.Contains(ansi.Strip(m.View()), "CrashLoopBackOff") {
		t.Error("reset kept the old cluster's pods")
	}
	m.Close()
	if n := rt.Len(); n != 0 {
		t.Errorf("%d instances left after Close", n)
	}
}
