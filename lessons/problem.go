package lessons

import (
	"cmp"
	"fmt"
	"slices"
)

// Problem is one thing wrong with a lesson file or track.yaml, pointing at
// the line to fix. Line is 0 when the problem is about a whole file or
// directory (for example one that cannot be read).
type Problem struct {
	File    string
	Line    int
	Message string
}

// String formats the problem as "file:line: message", the form editors and
// terminals turn into a link.
func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}
