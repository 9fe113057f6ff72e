package record

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

const ms = time.Millisecond

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"counters", []step{
			st(0, `{"pods":[{"name":"a","ready":false}],"requests":0}`),
			ev(100*ms, "event", `{"reason":"Scheduled","object":"pod/a"}`),
			st(250*ms, `{"pods":[{"name":"a","ready":false}],"requests":3}`),
			st(500*ms, `{"pods":[{"name":"a","ready":true}],"requests":9}`),
			ev(600*ms, "step", `{"n":1}`),
			st(750*ms, `{"pods":[{"name":"a","ready":true}],"requests":14}`),
		}},
		{"fields removed", []step{
			st(0, `{"a":1,"b":{"c":2,"d":3},"e":"x"}`),
			st(250*ms, `{"a":1,"b":{"c":2}}`),
			st(500*ms, `{"b":{}}`),
			st(750*ms, `{}`),
			st(1000*ms, `{"a":{"deep":{"er":[1,2]}}}`),
		}},
		{"arrays change length", []step{
			st(0, `{"pods":[]}`),
			st(250*ms, `{"pods":["a"]}`),
			st(500*ms, `{"pods":["a","b","c"]}`),
			st(750*ms, `{"pods":["c"]}`),
			st(1000*ms, `{"pods":[]}`),
			st(1250*ms, `{"pods":[["x"],{"y":[]}]}`),
		}},
		{"nulls", []step{
			st(0, `{"heals":null,"a":1}`),
			st(250*ms, `{"heals":[{"killed":"a","node":null}],"a":1}`),
			st(500*ms, `{"heals":null,"a":2}`),
			st(750*ms, `{"a":2}`),
			st(1000*ms, `{"a":null}`),
			st(1250*ms, `{"a":{"b":null}}`),
			st(1500*ms, `{"a":{"b":1}}`),
		}},
		{"not objects", []step{
			st(0, `[1,2]`),
			st(250*ms, `{"a":1}`),
			st(500*ms, `3`),
			st(750*ms, `null`),
			st(1000*ms, `{"a":2}`),
			st(1250*ms, `"s"`),
		}},
		{"equal states and respelling", []step{
			st(0, `{"a":1,"b":2}`),
			st(250*ms, `{"a":1,"b":2}`),
			st(500*ms, `{"b":2,"a":1}`),
			st(750*ms, `{"b":3,"a":1}`),
		}},
		{"strings that look like null", []step{
			st(0, `{"a":"null","b":"n\"n"}`),
			st(250*ms, `{"a":"nil","b":"n\\"}`),
			st(500*ms, `{"b":"n\\"}`),
		}},
	}
	for _, tt := range tests {
		for _, every := range []time.Duration{DefaultKeyframeEvery, 500 * ms} {
			t.Run(fmt.Sprintf("%s/K=%v", tt.name, every), func(t *testing.T) {
				rec := open(t, record(t, tt.steps, KeyframeEvery(every)))
				var want []Record
				for _, s := range tt.steps {
					if s.typ != "" {
						want = append(want, Record{s.t, s.typ, []byte(s.body)})
						continue
					}
					got, err := rec.StateAt(s.t)
					if err != nil {
						t.Fatalf("StateAt(%v): %v", s.t, err)
					}
					if g, w := canonical(t, got), canonical(t, []byte(s.body)); g != w {
						t.Errorf("StateAt(%v) = %s, want %s", s.t, g, w)
					}
				}
				// Again backwards, past the states StateAt keeps built.
				for i := len(tt.steps) - 1; i >= 0; i-- {
					if s := tt.steps[i]; s.typ == "" {
						got, err := rec.StateAt(s.t)
						if err != nil || canonical(t, got) != canonical(t, []byte(s.body)) {
							t.Errorf("backwards: StateAt(%v) = %s, %v; want %s", s.t, got, err, s.body)
						}
					}
				}
				if got := fmt.Sprint(rec.Records()); got != fmt.Sprint(want) {
					t.Errorf("Records() = %s, want %s", got, want)
				}
			})
		}
	}
}

