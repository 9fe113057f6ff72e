package autoscalingview

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The view's Options reach the cluster and the autoscaler (before: the
// full screen always ran 1 to 6 at x20, whatever the flags said).
func TestOptionsReachTheEngine(t *testing.T) {
	open := func(context.Context, string, func(string)) (sandbox.Runtime, demokit.Choice, error) {
		return fake.New(clock.Real()), demokit.Choice{Backend: "fake", Reason: "test"}, nil
	}
	opts := autoscaling.Options{Min: 2, Max: 5, TimeScale: 40}
	m := New(common.Context{Theme: theme.New(true, true), NoAnimation: true}, open, opts)
	defer m.Close()
	_, cmd := m.Update(m.Sess.Open()().(tea.BatchMsg)[0]().(demokit.OpenedMsg))
	started := cmd().(demokit.StartedMsg[*autoscaling.Engine, cluster.Update])
	if started.Err != nil {
		t.Fatal(started.Err)
	}
	e := started.Engine
	if spec := e.Snapshot().Autoscaler.Spec; spec.MinReplicas != 2 || spec.MaxReplicas != 5 {
		t.Errorf("HPA spec %+v: want 2 to 5", spec)
	}
	if n := e.Snapshot().Replicas; n != 2 {
		t.Errorf("the cluster starts with %d replicas, want the minimum 2", n)
	}
	if v, ok := e.Clock.(*clock.Virtual); !ok || v.Factor() != 40 {
		t.Errorf("clock %v, want timers x40", e.Clock)
	}
}
