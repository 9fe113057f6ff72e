package autoscalingview

import (
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

// The view's Options reach the cluster and the autoscaler (before: the
// full screen always ran 1 to 6 at x20, whatever the flags said).
func TestOptionsReachTheEngine(t *testing.T) {
	opts := autoscaling.Options{Min: 2, Max: 5, TimeScale: 40}
	m := New(demokittest.Context(true), demokittest.Opener(demokittest.Fake()), opts)
	defer m.Close()
	e := demokittest.Start(t, m, m.Sess)
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
