package exercise

import (
	"testing"
)

func FuzzParseExercise(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("checks:\n  - {id: a, assert: \"(x\", not_yet: \"{\", pass: \"}\"}\nengine: serverless\nsteps: [deploy, burst 9]\n"))
	f.Add([]byte("hints: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, problems := Parse("e.yaml", data)
		for _, p := range problems {
			if p.File != "e.yaml" || p.Line < 1 || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if x == nil {
			return
		}
		for _, c := range x.Checks {
			c.NotYet.Fill(Measurements{})
			_, _ = c.Assert.Eval(Measurements{})
		}
	})
}

func FuzzExpr(f *testing.F) {
	for _, s := range []string{"failed_requests == 0", "most_pods <= 4 && (fewest_ready >= 1 || restarts_growing == false)",
		"init_ms < 1500 && cost_per_million_usd < 2.5", "((true))", "0 < 1 < 2", "a == ", "1.5e3 > 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, e := range Engines {
			x, err := ParseExpr(e, text)
			if err != nil {
				continue
			}
			s := x.String()
			again, err := ParseExpr(e, s)
			if err != nil {
				t.Fatalf("%q printed as %q, which does not parse: %v", text, s, err)
			}
			if again.String() != s || !sameTree(x.root, again.root) {
				t.Fatalf("%q printed as %q re-parses differently: %q", text, s, again.String())
			}
			_, _ = x.Eval(Measurements{})
		}
	})
}

// sameTree compares two parsed expressions, ignoring columns.
func sameTree(a, b *node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if (a.lit == nil) != (b.lit == nil) || a.lit != nil && *a.lit != *b.lit {
		return false
	}
	return a.op == b.op && a.name == b.name && a.kind == b.kind && sameTree(a.l, b.l) && sameTree(a.r, b.r)
}
