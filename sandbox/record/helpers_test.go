package record

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

var testHeader = Header{
	Demo:    "self-healing",
	Options: json.RawMessage(`{"replicas":3}`),
	Backend: "process",
	Runtime: "process runtime, linux/amd64",
	Version: "v0.0.0-test",
	Started: time.Date(2026, 12, 3, 14, 0, 0, 123456789, time.UTC),
}

// canonical re-marshals JSON so equal documents compare byte-equal.
func canonical(t testing.TB, b []byte) string {
	t.Helper()
	if b == nil {
		return "<nil>"
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// step is one thing written to a recording: a state, or a plain record.
type step struct {
	t    time.Duration
	typ  string // "" for a state
	body string
}

func st(t time.Duration, body string) step      { return step{t: t, body: body} }
func ev(t time.Duration, typ, body string) step { return step{t: t, typ: typ, body: body} }

// record writes the steps and returns the file.
func record(t testing.TB, steps []step, opts ...Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testHeader, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		if s.typ == "" {
			err = w.State(s.t, json.RawMessage(s.body))
		} else {
			err = w.Write(s.t, s.typ, json.RawMessage(s.body))
		}
		if err != nil {
			t.Fatalf("at %v: %v", s.t, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t testing.TB, data []byte) *Recording {
	t.Helper()
	rec, err := Open(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Open: %v\n%s", err, data)
	}
	return rec
}
