package chart

import (
	"reflect"
	"slices"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

func TestSelfHealingData(t *testing.T) {
	checkData(t, selfHealingData, selfHealingRun(t), selfHealingSeries{
		Ready:     steps{{0, 3}, {2, 2}, {5, 3}, {48, 2}, {57, 3}, {60, 3}},
		Desired:   steps{{0, 3}, {60, 3}},
		Kills:     []mark{{2, "kill web-a"}, {8, "kill node-2"}},
		Heals:     []mark{{5, "ready web-d"}, {57, "ready web-e"}},
		NotReady:  []mark{{48, "node-2 NotReady"}},
		Evictions: []mark{{53, "evict 1 pod"}},
	})
}

func TestGroupEvictions(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   []float64
		want []mark
	}{
		{"none", nil, nil},
		{"one node's pods at once", []float64{53, 53.004, 53.01}, []mark{{53, "evict 3 pods"}}},
		{"two nodes apart", []float64{10, 10.5, 40}, []mark{{10, "evict 2 pods"}, {40, "evict 1 pod"}}},
		{"a group is measured from its first", []float64{10, 10.8, 11.6}, []mark{{10, "evict 2 pods"}, {11.6, "evict 1 pod"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := groupEvictions(tc.at); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRollingDeployData(t *testing.T) {
	checkData(t, rollingDeployData, rollingDeployRun(t), rollingDeploySeries{
		Versions:  []string{"v1", "v2"},
		T:         []float64{0, 1, 3, 5, 7, 8},
		ByVersion: [][]int{{3, 3, 2, 1, 0, 0}, {0, 1, 2, 3, 3, 3}},
		Ready:     steps{{0, 3}, {5, 2}, {7, 3}, {8, 3}},
		Bounds: []bounds{
			{span: span{0, 1}, Revision: 1, Version: "v1", Most: 4, Fewest: 2},
			{span: span{1, 8}, Revision: 2, Version: "v2", Most: 4, Fewest: 2},
		},
	})
}

func TestRollouts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		bounds []bounds
		want   []mark
	}{
		{"no rollout", []bounds{{span{0, 9}, 1, "v1", 4, 2}}, nil},
		{"a rollout, then a scale within it", []bounds{
			{span{0, 5}, 1, "v1", 4, 2}, {span{5, 9}, 2, "v2", 4, 2}, {span{9, 12}, 2, "v2", 6, 4},
		}, []mark{{5, "revision 2: v2"}}},
		{"an undo is a rollout too", []bounds{
			{span{0, 5}, 1, "v1", 4, 2}, {span{5, 9}, 2, "v2", 4, 2}, {span{9, 12}, 3, "v1", 4, 2},
		}, []mark{{5, "revision 2: v2"}, {9, "revision 3: v1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rollouts(tc.bounds); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAutoscalingData(t *testing.T) {
	metric := []point{{15, 120}, {30, 48}, {45, 10}, {60, 10}}
	for _, tc := range []struct {
		name string
		rec  *record.Recording
		want autoscalingSeries
	}{
		{"held, then released by a fast forward", autoscalingRun(t, "rps", true), autoscalingSeries{
			Metric:  append(metric, point{75, 10}),
			Target:  steps{{15, 50}, {80, 50}},
			Desired: steps{{0, 2}, {15, 5}, {75, 1}, {80, 1}},
			Ready:   steps{{0, 2}, {20, 5}, {77, 1}, {80, 1}},
			Held:    []span{{45, 75}},
			Unit:    "req/s per pod",
		}},
		{"still held at the end, on CPU", autoscalingRun(t, "cpu", false), autoscalingSeries{
			Metric:  metric,
			Target:  steps{{15, 50}, {80, 50}},
			Desired: steps{{0, 2}, {15, 5}, {80, 5}},
			Ready:   steps{{0, 2}, {20, 5}, {80, 5}},
			Held:    []span{{45, 80}},
			Unit:    "% CPU",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkData(t, autoscalingData, tc.rec, tc.want)
		})
	}
}

func TestColdStartData(t *testing.T) {
	checkData(t, coldStartData, coldStartRun(t), coldStartSeries{
		Invocations: []invocation{
			{0.85, 750.5, faas.KindCold}, {2, 4.25, faas.KindWarm}, {3, 3.5, faas.KindWarm},
			{5, 0.05, faas.KindThrottled}, {5.01, 6, faas.KindWarm}, {5.9, 910, faas.KindCold},
		},
		Alive: steps{{0, 0}, {0.1, 1}, {5, 2}, {16, 0}, {18, 0}},
	})
}

func TestSteps(t *testing.T) {
	for _, tc := range []struct {
		name string
		add  []point
		end  float64
		want steps
	}{
		{"empty stays empty", nil, 10, nil},
		{"repeats are dropped", []point{{0, 1}, {1, 1}, {2, 3}, {3, 3}}, 5, steps{{0, 1}, {2, 3}, {5, 3}}},
		{"no extra point at the end", []point{{0, 1}, {5, 2}}, 5, steps{{0, 1}, {5, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s steps
			for _, p := range tc.add {
				s.add(p.T, p.V)
			}
			if got := s.until(tc.end); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []string
	}{
		{0, 1.6, 10, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6"}},
		{0, 60, 10, []string{"0", "10", "20", "30", "40", "50", "60"}},
		{0, 57.5, 6, []string{"0", "10", "20", "30", "40", "50"}},
		{0, 300, 10, []string{"0", "50", "100", "150", "200", "250", "300"}},
		{5, 5, 10, nil},
	} {
		var got []string
		for _, tk := range (niceTicks{tc.n}).Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("ticks over %v..%v: %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// checkData fails t unless data, a demo's series from a recording, makes
// want of rec.
func checkData[D any](t *testing.T, data func(*record.Recording) (D, error), rec *record.Recording, want D) {
	t.Helper()
	got, err := data(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}
