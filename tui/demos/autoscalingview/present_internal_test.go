package autoscalingview

import (
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

func TestNarration(t *testing.T) {
	st := cluster.AutoscalerStatus{Unit: "req/s", Spec: cluster.HPASpec{Tolerance: 0.1, DownWindow: 300 * time.Second}}
	for _, tc := range []struct {
		name string
		d    cluster.HPADecision
		want string
	}{
		{"scale out", cluster.HPADecision{Current: 2, Measured: 2, Metric: 22.5, Target: 10, Ratio: 2.25, Raw: 5, Stabilized: 5, Desired: 5},
			"2 ready pods averaged 22.5 req/s against a target of 10: desired = ceil(2 × 2.25) = 5, so the HPA scales out from 2 to 5"},
		{"tolerated", cluster.HPADecision{Current: 3, Measured: 3, Metric: 10.4, Target: 10, Ratio: 1.04, Raw: 3, Tolerated: true, Stabilized: 3, Desired: 3},
			"3 ready pods averaged 10.4 req/s against a target of 10: within the 10% tolerance, so the HPA keeps 3 replicas"},
		{"held by the window", cluster.HPADecision{Current: 5, Measured: 5, Metric: 1.2, Target: 10, Ratio: 0.12, Raw: 1, Stabilized: 5, Desired: 5},
			"5 ready pods averaged 1.2 req/s against a target of 10: ceil(5 × 0.12) = 1, but the stabilization window keeps the highest recommendation of the last 300 s: 5 replicas"},
		{"scale in", cluster.HPADecision{Current: 5, Measured: 5, Metric: 1.2, Target: 10, Ratio: 0.12, Raw: 1, Stabilized: 1, Desired: 1},
			"5 ready pods averaged 1.2 req/s against a target of 10: ceil(5 × 0.12) = 1, and no higher recommendation in the last 300 s (stabilization window), so the HPA scales in from 5 to 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := st
			s.History = []cluster.HPADecision{tc.d}
			m := &Model{hpa: s}
			if got := m.Narration(); got != tc.want {
				t.Errorf("narration\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
