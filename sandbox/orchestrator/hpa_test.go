package orchestrator

import (
	"strings"
	"testing"
	"time"
)

// The HPA's algorithm as Kubernetes documents it: desired =
// ceil(current × metric / target), nothing within the 0.1 tolerance,
// min/max, scale-up at most max(4 pods, 100%) per 15 s.
func TestHPADecideFormulaToleranceAndLimits(t *testing.T) {
	for _, tc := range []struct {
		name                string
		min, max            int
		current, measured   int
		metric, target      float64
		wantRaw, wantDesire int
		reason              string
	}{
		{"double: 200m against 100m", 1, 10, 2, 2, 200, 100, 4, 4, "ValidMetricFound"},
		{"halve: 50m against 100m", 1, 10, 4, 4, 50, 100, 2, 2, "ValidMetricFound"},
		{"ceil: 3 pods at 1.5x", 1, 10, 3, 3, 150, 100, 5, 5, "ValidMetricFound"},
		{"within tolerance above", 1, 10, 4, 4, 110, 100, 4, 4, "ReadyForNewScale"},
		{"within tolerance below", 1, 10, 4, 4, 90, 100, 4, 4, "ReadyForNewScale"},
		{"just outside the tolerance", 1, 10, 4, 4, 111, 100, 5, 5, "ValidMetricFound"},
		{"capped at max", 1, 6, 4, 4, 400, 100, 16, 6, "TooManyReplicas"},
		{"raised to min", 2, 10, 4, 4, 10, 100, 1, 2, "TooFewReplicas"},
		{"scale-up limit: 1 pod may become 5 (4 pods beat 100%)", 1, 12, 1, 1, 1000, 100, 10, 5, "ScaleUpLimit"},
		{"scale-up limit: 10 pods may become 20 (100% beats 4 pods)", 1, 50, 10, 10, 500, 100, 50, 20, "ScaleUpLimit"},
		{"formula over measured pods only", 1, 10, 4, 2, 300, 100, 6, 6, "ValidMetricFound"},
		{"no ready pod: no change", 1, 10, 3, 0, 0, 100, 3, 3, "FailedGetMetrics"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHPA(HPASpec{MinReplicas: tc.min, MaxReplicas: tc.max, Target: tc.target})
			d := h.Decide(t0, tc.current, tc.measured, tc.metric)
			if d.Raw != tc.wantRaw || d.Desired != tc.wantDesire {
				t.Errorf("raw %d desired %d, want %d %d (%+v)", d.Raw, d.Desired, tc.wantRaw, tc.wantDesire, d)
			}
			if !strings.HasPrefix(d.Reason, tc.reason) {
				t.Errorf("reason %q, want %s", d.Reason, tc.reason)
			}
		})
	}
}

// The scale-up rate counts from the replicas at the start of the 15 s
// period: a second scale-up inside the period gets only what is left.
func TestHPAScaleUpRatePerPeriod(t *testing.T) {
	h := NewHPA(HPASpec{MinReplicas: 1, MaxReplicas: 12, Target: 10})
	steps := []struct {
		after   time.Duration
		current int
		want    int
	}{
		{0, 1, 5},                 // 1 + 4
		{5 * time.Second, 5, 5},   // same period: still 1 + 4
		{15 * time.Second, 5, 10}, // new period: 5 × 2 beats 5 + 4
		{30 * time.Second, 10, 12},
	}
	for _, st := range steps {
		d := h.Decide(t0.Add(st.after), st.current, st.current, 1000)
		if d.Desired != st.want {
			t.Errorf("at +%v from %d: desired %d, want %d (%s)", st.after, st.current, d.Desired, st.want, d.Reason)
		}
	}
}