func TestHeaderRoundTrip(t *testing.T) {
	rec := open(t, record(t, nil))
	want := testHeader
	want.Format = Format
	if fmt.Sprint(rec.Header) != fmt.Sprint(want) || !rec.Header.Started.Equal(want.Started) {
		t.Errorf("header = %+v, want %+v", rec.Header, want)
	}
	if rec.Duration() != 0 || rec.Truncated != 0 || len(rec.Records()) != 0 {
		t.Errorf("an empty recording: duration %v, truncated %d, %d records", rec.Duration(), rec.Truncated, len(rec.Records()))
	}
	if s, err := rec.StateAt(time.Hour); s != nil || err != nil {
		t.Errorf("StateAt with no states = %s, %v; want nil, nil", s, err)
	}
}

// lineTypes lists the type of every record line, to check what was written.
func lineTypes(data []byte) string {
	var out []string
	for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n"))[1:] {
		_, after, _ := bytes.Cut(l, []byte(`"type":"`))
		typ, _, _ := bytes.Cut(after, []byte(`"`))
		out = append(out, string(typ))
	}
	return strings.Join(out, " ")
}

func TestKeyframeOrDelta(t *testing.T) {
	big := `{"a":1,"list":[` + strings.Repeat(`"xxxxxxxx",`, 20) + `"x"]}`
	tests := []struct {
		name  string
		every time.Duration
		steps []step
		want  string
	}{
		{"first is a keyframe, then deltas", time.Second,
			[]step{st(0, `{"a":1,"b":"long enough"}`), st(250*ms, `{"a":2,"b":"long enough"}`), st(500*ms, `{"a":3,"b":"long enough"}`)},
			"keyframe delta delta"},
		{"equal states write nothing", time.Second,
			[]step{st(0, `{"a":1}`), st(250*ms, `{"a":1}`), st(500*ms, `{ "a": 1 }`)},
			"keyframe"},
		{"a keyframe every K", time.Second,
			[]step{st(0, big), st(500*ms, strings.Replace(big, `"a":1`, `"a":2`, 1)),
				st(1000*ms, strings.Replace(big, `"a":1`, `"a":3`, 1)), st(1500*ms, strings.Replace(big, `"a":1`, `"a":4`, 1))},
			"keyframe delta keyframe delta"},
		{"a patch as big as the state is a keyframe", time.Minute,
			[]step{st(0, `{"a":1}`), st(250*ms, `{"b":2}`)},
			"keyframe keyframe"},
		{"a key set to null is a keyframe", time.Minute,
			[]step{st(0, `{"a":1,"b":"long enough"}`), st(250*ms, `{"a":null,"b":"long enough"}`)},
			"keyframe keyframe"},
		{"a removed key is a delta, nulls or not", time.Minute,
			[]step{st(0, `{"a":1,"b":"long enough to beat the patch","c":null}`), st(250*ms, `{"b":"long enough to beat the patch","c":null}`)},
			"keyframe delta"},
		{"a null in an array element is a delta", time.Minute,
			[]step{st(0, `{"a":[{"b":1},{"b":2}],"c":"long enough to beat the patch"}`), st(250*ms, `{"a":[{"b":1},{"b":null}],"c":"long enough to beat the patch"}`)},
			"keyframe delta"},
		{"records are kept between states", time.Minute,
			[]step{ev(0, "command", `{"kill":"pod/a"}`), st(0, big), ev(100*ms, "event", `{}`), ev(100*ms, "summary", `{}`)},
			"command keyframe event summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lineTypes(record(t, tt.steps, KeyframeEvery(tt.every))); got != tt.want {
				t.Errorf("lines = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestStateAtBetweenStates(t *testing.T) {
	rec := open(t, record(t, []step{st(100*ms, `{"a":1}`), st(300*ms, `{"a":2}`)}))
	for _, tt := range []struct {
		t    time.Duration
		want string
	}{{0, "<nil>"}, {99 * ms, "<nil>"}, {100 * ms, `{"a":1}`}, {299 * ms, `{"a":1}`}, {300 * ms, `{"a":2}`}, {time.Hour, `{"a":2}`}} {
		got, err := rec.StateAt(tt.t)
		if err != nil || canonical(t, got) != tt.want {
			t.Errorf("StateAt(%v) = %s, %v; want %s", tt.t, got, err, tt.want)
		}
	}
}
