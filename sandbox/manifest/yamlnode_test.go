package manifest

import "testing"

// TestSyntaxLines checks YAML syntax errors land on the editor's line,
// for scanner and parser errors alike, in any document of the file.
func TestSyntaxLines(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
	}{
		{"unclosed flow sequence", "a: 1\nb: [2\nc: 3\n", 2},
		{"bad indentation", "a: 1\nb:\n  c: 1\n d: 2\n", 4},
		{"unterminated quote", "a: 1\nb: \"x\nc: 2\n", 2},
		{"tab indentation", "a: 1\n\tb: 2\n", 2},
		{"in the second document", "a: 1\n---\nb: 1\nc: [\n", 4},
		{"mapping in a value", "a: 1\nb: c: d\n", 2},
		{"alias", "a: &x [1]\nb: *x\n", 2},
		{"alias containing itself", "a: &x [*x]\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, p := readDocs("f", []byte(tc.doc))
			if p == nil || p.Line != tc.line {
				t.Errorf("want a problem on line %d, got %v", tc.line, p)
			}
		})
	}
}

func TestLineOf(t *testing.T) {
	docs, _ := readDocs("f", []byte("a: 1\n---\nspec:\n  ports:\n  - port: 80\n  - port: 81\n    name: b\n"))
	root := docs[1].root
	tests := []struct {
		path string
		line int
	}{
		{"spec", 3},
		{"spec.ports[1].name", 7},
		{"spec.ports[1].targetPort", 6}, // absent: its parent's line
		{"spec.ports.port", 5},          // encoding/json's paths have no index
		{"spec.missing.deeper", 3},
	}
	for _, tc := range tests {
		if got := lineOf(root, tc.path); got != tc.line {
			t.Errorf("lineOf(%s) = %d, want %d", tc.path, got, tc.line)
		}
	}
}
