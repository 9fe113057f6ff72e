package rollingdeployview

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

// The view's Options reach the cluster: `--replicas 6 --strategy recreate`
// shows 6 pods on Recreate (before: 3 on RollingUpdate), and the scripted
// deploy-bad fails as --bad says (before: always a readiness failure).
func TestOptionsReachTheCluster(t *testing.T) {
	rt := demokittest.Fake()
	rt.StartErr = func(spec sandbox.Spec) error { // a crash at start, as the fake has it
		if spec.Env[workload.EnvCrashOnStart] != "" {
			return errors.New("exit code 1")
		}
		return nil
	}
	opts := rollingdeploy.Options{Replicas: 6, Strategy: rollingdeploy.Recreate, MaxSurge: "25%", MaxUnavailable: "25%",
		Bad: rollingdeploy.BadCrash, TimeScale: 1000, Rate: 12}
	m := New(demokittest.Context(true), demokittest.Opener(rt), opts)
	m.SetSize(110, 40)
	defer m.Close()
	c := demokittest.Start(t, m, m.Sess)

	if s := c.Snapshot(); s.Replicas != 6 || s.Rollout.Strategy != "Recreate" {
		t.Errorf("the cluster runs %d replicas, %s: want 6, Recreate", s.Replicas, s.Rollout.Strategy)
	}
	if v, ok := m.presenter().Clock.(*clock.Virtual); !ok || v.Factor() != 1000 {
		t.Errorf("clock %v, want timers x1000", m.presenter().Clock)
	}
	pump(t, m, c.Updates(), "6 pods ready", func() bool { return m.snap.Settled && m.snap.ReadyPods == 6 && m.snap.Traffic.Rate > 0 })
	if r := m.snap.Traffic.Rate; r != 12 {
		t.Errorf("traffic %d req/s, want 12", r)
	}
	if out := ansi.Strip(m.View()); !strings.Contains(out, "Recreate") {
		t.Errorf("the screen does not say Recreate:\n%s", out)
	}

	done := m.RunStep(string(rollingdeploy.StepDeployBad))().(common.StepDoneMsg)
	if done.Err != nil {
		t.Fatal(done.Err)
	}
	if tmpl := c.Template(); tmpl.Env[workload.EnvCrashOnStart] == "" || tmpl.Env[workload.EnvReadyFail] != "" {
		t.Errorf("deploy-bad rolled out %v: want the version that crashes (--bad crash)", tmpl.Env)
	}
}
