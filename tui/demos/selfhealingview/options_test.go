package selfhealingview

import (
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

// The view's Options reach the cluster.
func TestOptionsReachTheCluster(t *testing.T) {
	m := New(demokittest.Context(true), demokittest.Opener(demokittest.Fake()), selfhealing.Options{Replicas: 5, Nodes: 2, TimeScale: 30})
	defer m.Close()
	c := demokittest.Start(t, m, m.Sess)
	if s := c.Snapshot(); s.Replicas != 5 || len(s.Nodes) != 2 {
		t.Errorf("the cluster wants %d replicas over %d nodes, want 5 over 2", s.Replicas, len(s.Nodes))
	}
	if v, ok := m.presenter().Clock.(*clock.Virtual); !ok || v.Factor() != 30 {
		t.Errorf("clock %v, want timers x30", m.presenter().Clock)
	}
}
