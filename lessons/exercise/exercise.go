package exercise

import (
	"io/fs"
	"path"
)

// Exercise is one hands-on exercise, read from its folder.
type Exercise struct {
	ID      string
	Title   string
	Track   string // a lesson track id
	Lesson  string // the lesson it follows
	Minutes int
	Engine  Engine
	Files   []string // the learner's files, relative paths under files/ and solution/
	Steps   []Step   // the scenario a check runs, in order
	Checks  []Check
	Hints   []string // a ladder: a nudge, then where to look, then the fix

	Task string // task.md, markdown
	Dir  string // the folder as shown in problems, e.g. "content/exercises/zero-downtime-rollout"
	// FS is the exercise folder: exercise.yaml, task.md, files/…, solution/….
	// Nil for an exercise parsed on its own with Parse.
	FS fs.FS

	line      map[string]int // file line of each top-level key, for checks across files
	fileLines []int          // file line of each entry of Files
}

// Check is one outcome the run must show.
type Check struct {
	ID     string   // slug, unique within the exercise
	Assert Expr     // true when the check passes
	NotYet Template // shown when it does not: why, with the numbers
	Pass   Template // shown when it does
	Line   int      // in exercise.yaml
}

// StartFile reads one of the learner's starting files (name from Files).
func (e *Exercise) StartFile(name string) ([]byte, error) {
	return fs.ReadFile(e.FS, path.Join("files", name))
}

// SolutionFile reads the reference solution of one file (name from Files).
func (e *Exercise) SolutionFile(name string) ([]byte, error) {
	return fs.ReadFile(e.FS, path.Join("solution", name))
}
