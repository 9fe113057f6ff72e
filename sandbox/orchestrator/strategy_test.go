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

// The ready history of a demo left running stays bounded, and a replay over
// the time it covers finds the same gaps as the whole history: pod a, ready
// since the start, is still known ready when its entry has fallen out.
func TestReadyHistoryIsBounded(t *testing.T) {
	for _, tc := range []struct {
		name         string
		flap, total  time.Duration // pod b leaves and rejoins every flap
		aLeavesAfter time.Duration // before the end
		max          int           // the changes the bound keeps and a base entry per pod
	}{
		{"an hour of a flap a second", time.Second, time.Hour, time.Minute, 2*int(readyWindow/time.Second) + 1 + 2},
		{"a minute of a flap a millisecond", time.Millisecond, time.Minute, time.Second, maxReadyLog + 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end := t0.Add(tc.total)
			aLeaves := end.Add(-tc.aLeavesAfter)
			full := []ReadyChange{{"a", true, t0}, {"b", true, t0}}
			for at := t0.Add(tc.flap); at.Before(end); at = at.Add(tc.flap) {
				if !at.Before(aLeaves) && full[len(full)-1].At.Before(aLeaves) {
					full = append(full, ReadyChange{"a", false, aLeaves})
				}
				full = append(full, ReadyChange{"b", false, at}, ReadyChange{"b", true, at.Add(tc.flap / 2)})
			}
			var l readyLog
			for _, h := range full {
				l.add(h)
			}
			hist := l.history()
			if len(hist) > tc.max {
				t.Errorf("%d entries kept of %d, want at most %d", len(hist), len(full), tc.max)
			}
			from := l.log[0].At
			if !from.Before(aLeaves) || from.Equal(t0) {
				t.Fatalf("the kept history starts at %v: the test needs it to start after the start and before a leaves", from.Sub(t0))
			}
			got, want := EndpointGaps(hist, from, end), EndpointGaps(full, from, end)
			if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("replayed from %v: %d gaps, want the whole history's %d", from.Sub(t0), len(got), len(want))
			}
		})
	}
}
