package exercise

import (
	"slices"
	"strings"
	"testing"
)

func TestExprEval(t *testing.T) {
	m := Measurements{
		"failed_requests":  NumberValue(0),
		"requests":         NumberValue(400),
		"most_pods":        NumberValue(5),
		"fewest_ready":     NumberValue(2),
		"p99_ms":           NumberValue(249.5),
		"restarts_growing": FlagValue(false),
		"rollout_complete": FlagValue(true),
	}
	tests := []struct {
		expr string
		want bool
	}{
		{"failed_requests == 0", true},
		{"failed_requests != 0", false},
		{"most_pods <= 4", false},
		{"most_pods < 6", true},
		{"fewest_ready >= 2", true},
		{"fewest_ready > 2", false},
		{"p99_ms < 250", true},
		{"p99_ms < 249.5", false},
		{"restarts_growing == false", true},
		{"restarts_growing != false", false},
		{"rollout_complete", true},
		{"true", true},
		{"most_pods <= 4 || failed_requests == 0", true},
		{"most_pods <= 4 && failed_requests == 0", false},
		{"failed_requests == 0 || most_pods <= 4 && false", true}, // && binds tighter
		{"(failed_requests == 0 || most_pods <= 4) && false", false},
		{"requests > most_pods", true},
		{"(((rollout_complete)))", true},
		{"restarts_growing == (most_pods > 4)", false},
	}
	for _, tt := range tests {
		x, err := ParseExpr(Orchestration, tt.expr)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		got, err := x.Eval(m)
		if err != nil || got != tt.want {
			t.Errorf("%s = %v, %v; want %v", tt.expr, got, err, tt.want)
		}
	}
}

func TestExprEvalErrors(t *testing.T) {
	tests := []struct {
		expr string
		m    Measurements
		want string
	}{
		{"failed_requests == 0", Measurements{}, `measurement "failed_requests" was not measured`},
		{"failed_requests == 0", Measurements{"failed_requests": FlagValue(true)}, `measurement "failed_requests" is true/false, want number`},
		{"restarts_growing == false", Measurements{"restarts_growing": NumberValue(1)}, `measurement "restarts_growing" is number, want true/false`},
		{"most_pods <= 4 && restarts > 0", Measurements{"most_pods": NumberValue(3)}, `measurement "restarts" was not measured`},
	}
	for _, tt := range tests {
		_, err := MustParseExpr(Orchestration, tt.expr).Eval(tt.m)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: err = %v, want %s", tt.expr, err, tt.want)
		}
	}
	// Short-circuit: the side that does not decide the result may be missing.
	if ok, err := MustParseExpr(Orchestration, "most_pods > 4 && restarts > 0").Eval(Measurements{"most_pods": NumberValue(3)}); ok || err != nil {
		t.Errorf("short-circuit &&: %v, %v", ok, err)
	}
	if _, err := (Expr{}).Eval(nil); err == nil {
		t.Error("the zero Expr evaluated without error")
	}
}

func TestExprParseErrors(t *testing.T) {
	tests := []struct {
		engine Engine
		expr   string
		want   string
	}{
		{Orchestration, "", `column 1: expected a measurement, number, true or false, found "end of assertion"`},
		{Orchestration, "failed_requests", `column 1: an assertion must be true or false`},
		{Orchestration, "1 + 2", `column 3: unexpected "+"`},
		{Orchestration, "failed_requests = 0", `column 17: unexpected "="`},
		{Orchestration, "most_pods <= 4 4", `column 16: unexpected "4"`},
		{Orchestration, "0 < most_pods < 4", `column 15: comparisons do not chain; join them with &&`},
		{Orchestration, "(most_pods <= 4", `column 16: expected ")" to close the "(" at column 1`},
		{Orchestration, "most_pods <= 4)", `column 15: unexpected ")"`},
		{Orchestration, "most_pods && true", `column 11: && joins true/false parts, but "most_pods" is a number`},
		{Orchestration, "restarts_growing == 0", `column 18: == compares true/false "restarts_growing" with number "0"`},
		{Orchestration, "restarts_growing < true", `column 18: true/false values compare only with == or !=, not <`},
		{Orchestration, "first_failure_pod == 1", `column 1: "first_failure_pod" is text, for messages only`},
		{Orchestration, "throttled == 0", `column 1: unknown orchestration measurement "throttled" (known: requests,`},
		{Serverless, "most_pods <= 4", `column 1: unknown serverless measurement "most_pods"`},
		{Orchestration, strings.Repeat("(", 30) + "true" + strings.Repeat(")", 30), `nested too deeply`},
		{Orchestration, strings.Repeat("true || ", 150) + "true", `assertion is too long`},
		{Orchestration, "1.5.", `column 4: unexpected "."`},
	}
	for _, tt := range tests {
		_, err := ParseExpr(tt.engine, tt.expr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.expr, err, tt.want)
		}
	}
}

func TestExprStringAndNames(t *testing.T) {
	tests := []struct{ expr, str, names string }{
		{"failed_requests==0", "failed_requests == 0", "failed_requests"},
		{"init_ms < 1500 && cost_per_million_usd < 2.50", "init_ms < 1500 && cost_per_million_usd < 2.5", "init_ms,cost_per_million_usd"},
		{"(throttled == 0)", "throttled == 0", "throttled"},
		{"(throttled == 0 || init_ms < 1) && throttled < 3", "(throttled == 0 || init_ms < 1) && throttled < 3", "throttled,init_ms"},
		{"throttled == 0 || (init_ms < 1 || p99_ms < 2)", "throttled == 0 || (init_ms < 1 || p99_ms < 2)", "throttled,init_ms,p99_ms"},
		{"(throttled == 0 || init_ms < 1) || p99_ms < 2", "throttled == 0 || init_ms < 1 || p99_ms < 2", "throttled,init_ms,p99_ms"},
		{"(throttled == 0) == (init_ms < 1)", "(throttled == 0) == (init_ms < 1)", "throttled,init_ms"},
		{"007 == throttled", "7 == throttled", "throttled"},
	}
	for _, tt := range tests {
		x := MustParseExpr(Serverless, tt.expr)
		if got := x.String(); got != tt.str {
			t.Errorf("%q.String() = %q, want %q", tt.expr, got, tt.str)
		}
		if got := strings.Join(x.Names(), ","); got != tt.names {
			t.Errorf("%q.Names() = %q, want %q", tt.expr, got, tt.names)
		}
		if again := MustParseExpr(Serverless, x.String()); again.String() != x.String() {
			t.Errorf("%q does not re-parse to itself: %q", x.String(), again.String())
		}
	}
	if !slices.Equal(Expr{}.Names(), nil) || (Expr{}).String() != "" {
		t.Error("the zero Expr is not empty")
	}
}
