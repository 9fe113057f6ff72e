package exercise

import (
	"strings"
	"testing"
	"time"
)

// good is a complete exercise.yaml; the problem cases below change one
// thing each.
const good = `id: zero-downtime
title: A rollout that drops no requests
track: orchestration
lesson: rolling-deploys
minutes: 15
engine: orchestration
files: [app.yaml]
steps:
  - apply
  - load 20
  - deploy
  - wait 10s
checks:
  - id: no-drops
    assert: failed_requests == 0
    not_yet: "{failed_requests} of {requests} failed"
    pass: "All {requests} answered"
hints:
  - Look at readiness.
  - Add a readinessProbe.
`

func TestParseGood(t *testing.T) {
	x, problems := Parse("ex/exercise.yaml", []byte(good))
	for _, p := range problems {
		t.Error(p)
	}
	if x.ID != "zero-downtime" || x.Title == "" || x.Track != "orchestration" || x.Lesson != "rolling-deploys" ||
		x.Minutes != 15 || x.Engine != Orchestration || strings.Join(x.Files, ",") != "app.yaml" {
		t.Errorf("fields: %+v", x)
	}
	var steps []string
	for _, s := range x.Steps {
		steps = append(steps, s.String())
	}
	if got := strings.Join(steps, "; "); got != "apply; load 20; deploy; wait 10s" {
		t.Errorf("steps = %q", got)
	}
	if x.Steps[1].Count != 20 || x.Steps[3].Wait != 10*time.Second {
		t.Errorf("step arguments: %+v", x.Steps)
	}
	if len(x.Checks) != 1 || x.Checks[0].ID != "no-drops" || x.Checks[0].Assert.String() != "failed_requests == 0" || x.Checks[0].Line != 14 {
		t.Fatalf("checks: %+v", x.Checks)
	}
	m := Measurements{"failed_requests": NumberValue(2), "requests": NumberValue(400)}
	if got := x.Checks[0].NotYet.Fill(m); got != "2 of 400 failed" {
		t.Errorf("not_yet = %q", got)
	}
	if len(x.Hints) != 2 {
		t.Errorf("hints = %q", x.Hints)
	}
}

func TestParseCRLFAndBOM(t *testing.T) {
	_, problems := Parse("e.yaml", []byte("\uFEFF"+strings.ReplaceAll(good, "\n", "\r\n")))
	for _, p := range problems {
		t.Error(p)
	}
}

