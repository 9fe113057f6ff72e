package exercise

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseStep(t *testing.T) {
	tests := []struct {
		engine Engine
		text   string
		want   Step
		err    string
	}{
		{Orchestration, "apply", Step{Name: "apply"}, ""},
		{Orchestration, "  kill-pod  ", Step{Name: "kill-pod"}, ""},
		{Orchestration, "scale 0", Step{Name: "scale", Count: 0}, ""},
		{Orchestration, "scale 21", Step{}, `step "scale" needs a whole number from 0 to 20, not "21"`},
		{Serverless, "burst 1000", Step{Name: "burst", Count: 1000}, ""},
		{Serverless, "burst 0", Step{}, `step "burst" needs a whole number from 1 to 1000, not "0"`},
		{Serverless, "wait 2m", Step{Name: "wait", Wait: 2 * time.Minute}, ""},
		{Serverless, "wait 1m30s", Step{Name: "wait", Wait: 90 * time.Second}, ""},
		{Serverless, "wait 500ms", Step{}, `step "wait" needs a time from 1s to 10m`},
		{Serverless, "wait", Step{}, `step "wait" takes one argument, as in "wait 30s"`},
		{Serverless, "kill-pod", Step{}, `unknown serverless step "kill-pod"`},
		{Serverless, "undo 2", Step{}, `step "undo" takes no argument`},
		{Orchestration, "", Step{}, "empty step"},
	}
	for _, tt := range tests {
		got, err := ParseStep(tt.engine, tt.text)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s %q: err = %v, want %q", tt.engine, tt.text, err, tt.err)
			}
			continue
		}
		if err != nil || got.Name != tt.want.Name || got.Count != tt.want.Count || got.Wait != tt.want.Wait {
			t.Errorf("%s %q = %+v, %v; want %+v", tt.engine, tt.text, got, err, tt.want)
		}
		if again, err := ParseStep(tt.engine, got.String()); err != nil || again.String() != got.String() {
			t.Errorf("%q does not re-parse: %v", got.String(), err)
		}
	}
}

// The tables are the contract with the runner: keep them well formed.
func TestTables(t *testing.T) {
	for _, e := range Engines {
		if opensStep(e) == "" {
			t.Errorf("%s has no opening step", e)
		}
		opens := 0
		for _, s := range KnownSteps {
			if s.Opens && slices.Contains(s.Engines, e) {
				opens++
			}
		}
		if opens != 1 {
			t.Errorf("%s has %d opening steps, want 1", e, opens)
		}
	}
	seen := map[string]bool{}
	for _, s := range KnownSteps {
		for _, e := range s.Engines {
			if seen[string(e)+" "+s.Name] {
				t.Errorf("step %s is defined twice for %s", s.Name, e)
			}
			seen[string(e)+" "+s.Name] = true
		}
		if s.Meaning == "" || len(s.Engines) == 0 || (s.Arg != NoArg) != (s.Max > 0) {
			t.Errorf("step %s is incomplete: %+v", s.Name, s)
		}
	}
	for _, m := range KnownMeasurements {
		if seen["m "+m.Name] {
			t.Errorf("measurement %s is defined twice", m.Name)
		}
		seen["m "+m.Name] = true
		if !slugRE.MatchString(strings.ReplaceAll(m.Name, "_", "-")) || m.Meaning == "" || len(m.Engines) == 0 || (m.Kind == Number) != (m.Unit != "") {
			t.Errorf("measurement %s is incomplete: %+v", m.Name, m)
		}
	}
}
