package cluster

import (
	"fmt"
	"strings"
	"testing"
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
		{" 2", "0", 4, 2, 0},       // what Validate accepts, Resolve reads alike
		{"25% ", " 25%", 4, 1, 1},  // (two parsers once disagreed: surge 0 / unavailable 1)
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

// Any strategy the validation accepts resolves to limits a rollout can
// use, the same as its trimmed form (one parser): never negative, never both 0, unavailable never above the replicas
// for percentages.
func FuzzStrategy(f *testing.F) {
	for _, s := range []string{"", "0", "1", "25%", "0%", "100%", "150%", "x", "-1", " 2 ", "1.5"} {
		f.Add(s, "25%", 3)
		f.Add("0", s, 10)
	}
	f.Fuzz(func(t *testing.T, surge, unavail string, replicas int) {
		replicas = 1 + abs(replicas%12) // the orchestrator's laptop limit
		st := Strategy{MaxSurge: surge, MaxUnavailable: unavail}
		if st.Validate() != nil {
			return
		}
		s, u := st.Resolve(replicas)
		if s < 0 || u < 0 || (s == 0 && u == 0) {
			t.Fatalf("%q/%q on %d: surge %d unavailable %d", surge, unavail, replicas, s, u)
		}
		trimmed := Strategy{MaxSurge: strings.TrimSpace(surge), MaxUnavailable: strings.TrimSpace(unavail)}
		if ts, tu := trimmed.Resolve(replicas); ts != s || tu != u {
			t.Fatalf("%q/%q on %d resolves to %d/%d, its trimmed form to %d/%d", surge, unavail, replicas, s, u, ts, tu)
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
