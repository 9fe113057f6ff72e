package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// FuzzOpen feeds Open anything: it must return, without panicking, and a
// recording it accepts must be safe to scrub.
func FuzzOpen(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte(header))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":{"a":[1,{"b":null}]}}` + "\n" + `{"t_ms":5,"type":"delta","patch":{"a":null,"c":"x"}}` + "\n"))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":5}` + "\n" + `{"t_ms":5,"type":"delta","patch":{"a":1}}` + "\n"))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":null}` + "\n" + `{"t_ms":1,"type":"delta","patch":{}}`))
	f.Add([]byte(header + `{"t_ms":3,"type":"event","event":{"x":1}}` + "\n" + `{"t_ms":4,"ty`))
	f.Add([]byte(`{"coldstart_recording":2}` + "\n"))
	f.Add(record(f, []step{st(0, `{"pods":["a"],"n":1}`), ev(10*ms, "event", `{}`), st(250*ms, `{"pods":["a","b"],"n":2}`)}, KeyframeEvery(200*ms)))
	f.Add(record(f, []step{st(0, `{"n":1}`), ev(10*ms, "event", `{}`), st(250*ms, `{"n":2}`)}, Compressed()))
	f.Add(record(f, []step{st(0, `{"h":[{"ok":1,"failed":0},{"ok":2,"failed":0},{"ok":3,"failed":0}],"pad":"long enough"}`),
		st(250*ms, `{"h":[{"ok":2,"failed":0},{"ok":3,"failed":0},{"ok":4,"failed":0}],"pad":"long enough"}`)}))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":{"a":[1,2]}}` + "\n" + `{"t_ms":5,"type":"delta","patch":{"a":{"[]":[[1,1],[0,{"x":1}],[3]]}}}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := Open(bytes.NewReader(data))
		if err != nil {
			return
		}
		d := rec.Duration()
		for _, at := range []time.Duration{0, d / 2, d, d + time.Second} {
			_, _ = rec.StateAt(at)
			_ = rec.RecordsBetween(0, at)
		}
		c := rec.Cursor()
		for n := 0; n <= len(rec.Records()); n++ {
			if _, ok := c.Next(); !ok {
				break
			}
		}
		c.Prev()
		_ = c.AdvanceTo(d)
	})
}

// FuzzPatch: for any two objects, the patch from one to the other, applied,
// gives the other (unless the writer would write a keyframe instead).
func FuzzPatch(f *testing.F) {
	f.Add(`{"a":1,"b":[1,2]}`, `{"a":2,"b":[1,3],"c":null}`)
	f.Add(`{"h":[{"ok":1},{"ok":2},{"ok":3},{"ok":4}]}`, `{"h":[{"ok":2},{"ok":3},{"ok":4},{"ok":5}]}`)
	f.Add(`{"p":[{"n":"a","age":1,"s":"x"},{"n":"b","age":1}]}`, `{"p":[{"n":"a","age":2},{"n":"c","age":0,"s":null}]}`)
	f.Add(`{"a":[[1,2,3],[4,5,6]],"b":{"c":{"d":[]}}}`, `{"a":[[1,2],[4,5,6,7]],"b":{"c":{"d":[{}]}}}`)
	f.Add(`{"a":{"b":1}}`, `{"a":[{"b":1}]}`)
	f.Fuzz(func(t *testing.T, from, to string) {
		a, b := compactObject(from), compactObject(to)
		if a == nil || b == nil || hasArrayPatchKey(b) {
			return
		}
		p, err := createPatch(a, b)
		if errors.Is(err, errSetsNull) {
			return
		}
		if err != nil {
			t.Fatalf("createPatch(%s, %s): %v", a, b, err)
		}
		got, err := applyPatch(a, p)
		if err != nil || canonical(t, got) != canonical(t, b) {
			t.Fatalf("from %s to %s: patch %s gives %s, %v", a, b, p, got, err)
		}
	})
}

// compactObject is s as json.Marshal writes it, if s is a JSON object.
func compactObject(s string) []byte {
	var v map[string]any
	if json.Unmarshal([]byte(s), &v) != nil || v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}
