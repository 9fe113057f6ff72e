package orchestrator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Kubernetes' rounding: maxSurge percentages round up, maxUnavailable
// percentages round down, and if both come to 0 maxUnavailable is 1.
func TestStrategyResolve(t *testing.T) {
	for _, tc := range []struct {
		surge, unavail string
		replicas       int
		wantS, wantU   int
	}{
		{"", "", 3, 1, 0},          // defaults 25%/25%: 3 replicas run as 3 to 4 pods
		{"", "", 4, 1, 1},          // 3 to 5 pods
		{"", "", 10, 3, 2},         // 8 to 13 pods
		{"25%", "25%", 1, 1, 0},    // surge 0.25 rounds up
		{"2", "1", 5, 2, 1},        // absolute numbers
		{"0", "1", 4, 0, 1},        // no surge: replace in place
		{"0", "25%", 4, 0, 1},      // no surge, percentage
		{"10%", "10%", 3, 1, 0},    // 0.3 surge rounds up to 1, 0.3 unavailable down to 0
		{"0%", "10%", 3, 0, 1},     // both round to 0: unavailable becomes 1
		{"0", "20%", 4, 0, 1},      // 0.8 rounds down to 0, surge 0: unavailable 1
		{"100%", "0", 3, 3, 0},     // blue-green-like: all new pods first
		{"50%", "100%", 10, 5, 10}, // anything goes
		{"1", "0", 12, 1, 0},       // one at a time with no dip
	} {
		t.Run(fmt.Sprintf("%s/%s on %d", tc.surge, tc.unavail, tc.replicas), func(t *testing.T) {
			s := Strategy{MaxSurge: tc.surge, MaxUnavailable: tc.unavail}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			gotS, gotU := s.Resolve(tc.replicas)
			if gotS != tc.wantS || gotU != tc.wantU {
				t.Errorf("Resolve(%d) = surge %d, unavailable %d; want %d, %d", tc.replicas, gotS, gotU, tc.wantS, tc.wantU)
			}
		})
	}
}

func TestStrategyValidate(t *testing.T) {
	for _, tc := range []struct {
		s       Strategy
		wantErr string
	}{
		{Strategy{MaxSurge: "0", MaxUnavailable: "0"}, "may not be 0 when maxSurge is 0"},
		{Strategy{MaxSurge: "0%", MaxUnavailable: "0"}, "may not be 0 when maxSurge is 0"},
		{Strategy{MaxSurge: "0", MaxUnavailable: "0%"}, "may not be 0 when maxSurge is 0"},
		{Strategy{MaxSurge: "x"}, "maxSurge"},
		{Strategy{MaxUnavailable: "-1"}, "maxUnavailable"},
		{Strategy{MaxUnavailable: "150%"}, "greater than 100%"},
		{Strategy{MaxSurge: "1.5"}, "maxSurge"},
		{Strategy{Recreate: true, MaxSurge: "0", MaxUnavailable: "0"}, ""}, // limits do not apply
		{Strategy{MaxSurge: "0", MaxUnavailable: "1"}, ""},
		{Strategy{}, ""},
	} {
		err := tc.s.Validate()
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", tc.s, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%+v: error %v, want one saying %q", tc.s, err, tc.wantErr)
		}
	}
}

func TestRolloutStatusLine(t *testing.T) {
	for _, tc := range []struct {
		i    RolloutInfo
		want string
	}{
		{RolloutInfo{Replicas: 3, Updated: 1, Total: 4}, `Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...`},
		{RolloutInfo{Replicas: 3, Updated: 3, Total: 4, UpdatedAvailable: 3}, `Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...`},
		{RolloutInfo{Replicas: 3, Updated: 3, Total: 3, UpdatedAvailable: 1}, `Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...`},
		{RolloutInfo{Replicas: 3, Updated: 3, Total: 3, UpdatedAvailable: 3}, `deployment "web" successfully rolled out`},
		{RolloutInfo{Replicas: 3, Updated: 1, Total: 4, Failed: true}, `error: deployment "web" exceeded its progress deadline`},
	} {
		if got := rolloutStatusLine("web", tc.i); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

func TestNextTemplate(t *testing.T) {
	good := Template{Version: "v1", Env: map[string]string{"A": "1"}}
	bad := NextTemplate(good, BadReadiness)
	if bad.Version != "v2" || !IsBad(bad) || bad.Env["A"] != "1" {
		t.Errorf("bad next = %+v", bad)
	}
	fixed := NextTemplate(bad, "")
	if fixed.Version != "v3" || IsBad(fixed) {
		t.Errorf("next after bad = %+v", fixed)
	}
	if IsBad(good) || good.Env["A"] != "1" || len(good.Env) != 1 {
		t.Errorf("NextTemplate changed its input: %+v", good)
	}
}

func TestEndpointGaps(t *testing.T) {
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	hist := []ReadyChange{
		{"a", true, at(0)}, {"b", true, at(0)},
		{"a", false, at(100)}, {"b", false, at(110)}, // gap 110..150
		{"c", true, at(150)},
		{"c", false, at(300)}, // gap 300..until
	}
	for _, tc := range []struct {
		from int
		want []time.Duration
	}{
		{0, []time.Duration{40 * time.Millisecond, 100 * time.Millisecond}},
		{120, []time.Duration{30 * time.Millisecond, 100 * time.Millisecond}}, // already empty at from
		{200, []time.Duration{100 * time.Millisecond}},
		{350, []time.Duration{50 * time.Millisecond}},
	} {
		var got []time.Duration
		for _, g := range EndpointGaps(hist, at(tc.from), at(400)) {
			got = append(got, g.Took)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("from %d ms: gaps %v, want %v", tc.from, got, tc.want)
		}
	}
}

// Any strategy the validation accepts resolves to limits a rollout can
// use: never negative, never both 0, unavailable never above the replicas
// for percentages.
func FuzzStrategy(f *testing.F) {
	for _, s := range []string{"", "0", "1", "25%", "0%", "100%", "150%", "x", "-1", " 2 ", "1.5"} {
		f.Add(s, "25%", 3)
		f.Add("0", s, 10)
	}
	f.Fuzz(func(t *testing.T, surge, unavail string, replicas int) {
		replicas = 1 + abs(replicas%MaxReplicas)
		st := Strategy{MaxSurge: surge, MaxUnavailable: unavail}
		if st.Validate() != nil {
			return
		}
		s, u := st.Resolve(replicas)
		if s < 0 || u < 0 || (s == 0 && u == 0) {
			t.Fatalf("%q/%q on %d: surge %d unavailable %d", surge, unavail, replicas, s, u)
		}
		if strings.HasSuffix(strings.TrimSpace(unavail), "%") && u > replicas {
			t.Fatalf("%q on %d: unavailable %d above the replicas", unavail, replicas, u)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