// TestParseProblems has one case per validation rule: the change to good
// and the problem expected, as "file:line: message" (a prefix of it).
func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"not yaml", "title: A rollout", "title: [A rollout", "e.yaml:2: exercise.yaml is not valid YAML: did not find expected ',' or ']'"},
		{"not a mapping", good, "- a\n- b\n", "e.yaml:1: exercise.yaml must be YAML \"key: value\" lines"},
		{"unknown key", "minutes: 15", "minute: 15", `e.yaml:5: exercise.yaml: unknown key "minute" (known: id, title`},
		{"repeated key", "minutes: 15", "minutes: 15\nminutes: 16", `e.yaml:6: exercise.yaml: key "minutes" is repeated (first at line 5)`},
		{"missing id", "id: zero-downtime\n", "", `e.yaml:1: exercise.yaml needs "id"`},
		{"missing hints", good[strings.Index(good, "hints:"):], "", `e.yaml:1: exercise.yaml needs "hints"`},
		{"empty title", "title: A rollout that drops no requests", "title:", `e.yaml:2: "title" is empty`},
		{"id not a slug", "id: zero-downtime", "id: Zero_Downtime", `e.yaml:1: id "Zero_Downtime" must be a slug`},
		{"lesson not a slug", "lesson: rolling-deploys", "lesson: Rolling Deploys", `e.yaml:4: lesson "Rolling Deploys" must be a slug`},
		{"title not text", "title: A rollout that drops no requests", "title: [a, b]", `e.yaml:2: "title" must be text`},
		{"minutes not a number", "minutes: 15", "minutes: soon", `e.yaml:5: "minutes" must be a whole number, not "soon"`},
		{"minutes negative", "minutes: 15", "minutes: -1", `e.yaml:5: "minutes" must not be negative`},
		{"unknown engine", "engine: orchestration", "engine: swarm", `e.yaml:6: unknown engine "swarm" (known: orchestration, serverless)`},
		{"files not a list", "files: [app.yaml]", "files: app.yaml", `e.yaml:7: "files" must be a list`},
		{"no files", "files: [app.yaml]", "files: []", `e.yaml:7: "files" must name at least one file`},
		{"file escapes", "files: [app.yaml]", "files: [../app.yaml]", `e.yaml:7: file "../app.yaml" must be a relative path`},
		{"file absolute", "files: [app.yaml]", "files: [/etc/app.yaml]", `e.yaml:7: file "/etc/app.yaml" must be a relative path`},
		{"file twice", "files: [app.yaml]", "files: [app.yaml, app.yaml]", `e.yaml:7: file "app.yaml" is listed twice`},
		{"unknown step", "  - deploy\n", "  - redeploy\n", `e.yaml:11: unknown orchestration step "redeploy" (known: apply, deploy`},
		{"step missing argument", "  - deploy\n", "  - burst\n", `e.yaml:11: step "burst" takes one argument, as in "burst 20"`},
		{"step of other engine", "engine: orchestration", "engine: serverless", `e.yaml:9: unknown serverless step "apply" (known: deploy, deploy-bad, undo, load, burst, wait)`},
		{"step extra argument", "  - deploy\n", "  - deploy now\n", `e.yaml:11: step "deploy" takes no argument`},
		{"count too big", "load 20", "load 5000", `e.yaml:10: step "load" needs a whole number from 1 to 200, not "5000"`},
		{"count not a number", "load 20", "load lots", `e.yaml:10: step "load" needs a whole number from 1 to 200, not "lots"`},
		{"bad duration", "wait 10s", "wait 10", `e.yaml:12: step "wait" needs a time from 1s to 10m, like "30s", not "10"`},
		{"duration too long", "wait 10s", "wait 1h", `e.yaml:12: step "wait" needs a time from 1s to 10m`},
		{"first step", "  - apply\n", "", `e.yaml:9: the first step must be "apply"`},
		{"no steps", "steps:\n  - apply\n  - load 20\n  - deploy\n  - wait 10s\n", "steps: []\n", `e.yaml:8: "steps" must list at least one step, starting with "apply"`},
		{"no checks", good[strings.Index(good, "checks:"):strings.Index(good, "hints:")], "checks: []\n", `e.yaml:13: an exercise needs at least one check`},
		{"check not a mapping", "  - id: no-drops\n", "  - just text\n  - id: no-drops\n", `e.yaml:14: each check must be "key: value" lines`},
		{"check unknown key", "    pass: ", "    passed: ", `e.yaml:17: check: unknown key "passed" (known: id, assert, not_yet, pass)`},
		{"check missing pass", `    pass: "All {requests} answered"` + "\n", "", `e.yaml:14: check "no-drops" needs "pass"`},
		{"check empty assert", "assert: failed_requests == 0", "assert: ", `e.yaml:15: check "no-drops": "assert" is empty`},
		{"check id not a slug", "id: no-drops", "id: No Drops", `e.yaml:14: check id "No Drops" must be a slug`},
		{"check id twice", "hints:", "  - id: no-drops\n    assert: requests > 0\n    not_yet: x\n    pass: y\nhints:", `e.yaml:18: check id "no-drops" is used twice (first at line 14)`},
		{"assert unknown name", "failed_requests == 0", "faild_requests == 0", `e.yaml:15: check "no-drops": assert: column 1: unknown orchestration measurement "faild_requests"`},
		{"assert other engine", "failed_requests == 0", "throttled == 0", `e.yaml:15: check "no-drops": assert: column 1: unknown orchestration measurement "throttled"`},
		{"assert not boolean", "failed_requests == 0", "failed_requests", `e.yaml:15: check "no-drops": assert: column 1: an assertion must be true or false`},
		{"assert syntax", "failed_requests == 0", "failed_requests = 0", `e.yaml:15: check "no-drops": assert: column 17: unexpected "="`},
		{"template unknown name", "{failed_requests} of", "{failed} of", `e.yaml:16: check "no-drops": not_yet: column 1: unknown orchestration measurement {failed}`},
		{"template unclosed", "All {requests} answered", "All {requests answered", `e.yaml:17: check "no-drops": pass: column 5: "{" is never closed`},
		{"no hints", "hints:\n  - Look at readiness.\n  - Add a readinessProbe.\n", "hints: []\n", `e.yaml:18: an exercise needs 1 to 3 hints (a nudge, where to look, the fix), has 0`},
		{"too many hints", "  - Add a readinessProbe.\n", "  - b\n  - c\n  - d\n", `e.yaml:18: an exercise needs 1 to 3 hints`},
		{"empty hint", "  - Look at readiness.", `  - ""`, `e.yaml:19: hint 1 is empty`},
		{"hint not text", "  - Look at readiness.", `  - {a: b}`, `e.yaml:19: each item of "hints" must be text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.old) {
				t.Fatalf("good has no %q", tt.old)
			}
			_, problems := Parse("e.yaml", []byte(strings.Replace(good, tt.old, tt.new, 1)))
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
				if strings.HasPrefix(p.String(), tt.want) {
					return
				}
			}
			t.Errorf("want a problem starting %q, got:\n%s", tt.want, strings.Join(got, "\n"))
		})
	}
}
