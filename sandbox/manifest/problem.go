package manifest

import (
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a file, located for the learner's editor.
type Problem struct {
	File    string
	Line    int    // 1-based; 0 when unknown
	Path    string // field path such as spec.template.spec.containers[0].image; "" for syntax errors
	Message string
}

// String is "file:line: path: message", the form editors and terminals link.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Path != "" {
		b.WriteString(": " + p.Path)
	}
	b.WriteString(": " + p.Message)
	return b.String()
}

// Note is a field that is valid but that the embedded engines ignore. It is
// not an error: the learner should know the field has no effect here.
type Note = Problem

// Problems is every problem found in a file, so a learner fixes them in one
// pass rather than one per run.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// err returns ps in file order as an error, or nil when there is none; a
// nil Problems stored in an error interface would not compare equal to nil.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
	return ps
}
