package orchestrator

import (
	"fmt"

	"testing"
	"time"
)

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
