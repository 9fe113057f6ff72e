package autoscaling

import (
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

func TestValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Min: 0, Max: 3, TimeScale: 30}, "bad flag: "},
		{Options{Min: 3, Max: 2, TimeScale: 30}, "bad flag: "},
		{Options{Min: 1, Max: 20, TimeScale: 30}, "bad flag: "},
		{Options{Min: 1, Max: 3, TimeScale: 0}, "--time-scale 0: want 1 to 200"},
	} {
		if err := tc.o.Validate(); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q...", tc.o, err, tc.want)
		}
	}
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
