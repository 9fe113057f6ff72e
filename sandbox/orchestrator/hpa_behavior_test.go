package orchestrator

import (
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// A manifest's behavior, as upstream applies it: each decision is one
// sync, in order, on one HPA.
func TestHPABehavior(t *testing.T) {
	pods := func(n int, p time.Duration) cluster.HPAPolicy { return cluster.HPAPolicy{Value: n, Period: p} }
	pct := func(n int, p time.Duration) cluster.HPAPolicy {
		return cluster.HPAPolicy{Percent: true, Value: n, Period: p}
	}
	type sync struct {
		after   time.Duration
		current int
		metric  float64 // target 100, every pod measured
		desired int
		reason  string
	}
	tests := []struct {
		name     string
		behavior cluster.HPABehavior
		syncs    []sync
	}{
		{"scale-down window holds the highest recommendation",
			cluster.HPABehavior{ScaleDown: cluster.HPARules{Window: time.Minute, Select: "Max"}},
			[]sync{{0, 4, 100, 4, "ReadyForNewScale"}, {15 * time.Second, 4, 25, 4, "ScaleDownStabilized"}, {61 * time.Second, 4, 25, 1, "ValidMetricFound"}}},
		{"scale-up window waits for the lowest to rise",
			cluster.HPABehavior{ScaleUp: cluster.HPARules{Window: 30 * time.Second, Select: "Max"}},
			[]sync{{0, 2, 100, 2, "ReadyForNewScale"}, {15 * time.Second, 2, 200, 2, "ScaleUpStabilized"}, {31 * time.Second, 2, 200, 4, "ValidMetricFound"}}},
		{"scale-down one pod per 30 s",
			cluster.HPABehavior{ScaleDown: cluster.HPARules{Select: "Max", Policies: []cluster.HPAPolicy{pods(1, 30*time.Second)}}},
			[]sync{{0, 6, 10, 5, "ScaleDownLimit"}, {15 * time.Second, 5, 10, 5, "ScaleDownLimit"}, {31 * time.Second, 5, 10, 4, "ScaleDownLimit"}}},
		{"selectPolicy Min takes the smaller change",
			cluster.HPABehavior{ScaleUp: cluster.HPARules{Select: "Min", Policies: []cluster.HPAPolicy{pods(4, 15*time.Second), pct(100, 15*time.Second)}}},
			[]sync{{0, 2, 1000, 4, "ScaleUpLimit"}}},
		{"selectPolicy Max takes the bigger change",
			cluster.HPABehavior{ScaleUp: cluster.HPARules{Select: "Max", Policies: []cluster.HPAPolicy{pods(4, 15*time.Second), pct(100, 15*time.Second)}}},
			[]sync{{0, 2, 1000, 6, "ScaleUpLimit"}}},
		{"Disabled never scales down",
			cluster.HPABehavior{ScaleDown: cluster.HPARules{Select: "Disabled"}},
			[]sync{{0, 6, 10, 6, "ScalingDisabled"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.behavior
			h := NewHPA(HPASpec{MinReplicas: 1, MaxReplicas: 12, Target: 100, Behavior: &b})
			for i, s := range tt.syncs {
				d := h.Decide(t0.Add(s.after), s.current, s.current, s.metric)
				if d.Desired != s.desired || !strings.HasPrefix(d.Reason, s.reason) {
					t.Errorf("sync %d: desired %d (%s), want %d (%s)", i, d.Desired, d.Reason, s.desired, s.reason)
				}
			}
		})
	}
}