// Scale-down stabilization: the HPA scales down only to the highest
// recommendation of the last 300 s, so a dip must last the whole window.
func TestHPAScaleDownStabilizationWindow(t *testing.T) {
	h := NewHPA(HPASpec{MinReplicas: 1, MaxReplicas: 10, Target: 10})
	if d := h.Decide(t0, 5, 5, 10); d.Desired != 5 {
		t.Fatalf("steady: %+v", d)
	}
	current := 5
	for at := 15 * time.Second; at <= 330*time.Second; at += 15 * time.Second {
		d := h.Decide(t0.Add(at), current, current, 2) // load fell: raw 1
		want := 5
		if at >= 300*time.Second { // the 5 recorded at 0 s left the window
			want = 1
		}
		if d.Raw != 1 || d.Desired != want {
			t.Fatalf("at +%v: raw %d desired %d, want 1 and %d (%s)", at, d.Raw, d.Desired, want, d.Reason)
		}
		if want == 5 && !strings.HasPrefix(d.Reason, "ScaleDownStabilized") {
			t.Errorf("at +%v: reason %q", at, d.Reason)
		}
		current = d.Desired
	}
	// A short spike inside the window holds the count up again for a whole window.
	h = NewHPA(HPASpec{MinReplicas: 1, MaxReplicas: 10, Target: 10})
	h.Decide(t0, 2, 2, 10)
	h.Decide(t0.Add(15*time.Second), 2, 2, 30) // spike: recommends 6 → limited to 6
	if d := h.Decide(t0.Add(30*time.Second), 6, 6, 1); d.Desired != 6 {
		t.Errorf("right after the spike: desired %d, want 6 (stabilized)", d.Desired)
	}
	if d := h.Decide(t0.Add(315*time.Second), 6, 6, 1); d.Desired != 1 {
		t.Errorf("a window after the spike: desired %d, want 1", d.Desired)
	}
	// Scale-up is not stabilized: it acts at once.
	if d := h.Decide(t0.Add(330*time.Second), 1, 1, 30); d.Desired != 3 {
		t.Errorf("scale-up: desired %d, want 3 at once", d.Desired)
	}
}

func TestHPASpecValidate(t *testing.T) {
	for _, s := range []HPASpec{{MinReplicas: 0, MaxReplicas: 3, Target: 1}, {MinReplicas: 3, MaxReplicas: 2, Target: 1}, {MinReplicas: 1, MaxReplicas: 20, Target: 1}, {MinReplicas: 1, MaxReplicas: 3}} {
		if s.Validate() == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	if err := (HPASpec{MinReplicas: 1, MaxReplicas: 3, Target: 1}).Validate(); err != nil {
		t.Error(err)
	}
}

// HoldEnds is when the window lets go of a replica count: a window after
// the newest recommendation of that many or more.
func TestHPAHoldEnds(t *testing.T) {
	type rec struct {
		after   time.Duration
		current int
		metric  float64 // target 10: the recommendation is ceil(current × metric / 10)
	}
	for _, tc := range []struct {
		name    string
		recs    []rec
		current int
		want    time.Duration
		ok      bool
	}{
		{"no recommendation", nil, 3, 0, false},
		{"nothing holds: every recommendation is lower", []rec{{0, 4, 5}}, 4, 0, false},
		{"held by one high recommendation", []rec{{0, 4, 10}, {15 * time.Second, 4, 2}}, 4, 300 * time.Second, true},
		{"the newest high one counts", []rec{{0, 4, 10}, {30 * time.Second, 4, 10}, {45 * time.Second, 4, 2}}, 4, 330 * time.Second, true},
		{"a higher one holds a lower count too", []rec{{0, 2, 40}, {15 * time.Second, 6, 1}}, 3, 300 * time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHPA(HPASpec{MinReplicas: 1, MaxReplicas: 12, Target: 10})
			for _, r := range tc.recs {
				h.Decide(t0.Add(r.after), r.current, r.current, r.metric)
			}
			at, ok := h.HoldEnds(tc.current)
			if ok != tc.ok || (ok && at.Sub(t0) != tc.want) {
				t.Errorf("HoldEnds(%d) = +%v %v, want +%v %v", tc.current, at.Sub(t0), ok, tc.want, tc.ok)
			}
		})
	}
}
