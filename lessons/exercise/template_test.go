package exercise

import (
	"strings"
	"testing"
)

func TestTemplateFill(t *testing.T) {
	m := Measurements{
		"failed_requests":            NumberValue(3),
		"requests":                   NumberValue(400),
		"first_failure_after_kill_s": NumberValue(0.4567),
		"first_failure_pod":          TextValue("web-7c9f-abcde"),
		"rollout_complete":           FlagValue(false),
	}
	tests := []struct{ tmpl, want, names string }{
		{"{failed_requests} of {requests} requests failed", "3 of 400 requests failed", "failed_requests,requests"},
		{"first failure {first_failure_after_kill_s} s after pod {first_failure_pod} was deleted", "first failure 0.46 s after pod web-7c9f-abcde was deleted", "first_failure_after_kill_s,first_failure_pod"},
		{"complete: {rollout_complete}", "complete: false", "rollout_complete"},
		{"{most_pods} pods", "? pods", "most_pods"},
		{"no names at all", "no names at all", ""},
		{"{requests}{requests}", "400400", "requests"},
		{"", "", ""},
	}
	for _, tt := range tests {
		tp, err := ParseTemplate(Orchestration, tt.tmpl)
		if err != nil {
			t.Errorf("%q: %v", tt.tmpl, err)
			continue
		}
		if got := tp.Fill(m); got != tt.want {
			t.Errorf("%q.Fill = %q, want %q", tt.tmpl, got, tt.want)
		}
		if got := strings.Join(tp.Names(), ","); got != tt.names {
			t.Errorf("%q.Names = %q, want %q", tt.tmpl, got, tt.names)
		}
		if tp.String() != tt.tmpl {
			t.Errorf("String = %q", tp.String())
		}
	}
}

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		engine     Engine
		tmpl, want string
	}{
		{Orchestration, "{failed} of", `column 1: unknown orchestration measurement {failed}`},
		{Orchestration, "x {requests", `column 3: "{" is never closed`},
		{Orchestration, "x {requests {p99_ms}", `column 3: "{" is never closed`},
		{Orchestration, "a } b", `column 3: "}" without "{"`},
		{Orchestration, "{}", `column 1: unknown orchestration measurement {}`},
		{Serverless, "{most_pods}", `column 1: unknown serverless measurement {most_pods}`},
	}
	for _, tt := range tests {
		_, err := ParseTemplate(tt.engine, tt.tmpl)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.tmpl, err, tt.want)
		}
	}
}

func TestValueString(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{NumberValue(0), "0"}, {NumberValue(12), "12"}, {NumberValue(-3), "-3"}, {NumberValue(2.5), "2.5"},
		{NumberValue(0.125), "0.13"}, {NumberValue(1e20), "100000000000000000000"}, {FlagValue(true), "true"}, {TextValue("pod-a"), "pod-a"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%+v = %q, want %q", tt.v, got, tt.want)
		}
	}
}
