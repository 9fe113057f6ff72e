package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
)

// schema is the body type of each record type of each demo
// (sandbox/scenario/SCHEMA.md): events and snapshots are the same for
// every demo, steps and summaries the demo's own.
var schema = map[string]map[scenario.Type]reflect.Type{
	"cold-start":     bodies(nil, coldstart.Summary{}),
	"self-healing":   bodies(selfhealing.StepRecord{}, selfhealing.Summary{}),
	"rolling-deploy": bodies(rollingdeploy.StepRecord{}, rollingdeploy.Summary{}),
	"autoscaling":    bodies(autoscaling.StepRecord{}, autoscaling.Summary{}),
}

func bodies(step, summary any) map[scenario.Type]reflect.Type {
	m := map[scenario.Type]reflect.Type{
		scenario.TypeEvent:    reflect.TypeFor[scenario.Event](),
		scenario.TypeSnapshot: reflect.TypeFor[scenario.Snapshot](),
		scenario.TypeSummary:  reflect.TypeOf(summary),
	}
	if step != nil {
		m[scenario.TypeStep] = reflect.TypeOf(step)
	}
	return m
}

// checkLine validates one --json line of demo against the schema: the
// envelope's keys and nothing else, the body under the key of its type, in
// that type's shape (no unknown field, every field without omitempty).
func checkLine(t *testing.T, demo string, line []byte) scenario.Type {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(line, &top); err != nil {
		t.Fatalf("not a JSON object: %s", line)
	}
	var typ scenario.Type
	var name string
	if json.Unmarshal(top["type"], &typ) != nil || json.Unmarshal(top["demo"], &name) != nil || name != demo {
		t.Fatalf("envelope without the demo %q and a type: %s", demo, line)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range top {
			if !yield(k) {
				return
			}
		}
	})
	if want := slices.Sorted(slices.Values([]string{"t_ms", "demo", "type", string(typ)})); !slices.Equal(keys, want) {
		t.Fatalf("envelope keys %v, want %v: %s", keys, want, line)
	}
	var tms int64
	if err := json.Unmarshal(top["t_ms"], &tms); err != nil {
		t.Fatalf("t_ms: %v: %s", err, line)
	}
	bodyType, ok := schema[demo][typ]
	if !ok {
		t.Fatalf("%s writes no %q records: %s", demo, typ, line)
	}
	dec := json.NewDecoder(bytes.NewReader(top[string(typ)]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(reflect.New(bodyType).Interface()); err != nil {
		t.Fatalf("%s body is not a %s: %v: %s", typ, bodyType, err, line)
	}
	var present map[string]json.RawMessage
	json.Unmarshal(top[string(typ)], &present)
	for _, f := range jsonFields(bodyType) {
		if !f.omitempty && present[f.name] == nil {
			t.Errorf("%s body without %q: %s", typ, f.name, line)
		}
	}
	return typ
}

type jsonField struct {
	name      string
	omitempty bool
}

// jsonFields are the JSON keys of struct type typ, embedded structs' included.
func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for f := range typ.Fields() {
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name, strings.Contains(opts, "omitempty")})
	}
	return out
}

// Every demo's headless --json output, run for real on processes with a
// short script, is in the one schema, line by line, and ends with its
// summary.
func TestHeadlessJSONFollowsTheSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every demo on real processes")
	}
	for _, tc := range []struct {
		demo string
		args []string
		want []scenario.Type // record types that must appear
	}{
		{"cold-start", []string{"--burst", "1", "--idle-timeout", "1s"}, []scenario.Type{scenario.TypeEvent}},
		{"self-healing", []string{"--replicas", "2", "--nodes", "2", "--time-scale", "100", "--script", "kill-pod"}, scenario.Types},
		{"rolling-deploy", []string{"--replicas", "2", "--time-scale", "100", "--script", "deploy"}, scenario.Types},
		{"autoscaling", []string{"--max", "3", "--time-scale", "100", "--script", "up"}, scenario.Types},
	} {
		t.Run(tc.demo, func(t *testing.T) {
			stdout, stderr, err := run(t, append([]string{"--backend", "process", "demo", tc.demo, "--headless", "--json"}, tc.args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			seen := map[scenario.Type]int{}
			var last scenario.Type
			sc := bufio.NewScanner(strings.NewReader(stdout))
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				last = checkLine(t, tc.demo, sc.Bytes())
				seen[last]++
			}
			for _, typ := range append(tc.want, scenario.TypeSummary) {
				if seen[typ] == 0 {
					t.Errorf("no %q record (%v)", typ, seen)
				}
			}
			if last != scenario.TypeSummary || seen[scenario.TypeSummary] != 1 {
				t.Errorf("the last line is a %q, and %d summaries: want one summary, last", last, seen[scenario.TypeSummary])
			}
		})
	}
}

// SCHEMA.md documents every key a record may have.
func TestSchemaDocumentsEveryKey(t *testing.T) {
	doc, err := os.ReadFile("../../sandbox/scenario/SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(what string, typ reflect.Type)
	walk = func(what string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for _, f := range jsonFields(typ) {
			if !bytes.Contains(doc, []byte("`"+f.name+"`")) {
				t.Errorf("SCHEMA.md does not document %s's `%s`", what, f.name)
			}
		}
		for f := range typ.Fields() {
			walk(what, f.Type)
		}
	}
	walk("the envelope", reflect.TypeFor[scenario.Envelope]())
	for demo, types := range schema {
		for typ, body := range types {
			walk(demo+"'s "+string(typ), body)
		}
	}
}
