package record

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

const header = `{"coldstart_recording":1,"demo":"d","options":{},"backend":"process","runtime":"r","version":"v","started":"2026-12-03T14:00:00Z"}` + "\n"

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"empty file", "", "empty file: not a coldstart recording"},
		{"no header", `{"t_ms":0,"type":"event","event":{}}` + "\n", "line 1: not a coldstart recording (no coldstart_recording in the header)"},
		{"not JSON", "hello\nworld\n", "line 1: not a coldstart recording (no header)"},
		{"header cut short", `{"coldstart_recording":1,"de`, "recording cut short inside its header (line 1)"},
		{"newer", `{"coldstart_recording":7,"whatever":true}` + "\n",
			"this recording was made by a newer coldstart (format 7, this one reads up to 2): update coldstart"},
		{"older", `{"coldstart_recording":0}` + "\n", "recording format 0 is no longer supported (this coldstart reads formats 1 to 2)"},
		{"bad header field", `{"coldstart_recording":1,"started":"yesterday"}` + "\n", "line 1: bad header"},
		{"corrupt middle line", header + `{"t_ms":0,"type":"event","event":{}}` + "\n" + `{"t_ms":1,"ty` + "\n" + `{"t_ms":2,"type":"event","event":{}}` + "\n", "line 3: "},
		{"corrupt whole last line", header + `{"t_ms":1,"ty` + "\n", "line 2: "},
		{"no t_ms", header + `{"type":"event","event":{}}` + "\n", "line 2: bad or missing t_ms"},
		{"negative t_ms", header + `{"t_ms":-1,"type":"event","event":{}}` + "\n", "line 2: bad or missing t_ms"},
		{"no type", header + `{"t_ms":1,"event":{}}` + "\n", "line 2: bad or missing type"},
		{"no body", header + `{"t_ms":1,"type":"event"}` + "\n", `line 2: "event" record without "event"`},
		{"time goes back", header + `{"t_ms":5,"type":"a","a":1}` + "\n" + `{"t_ms":4,"type":"a","a":1}` + "\n", "line 3: t_ms 4 is before the line above (5)"},
		{"delta first", header + `{"t_ms":0,"type":"delta","patch":{}}` + "\n", "line 2: a delta before any keyframe"},
		{"delta not an object", header + `{"t_ms":0,"type":"keyframe","state":{}}` + "\n" + `{"t_ms":0,"type":"delta","patch":[1]}` + "\n", "line 3: a delta whose patch is not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(strings.NewReader(tt.file))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Open = %v, want an error starting %q", err, tt.want)
			}
		})
	}
}

func TestOpenTolerates(t *testing.T) {
	tests := []struct {
		name, file string
		records    int
		truncated  int
	}{
		{"blank lines", header + "\n  \n" + `{"t_ms":1,"type":"a","a":1}` + "\n\n", 1, 0},
		{"no final newline", header + `{"t_ms":1,"type":"a","a":1}`, 1, 0},
		{"header without newline", strings.TrimSuffix(header, "\n"), 0, 0},
		{"unknown types and fields", header + `{"t_ms":1,"type":"future","future":[1],"extra":true}` + "\n", 1, 0},
		{"cut last line", header + `{"t_ms":1,"type":"a","a":1}` + "\n" + `{"t_ms":2,"ty`, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := open(t, []byte(tt.file))
			if len(rec.Records()) != tt.records || rec.Truncated != tt.truncated {
				t.Errorf("%d records, truncated %d; want %d, %d", len(rec.Records()), rec.Truncated, tt.records, tt.truncated)
			}
		})
	}
}

// TestTruncatedAtEveryByte cuts a recording at every offset, as a killed
// run would: only a cut inside the header fails, and what was read matches
// the whole recording up to the cut.
func TestTruncatedAtEveryByte(t *testing.T) {
	var steps []step
	for i := range 12 {
		at := time.Duration(i) * 250 * ms
		steps = append(steps, st(at, `{"n":`+strconv.Itoa(i)+`,"pods":["a","b"],"name":"web"}`))
		if i%3 == 0 {
			steps = append(steps, ev(at+ms, "event", `{"i":`+strconv.Itoa(i)+`}`))
		}
	}
	data := record(t, steps, KeyframeEvery(time.Second))
	full := open(t, data)
	headerLen := bytes.IndexByte(data, '\n') // a header missing only its newline is whole
	for cut := range len(data) + 1 {
		rec, err := Open(bytes.NewReader(data[:cut]))
		if cut < headerLen {
			if err == nil {
				t.Errorf("cut at %d, inside the header: no error", cut)
			}
			continue
		}
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		midLine := cut < len(data) && data[cut-1] != '\n' && data[cut] != '\n'
		if (rec.Truncated != 0) != midLine {
			t.Errorf("cut at %d: Truncated = %d, cut mid-line: %v", cut, rec.Truncated, midLine)
		}
		d := rec.Duration()
		got, err := rec.StateAt(d)
		if err != nil {
			t.Fatalf("cut at %d: StateAt: %v", cut, err)
		}
		want, _ := full.StateAt(d)
		if got != nil && canonical(t, got) != canonical(t, want) {
			t.Errorf("cut at %d: StateAt(%v) = %s, want %s", cut, d, got, want)
		}
		if n := len(rec.Records()); n > 0 && rec.Records()[n-1].T > d {
			t.Errorf("cut at %d: a record after the duration", cut)
		}
	}
}
