package scenario

import (
	"slices"
	"testing"
)

type step string

func TestParseSteps(t *testing.T) {
	known := []step{"up", "down"}
	for _, tc := range []struct {
		in   string
		want []step
		err  string
	}{
		{"up,down", []step{"up", "down"}, ""},
		{" up , ,down,up", []step{"up", "down", "up"}, ""},
		{"up,sideways", nil, `unknown step "sideways" in --script: want a comma-separated list of up, down`},
		{" , ", nil, "empty --script: want a comma-separated list of up, down"},
	} {
		got, err := ParseSteps(tc.in, known)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestDemosAreUniqueAndFound(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Demos {
		if d.Name == "" || d.Summary == "" || seen[d.Name] {
			t.Errorf("demo %+v: want a unique name and a summary", d)
		}
		seen[d.Name] = true
		if got, ok := Lookup(d.Name); !ok || got != d {
			t.Errorf("Lookup(%q) = %+v, %v", d.Name, got, ok)
		}
	}
	if _, ok := Lookup("no-such-demo"); ok {
		t.Error("Lookup found a demo that is not listed")
	}
}
