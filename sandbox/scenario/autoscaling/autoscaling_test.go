package autoscaling

import (
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/scenariotest"
)

func TestValidate(t *testing.T) {
	scenariotest.CheckValidate(t, Defaults(), map[string]Options{
		"bad flag: minReplicas 0: want at least 1":               {Min: 0, Max: 3, TimeScale: 30},
		"bad flag: maxReplicas 2 must be at least minReplicas 3": {Min: 3, Max: 2, TimeScale: 30},
		"bad flag: maxReplicas 20: at most 12 on a laptop":       {Min: 1, Max: 20, TimeScale: 30},
		"--time-scale 0: want 1 to 200":                          {Min: 1, Max: 3, TimeScale: 0},
	})
}

// Since reads the decisions after a count of syncs from the bounded
// history, also once it dropped the oldest (a length comparison stops
// seeing new syncs there).
func TestSince(t *testing.T) {
	hist := func(n int) []cluster.HPADecision {
		var h []cluster.HPADecision
		for i := range n {
			h = append(h, cluster.HPADecision{Desired: i})
		}
		return h
	}
	for _, tc := range []struct {
		name         string
		held, syncs  int
		after, wantN int
		wantFirst    int // Desired of the first returned
	}{
		{"none yet", 0, 0, 0, 0, 0},
		{"all new", 3, 3, 0, 3, 0},
		{"the last two", 5, 5, 3, 2, 3},
		{"nothing new", 5, 5, 5, 0, 0},
		{"bounded history, one new", 400, 401, 400, 1, 399},
		{"more new than held", 400, 900, 100, 400, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Since(cluster.AutoscalerStatus{History: hist(tc.held), Syncs: tc.syncs}, tc.after)
			if len(got) != tc.wantN {
				t.Fatalf("%d decisions, want %d", len(got), tc.wantN)
			}
			if tc.wantN > 0 && got[0].Desired != tc.wantFirst {
				t.Errorf("first is #%d, want #%d", got[0].Desired, tc.wantFirst)
			}
		})
	}
}
