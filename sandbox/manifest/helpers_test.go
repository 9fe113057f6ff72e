package manifest

import (
	"errors"
	"strings"
	"testing"
)

// problemCase is a document a parser must refuse with a problem at line,
// on path, whose message contains want.
type problemCase struct {
	name string
	doc  string
	line int
	path string
	want string // in the message
}

// noteCase is a document a parser must accept with a note at line, on path.
type noteCase struct {
	name string
	doc  string
	line int
	path string
}

// checkProblems parses each case's doc as file with parse (ParseK8s or
// ParseSAM) and looks for the case's problem among those it reports.
func checkProblems[T any](t *testing.T, file string, parse func(string, []byte) (*T, []Note, error), tests []problemCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := parse(file, []byte(tc.doc))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %+v, err %v", got, err)
			}
			for _, p := range ps {
				if p.Line == tc.line && p.Path == tc.path && strings.Contains(p.Message, tc.want) {
					return
				}
			}
			t.Errorf("want %s:%d: %s: …%s…, got:\n%v", file, tc.line, tc.path, tc.want, err)
		})
	}
}

// checkNotes parses each case's doc as file with parse, which must accept
// it, and looks for the case's note among those it gives.
func checkNotes[T any](t *testing.T, file string, parse func(string, []byte) (*T, []Note, error), tests []noteCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, notes, err := parse(file, []byte(tc.doc))
			if err != nil || got == nil {
				t.Fatalf("want it accepted, got %v", err)
			}
			for _, n := range notes {
				if n.Line == tc.line && n.Path == tc.path {
					return
				}
			}
			t.Errorf("want a note at %s:%d: %s, got %v", file, tc.line, tc.path, notes)
		})
	}
}
