package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPatch(t *testing.T) {
	tests := []struct {
		name, from, to, patch string
	}{
		{"scalars", `{"a":1,"b":"x","c":true}`, `{"a":2,"b":"x","c":false}`, `{"a":2,"c":false}`},
		{"added and removed", `{"a":1,"b":2}`, `{"b":2,"c":3}`, `{"c":3,"a":null}`},
		{"nested objects", `{"t":{"ok":1,"v":{"x":1}}}`, `{"t":{"ok":2,"v":{"x":1}}}`, `{"t":{"ok":2}}`},
		{"equal but for the key order", `{"a":{"x":1,"y":2}}`, `{"a":{"y":2,"x":1}}`, `{}`},
		{"every element patched", `{"pods":[{"name":"a","age":1},{"name":"b","age":1}]}`, `{"pods":[{"name":"a","age":2},{"name":"b","age":2}]}`,
			`{"pods":{"[]":[[0,{"age":2}],[1,{"age":2}]]}}`},
		{"copies between patches", `{"p":[{"n":"a","s":"Running"},{"n":"b","s":"Running"},{"n":"c","s":"Running"},{"n":"d","s":"Running"}]}`,
			`{"p":[{"n":"a","s":"Running"},{"n":"b","s":"Running"},{"n":"c","s":"Pending"},{"n":"d","s":"Running"}]}`,
			`{"p":{"[]":[[0,2],[2,{"s":"Pending"}],[3,1]]}}`},
		{"a window that slid along", `{"h":[{"ok":30},{"ok":29},{"ok":30},{"ok":31},{"ok":7,"failed":0}]}`, `{"h":[{"ok":29},{"ok":30},{"ok":31},{"ok":30,"failed":0},{"ok":1}]}`,
			`{"h":{"[]":[[1,3],[4,{"ok":30}],[{"ok":1}]]}}`},
		{"a growing window", `{"h":[{"ok":30},{"ok":30},{"ok":30},{"ok":30},{"ok":7,"failed":0}]}`, `{"h":[{"ok":30},{"ok":30},{"ok":30},{"ok":30},{"ok":30,"failed":0},{"ok":1}]}`,
			`{"h":{"[]":[[0,4],[4,{"ok":30}],[{"ok":1}]]}}`},
		{"a short array is replaced", `{"a":[1,2]}`, `{"a":[1,3]}`, `{"a":[1,3]}`},
		{"an element of another type", `{"a":[{"x":"long enough to patch"},{"y":"long enough to patch"}]}`, `{"a":[{"x":"long enough to patch"},5]}`,
			`{"a":{"[]":[[0,1],[5]]}}`},
		{"nested arrays", `{"a":[[1,2,3,4,5,6,7,8],[9,9,9,9,9,9,9,9,9,9,9,9]]}`, `{"a":[[1,2,3,4,5,6,7,8],[9,9,9,9,9,9,9,9,9,9,9,0]]}`,
			`{"a":{"[]":[[0,1],[1,{"[]":[[0,11],[0]]}]]}}`},
		{"equal arrays but for the spelling", `{"a":[{"x":1,"y":2},{"x":1,"y":2}]}`, `{"a":[{"y":2,"x":1},{"x":1,"y":2}]}`, `{}`},
		{"an array becomes an object", `{"a":[1,2,3]}`, `{"a":{"b":1}}`, `{"a":{"b":1}}`},
		{"an object becomes an array", `{"a":{"b":1}}`, `{"a":[1]}`, `{"a":[1]}`},
		{"nulls kept, removed and added", `{"a":null,"b":1,"c":[{"x":"long enough to patch","y":1}]}`, `{"a":null,"c":[{"x":"long enough to patch","y":null}],"d":{"e":null}}`,
			`{"c":[{"x":"long enough to patch","y":null}],"d":{"e":null},"b":null}`},
		{"arrays emptied and filled", `{"a":[],"b":[{"x":"long enough to patch"}]}`, `{"a":[{"x":1}],"b":[]}`, `{"a":[{"x":1}],"b":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := createPatch([]byte(tt.from), []byte(tt.to))
			if err != nil || string(p) != tt.patch {
				t.Errorf("createPatch = %s, %v; want %s", p, err, tt.patch)
			}
			got, err := applyPatch([]byte(tt.from), p)
			if err != nil || canonical(t, got) != canonical(t, []byte(tt.to)) {
				t.Errorf("applyPatch = %s, %v; want %s", got, err, tt.to)
			}
		})
	}
}

// No patch sets a key to null (null removes it): the writer writes a
// keyframe instead.
func TestPatchSetsNull(t *testing.T) {
	for _, tt := range []struct{ from, to string }{
		{`{"a":1}`, `{"a":null}`},
		{`{}`, `{"a":null}`},
		{`{"a":{"b":[1]}}`, `{"a":{"b":null}}`},
	} {
		if p, err := createPatch([]byte(tt.from), []byte(tt.to)); !errors.Is(err, errSetsNull) {
			t.Errorf("createPatch(%s, %s) = %s, %v; want errSetsNull", tt.from, tt.to, p, err)
		}
	}
}

func TestApplyPatchSpacesAndErrors(t *testing.T) {
	tests := []struct {
		name, doc, patch, want string
	}{
		{"spaces", ` { "a" : [ 1 , { "b" : 2 } ] , "c" : 3 } `, ` { "a" : { "[]" : [ [ 0 , 1 ] , [ 1 , { "b" : 3 } ] ] } } `, `{"a":[1,{"b":3}],"c":3}`},
		{"an object replaces a scalar as written", `{"a":1}`, `{"a":{"b":{"c":null,"d":1}}}`, `{"a":{"b":{"c":null,"d":1}}}`},
		{"a new key as written", `{}`, `{"a":{"b":null}}`, `{"a":{"b":null}}`},
		{"null removes a key", `{"a":1,"b":{"c":null,"d":2}}`, `{"a":null,"b":{"c":null},"e":null}`, `{"b":{"d":2}}`},
		{"a value replaced", `{"a":{"b":1}}`, `{"a":"s"}`, `{"a":"s"}`},
		{"not an array", `{"a":{"b":1}}`, `{"a":{"[]":[[0,1]]}}`, "error"},
		{"a new key", `{}`, `{"a":{"[]":[[0,1]]}}`, "error"},
		{"pieces not an array", `{"a":[1]}`, `{"a":{"[]":{"x":1}}}`, "error"},
		{"a piece not an array", `{"a":[1]}`, `{"a":{"[]":[0]}}`, "error"},
		{"an index past the end", `{"a":[1]}`, `{"a":{"[]":[[1,{"x":1}]]}}`, "error"},
		{"a negative index", `{"a":[1]}`, `{"a":{"[]":[[-1,1]]}}`, "error"},
		{"a run past the end", `{"a":[1,2]}`, `{"a":{"[]":[[1,2]]}}`, "error"},
		{"an index that is not a number", `{"a":[1]}`, `{"a":{"[]":[["0",1]]}}`, "error"},
		{"three parts", `{"a":[1]}`, `{"a":{"[]":[[0,1,2]]}}`, "error"},
		{"an empty piece", `{"a":[1]}`, `{"a":{"[]":[[]]}}`, "error"},
		{"an empty run", `{"a":[1,2]}`, `{"a":{"[]":[[0,0],[1,1]]}}`, `{"a":[2]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := applyPatch([]byte(tt.doc), []byte(tt.patch))
			if tt.want == "error" {
				if err == nil {
					t.Errorf("applyPatch = %s, want an error", got)
				}
				return
			}
			if err != nil || canonical(t, got) != tt.want {
				t.Errorf("applyPatch = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// A state with the array patch's key is written as a keyframe, so the key
// is never misread as a patch.
func TestArrayPatchKeyInState(t *testing.T) {
	steps := []step{
		st(0, `{"a":[1,2,3,4,5,6,7,8,9],"b":{"[]":[[0,1]]},"pad":"long enough to beat the patch"}`),
		st(250*ms, `{"a":[1,2,3,4,5,6,7,8,0],"b":{"[]":[[0,1]]},"pad":"long enough to beat the patch"}`),
		st(500*ms, `{"a":[1,2,3,4,5,6,7,8,0],"b":{"[]":[[0,2]]},"pad":"long enough to beat the patch"}`),
	}
	data := record(t, steps, KeyframeEvery(time.Minute))
	if got := lineTypes(data); got != "keyframe keyframe keyframe" {
		t.Errorf("lines = %s, want keyframes only", got)
	}
	rec := open(t, data)
	for _, s := range steps {
		if got, _ := rec.StateAt(s.t); canonical(t, got) != canonical(t, []byte(s.body)) {
			t.Errorf("StateAt(%v) = %s, want %s", s.t, got, s.body)
		}
	}
}

// v1Fixture is the start of a real self-healing recording made with format
// 1 (plain merge patches); its .states file holds every state as the
// format 1 reader rebuilt it, one canonical JSON line each.
const v1Fixture = "testdata/v1-self-healing"

func v1States(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(v1Fixture + ".states.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func TestReadsFormat1(t *testing.T) {
	data, err := os.ReadFile(v1Fixture + ".jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rec := open(t, data)
	want := v1States(t)
	if rec.Header.Format != 1 || len(rec.StateTimes()) != len(want) || len(rec.Records()) == 0 {
		t.Fatalf("format %d, %d states, %d records; want format 1, %d states and some records", rec.Header.Format, len(rec.StateTimes()), len(rec.Records()), len(want))
	}
	for i := len(want) - 1; i >= 0; i-- { // backwards: each from its keyframe
		if got, err := rec.State(i); err != nil || canonical(t, got) != want[i] {
			t.Errorf("state %d = %s, %v; want %s", i, got, err, want[i])
		}
	}
}

// Real cluster snapshots, written again in the current format, come back
// the same, and their deltas patch the pods and nodes instead of
// repeating them.
func TestRealSnapshotsRoundTrip(t *testing.T) {
	states := v1States(t)
	var steps []step
	for i, s := range states {
		steps = append(steps, st(time.Duration(i)*50*ms, s))
	}
	data := record(t, steps)
	if !bytes.Contains(data, []byte(`"Pods":{"[]":[[0,{"age_ms":`)) {
		t.Errorf("no delta patches the pods' ages:\n%s", data)
	}
	rec := open(t, data)
	for i, want := range states {
		if got, err := rec.State(i); err != nil || canonical(t, got) != want {
			t.Errorf("state %d = %s, %v; want %s", i, got, err, want)
		}
	}
}

// Two minutes of the synthetic cluster, every state read back as written.
func TestSimRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, testHeader)
	s := newSim()
	var want []string
	for {
		at, snap, _ := s.step()
		if at > 2*time.Minute {
			break
		}
		b, _ := json.Marshal(snap)
		want = append(want, string(b))
		if err := w.State(at, json.RawMessage(b)); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	rec := open(t, buf.Bytes())
	if len(rec.StateTimes()) != len(want) {
		t.Fatalf("%d states read, %d written", len(rec.StateTimes()), len(want))
	}
	for i := range want {
		got, err := rec.State(i)
		if err != nil || string(got) != want[i] { // byte for byte: keys keep their order
			t.Fatalf("state %d = %s, %v\nwant %s", i, got, err, want[i])
		}
	}
}
