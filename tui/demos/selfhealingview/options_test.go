package selfhealingview

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The view's Options reach the cluster.
func TestOptionsReachTheCluster(t *testing.T) {
	open := func(context.Context, string, func(string)) (sandbox.Runtime, demokit.Choice, error) {
		return fake.New(clock.Real()), demokit.Choice{Backend: "fake", Reason: "test"}, nil
	}
	m := New(common.Context{Theme: theme.New(true, true), NoAnimation: true}, open, selfhealing.Options{Replicas: 5, Nodes: 2, TimeScale: 30})
	defer m.Close()
	_, cmd := m.Update(m.Sess.Open()().(tea.BatchMsg)[0]().(demokit.OpenedMsg))
	started := cmd().(demokit.StartedMsg[cluster.Engine, cluster.Update])
	if started.Err != nil {
		t.Fatal(started.Err)
	}
	m.Update(started)
	if s := started.Engine.Snapshot(); s.Replicas != 5 || len(s.Nodes) != 2 {
		t.Errorf("the cluster wants %d replicas over %d nodes, want 5 over 2", s.Replicas, len(s.Nodes))
	}
	if v, ok := m.presenter().Clock.(*clock.Virtual); !ok || v.Factor() != 30 {
		t.Errorf("clock %v, want timers x30", m.presenter().Clock)
	}
}
