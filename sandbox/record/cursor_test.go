package record

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCursor(t *testing.T) {
	rec := open(t, record(t, []step{
		st(0, `{"n":0}`),
		ev(100*ms, "a", `1`),
		ev(200*ms, "b", `2`),
		ev(200*ms, "c", `3`),
		st(250*ms, `{"n":1}`),
		ev(400*ms, "d", `4`),
	}))
	c := rec.Cursor()
	// Each move prints the record it reached (or -) and the playhead.
	moves := []struct {
		move string
		want string
	}{
		{"current", "- 0s"},
		{"prev", "- 0s"},
		{"next", "a 100ms"},
		{"next", "b 200ms"},
		{"next", "c 200ms"},
		{"prev", "b 200ms"},
		{"seek 150ms", "a 150ms"},
		{"seek 200ms", "c 200ms"},
		{"next", "d 400ms"},
		{"next", "- 400ms"},
		{"current", "d 400ms"},
		{"seek 0", "- 0s"},
		{"advance 200ms", "a b c | c 200ms"},
		{"advance 100ms", "| c 200ms"}, // never backwards
		{"advance 1s", "d | d 1s"},
		{"seek -5s", "- 0s"},
	}
	for i, m := range moves {
		var r Record
		var ok bool
		var passed []string
		verb, arg, _ := strings.Cut(m.move, " ")
		at, _ := time.ParseDuration(arg)
		switch verb {
		case "current":
			r, ok = c.Current()
		case "next":
			r, ok = c.Next()
		case "prev":
			r, ok = c.Prev()
		case "seek":
			c.SeekTo(at)
			r, ok = c.Current()
		case "advance":
			for _, p := range c.AdvanceTo(at) {
				passed = append(passed, p.Type)
			}
			passed = append(passed, "|")
			r, ok = c.Current()
		}
		got := "-"
		if ok {
			got = r.Type
		}
		got = strings.Join(append(passed, got, fmt.Sprint(c.Time())), " ")
		if got != m.want {
			t.Errorf("move %d (%s): got %q, want %q", i, m.move, got, m.want)
		}
	}
	c.SeekTo(300 * ms)
	if s, err := c.State(); err != nil || canonical(t, s) != `{"n":1}` {
		t.Errorf("State at 300ms = %s, %v", s, err)
	}
}

func TestRecordsBetweenAndOf(t *testing.T) {
	rec := open(t, record(t, []step{ev(0, "event", `0`), ev(100*ms, "step", `1`), ev(200*ms, "event", `2`), ev(300*ms, "event", `3`)}))
	tests := []struct {
		a, b time.Duration
		want string
	}{
		{0, 0, "0"},
		{0, 200 * ms, "0 1 2"},
		{150 * ms, 300 * ms, "2 3"},
		{301 * ms, time.Hour, ""},
		{200 * ms, 100 * ms, ""},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range rec.RecordsBetween(tt.a, tt.b) {
			got = append(got, string(r.Body))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("RecordsBetween(%v, %v) = %v, want %s", tt.a, tt.b, got, tt.want)
		}
	}
	if n := len(rec.RecordsOf("event")); n != 3 {
		t.Errorf("RecordsOf(event): %d, want 3", n)
	}
	rec = open(t, record(t, []step{st(0, `{"a":1}`), st(0, `{"a":1}`), st(5*ms, `{"a":2}`)}))
	if got := fmt.Sprint(rec.StateTimes()); got != "[0s 5ms]" {
		t.Errorf("StateTimes = %s", got)
	}
}

// State(i) and StateAfter(i) give back every state in file order, also
// several in one millisecond, which StateAt cannot tell apart.
func TestStatesInFileOrder(t *testing.T) {
	ms := time.Millisecond
	rec := open(t, record(t, []step{
		ev(0, "event", `{"n":1}`), st(0, `{"a":1}`),
		ev(ms, "event", `{"n":2}`), st(ms, `{"a":2}`), ev(ms, "event", `{"n":3}`), st(ms, `{"a":3}`),
		ev(2*ms, "step", `{}`),
	}))
	for i, tc := range []struct {
		state string
		after int
	}{{`{"a":1}`, 1}, {`{"a":2}`, 2}, {`{"a":3}`, 3}} {
		got, err := rec.State(i)
		if err != nil || canonical(t, got) != tc.state || rec.StateAfter(i) != tc.after {
			t.Errorf("state %d: %s after %d records (%v): want %s after %d", i, got, rec.StateAfter(i), err, tc.state, tc.after)
		}
	}
	if _, err := rec.State(3); err == nil {
		t.Error("State(3) of 3 states: no error")
	}
}
