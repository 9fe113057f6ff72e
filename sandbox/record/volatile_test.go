package record

import (
	"testing"
	"time"
)

func TestVolatile(t *testing.T) {
	const pad = `,"pad":"long enough for a delta to beat a keyframe"`
	state := func(clock, status string) string {
		return `{"Clock":"` + clock + `","pods":[{"name":"a","age_ms":` + clock + `,"status":"` + status + `"}]` + pad + `}`
	}
	tests := []struct {
		name  string
		steps []step
		lines string
		kept  []time.Duration // the states a replay sees
	}{
		{"a burst of clocks writes its last state late enough",
			[]step{st(0, state("0", "Running")), st(10*ms, state("10", "Running")), st(30*ms, state("30", "Running")), st(300*ms, state("300", "Running"))},
			"keyframe delta delta", []time.Duration{0, 30 * ms, 300 * ms}},
		{"states that come often keep one in less than 250 ms",
			[]step{st(0, state("0", "Running")), st(100*ms, state("100", "Running")), st(200*ms, state("200", "Running")),
				st(260*ms, state("260", "Running")), st(400*ms, state("400", "Running")), st(420*ms, state("420", "Running"))},
			"keyframe delta delta", []time.Duration{0, 200 * ms, 420 * ms}},
		{"any other change is written at once",
			[]step{st(0, state("0", "Running")), st(10*ms, state("10", "Running")), st(20*ms, state("20", "Error")), st(21*ms, state("21", "Error"))},
			"keyframe delta delta", []time.Duration{0, 20 * ms, 21 * ms}},
		{"a record writes the held state first",
			[]step{st(0, state("0", "Running")), st(10*ms, state("10", "Running")), ev(15*ms, "event", `{}`), st(20*ms, state("20", "Running"))},
			"keyframe delta event delta", []time.Duration{0, 10 * ms, 20 * ms}},
		{"Close writes the held state",
			[]step{st(0, state("0", "Running")), st(10*ms, state("10", "Running"))},
			"keyframe delta", []time.Duration{0, 10 * ms}},
		{"back to the state written drops the held one",
			[]step{st(0, state("0", "Running")), st(10*ms, state("10", "Running")), st(20*ms, state("0", "Running"))},
			"keyframe", []time.Duration{0}},
		{"a new element is not volatile",
			[]step{st(0, `{"Clock":"0","pods":[{"name":"a","age_ms":1}]`+pad+`}`), st(10*ms, `{"Clock":"1","pods":[{"name":"a","age_ms":1},{"name":"b","age_ms":1}]`+pad+`}`)},
			"keyframe delta", []time.Duration{0, 10 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := record(t, tt.steps, Volatile(250*ms, "Clock", "age_ms"))
			if got := lineTypes(data); got != tt.lines {
				t.Errorf("lines = %s, want %s", got, tt.lines)
			}
			rec := open(t, data)
			if got := rec.StateTimes(); len(got) != len(tt.kept) {
				t.Fatalf("states at %v, want %v", got, tt.kept)
			}
			for i, at := range rec.StateTimes() {
				if at != tt.kept[i] {
					t.Errorf("state %d at %v, want %v", i, at, tt.kept[i])
				}
				got, _ := rec.State(i)
				if want := bodyAt(tt.steps, at); canonical(t, got) != canonical(t, []byte(want)) {
					t.Errorf("state at %v = %s, want %s", at, got, want)
				}
			}
		})
	}
}

// bodyAt is the state step given at t.
func bodyAt(steps []step, t time.Duration) string {
	for _, s := range steps {
		if s.typ == "" && s.t == t {
			return s.body
		}
	}
	return ""
}

// Real cluster snapshots, given every 20 ms with DemoClocks: at the time
// of every state given, a replay shows that state, or one given less than
// 250 ms before it that differs from it only in the volatile keys.
func TestDemoClocksOnRealSnapshots(t *testing.T) {
	states := v1States(t)
	var steps []step
	for i, s := range states {
		steps = append(steps, st(time.Duration(i)*20*ms, s))
	}
	w := &Writer{}
	DemoClocks()(w)
	rec := open(t, record(t, steps, DemoClocks()))
	if n := len(rec.StateTimes()); n == len(states) || n < 2 {
		t.Errorf("%d of %d states kept: want some held back, not all", n, len(states))
	}
	for k, s := range steps {
		shown, err := rec.StateAt(s.t)
		if err != nil {
			t.Fatal(err)
		}
		j := k
		for j >= 0 && canonical(t, []byte(steps[j].body)) != canonical(t, shown) {
			j--
		}
		if j < 0 || s.t-steps[j].t >= 250*ms {
			t.Fatalf("at %v the replay shows no state given in the 250 ms before", s.t)
		}
		if j < k {
			p, err := createPatch([]byte(steps[j].body), []byte(s.body))
			if err != nil || !onlyKeys(p, w.volatile) {
				t.Errorf("at %v the replay shows the state of %v, which differs in more than clocks: %s", s.t, steps[j].t, p)
			}
		}
	}
}
