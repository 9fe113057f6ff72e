package demokit

import "testing"

func TestFit(t *testing.T) {
	lines := func() []string { return []string{"title", "a long body line", "body", "footer"} }
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"cut to the size", Fit(lines(), 6, 2, "…"), "title\na lon…"},
		{"no tail", Fit(lines(), 6, 2, ""), "title\na long"},
		{"footer stays", FitWithFooter(lines()[:3], []string{"keys"}, 20, 3), "title\na long body line\nkeys"},
		{"no height limit", FitWithFooter(lines()[:3], []string{"keys"}, 20, 0), "title\na long body line\nbody\nkeys"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
