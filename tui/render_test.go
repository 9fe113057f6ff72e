package tui

import "testing"

func TestJoinListLines(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"item continued", "- one two\n  three\n- four", "- one two three\n- four"},
		{"numbered", "1. one\n   two\n2) three\n   four", "1. one two\n2) three four"},
		{"paragraph untouched", "one\ntwo\n\n- a\n  b", "one\ntwo\n\n- a b"},
		{"nested item keeps its line", "- a\n  - b\n    c", "- a\n  - b c"},
		{"fence inside untouched", "- a\n  ```\n  x\n  y\n  ```\n  z", "- a\n  ```\n  x\n  y\n  ```\n  z"},
		{"lazy continuation not joined", "- a\nb", "- a\nb"},
		{"quote in item", "- a\n  > q", "- a\n  > q"},
		{"blank ends item", "- a\n\n  para", "- a\n\n  para"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinListLines(tt.in); got != tt.want {
				t.Errorf("joinListLines(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
