package check

import (
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// How long the autoscaler held its Pods before the first scale-in after
// the load fell: from its last recommendation that still needed them.
func TestHeldBeforeScaleIn(t *testing.T) {
	t0 := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	sync := func(s, current, raw, desired int) cluster.HPADecision {
		return cluster.HPADecision{At: at(s), Current: current, Raw: raw, Desired: desired}
	}
	for _, tc := range []struct {
		name    string
		history []cluster.HPADecision
		from    time.Time
		held    time.Duration
		found   bool
	}{
		{"no scale-in", []cluster.HPADecision{sync(0, 1, 3, 3), sync(15, 3, 3, 3), sync(30, 3, 1, 3)}, at(20), 0, false},
		{"held a window after the last high recommendation", []cluster.HPADecision{
			sync(0, 1, 3, 3), sync(15, 3, 3, 3), sync(30, 3, 1, 3), sync(45, 3, 1, 3), sync(60, 3, 1, 3), sync(75, 3, 1, 3), sync(90, 3, 1, 1),
		}, at(20), 75 * time.Second, true},
		{"a scale-in before the drop does not count", []cluster.HPADecision{
			sync(0, 4, 3, 3), sync(15, 3, 3, 3), sync(30, 3, 1, 3), sync(45, 3, 1, 1),
		}, at(20), 30 * time.Second, true},
		{"the needing recommendation fell out of the history", []cluster.HPADecision{sync(30, 3, 1, 3), sync(45, 3, 1, 1)}, at(20), 0, false},
	} {
		held, found := heldBeforeScaleIn(tc.history, tc.from)
		if held != tc.held || found != tc.found {
			t.Errorf("%s: held %v (found %v), want %v (%v)", tc.name, held, found, tc.held, tc.found)
		}
	}
}
