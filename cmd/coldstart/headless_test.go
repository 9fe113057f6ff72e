package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

type testRecord struct {
	Type string `json:"what"`
	Env  string `json:"env,omitempty"`
}

func (r testRecord) String() string          { return r.Type + " " + r.Env }
func (testRecord) RecordType() scenario.Type { return scenario.TypeEvent }

func TestRecordWriter(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := start.Add(1500 * time.Millisecond)
	tests := []struct {
		name string
		json bool
		rec  record
		want string
	}{
		{"json", true, testRecord{Type: "ready", Env: "env-1"}, `{"t_ms":1500,"demo":"cold-start","type":"event","event":{"what":"ready","env":"env-1"}}` + "\n"},
		{"json empty object", true, struct{ testRecord }{}, `{"t_ms":1500,"demo":"cold-start","type":"event","event":{"what":""}}` + "\n"},
		{"text", false, testRecord{Type: "ready", Env: "env-1"}, "   1500 ms  ready env-1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := newRecordWriter(&buf, "cold-start", tt.json, start).Write(at, tt.rec); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

type notObject []int

func (notObject) String() string            { return "" }
func (notObject) RecordType() scenario.Type { return scenario.TypeEvent }

func TestRecordWriterRejectsNonObjects(t *testing.T) {
	var buf bytes.Buffer
	if err := newRecordWriter(&buf, "cold-start", true, time.Now()).Write(time.Now(), notObject{1}); err == nil {
		t.Fatal("want an error for a record that is not a JSON object")
	}
}
