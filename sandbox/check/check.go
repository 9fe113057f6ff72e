// Package check runs a hands-on exercise (lessons/exercise) on a live
// engine: it applies the learner's files (Kubernetes manifests or a SAM
// function, read by sandbox/manifest), runs the exercise's steps on real
// workloads, measures the run, and judges each check on what was measured.
//
// One Engine per exercise engine kind does the applying, stepping and
// measuring (orchestration.go, serverless.go); Run is the same for all.
package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
)

// Files are the learner's files by name, as the exercise lists them.
type Files map[string][]byte

// Progress is what a run is doing now, for a spinner or a status line.
type Progress struct {
	Step, Of int    // 1-based step being run, of how many; 0 while applying
	Text     string // "deploy: rolling out v2 (3 of 4 pods ready)"
}

// Engine runs exercises of one engine kind.
type Engine interface {
	// Run applies files, runs ex.Steps in order on rt, and returns every
	// measurement lessons/exercise names for this engine kind, plus the
	// notes the files' parser had (fields valid upstream but not modelled).
	// A problem in the files is a *FilesError, not a failed check.
	Run(ctx context.Context, rt sandbox.Runtime, ex *exercise.Exercise, files Files, progress func(Progress)) (exercise.Measurements, []string, error)
}

var engines = map[exercise.Engine]Engine{}

// register adds the engine of one kind (from each engine's init).
func register(kind exercise.Engine, e Engine) {
	if _, dup := engines[kind]; dup {
		panic("check: two engines for " + string(kind))
	}
	engines[kind] = e
}

// FilesError says the learner's files cannot be run at all: a YAML error, an
// unknown field, a value the API server would reject. Each line is
// "file:line: message".
type FilesError struct{ Problems []string }

func (e *FilesError) Error() string {
	msg := "the files cannot be applied:"
	for _, p := range e.Problems {
		msg += "\n  " + p
	}
	return msg
}

// Report is one check run's verdict.
type Report struct {
	Exercise     string
	Results      []exercise.Result
	Passed       int
	Measurements exercise.Measurements
	Notes        []string
	Took         time.Duration // real time from the first step to the verdict
}

// AllPassed reports whether every check passed.
func (r Report) AllPassed() bool { return r.Passed == len(r.Results) && len(r.Results) > 0 }

// Run checks files against ex on rt.
func Run(ctx context.Context, rt sandbox.Runtime, ex *exercise.Exercise, files Files, progress func(Progress)) (Report, error) {
	eng, ok := engines[ex.Engine]
	if !ok {
		return Report{}, fmt.Errorf("exercise %s: no engine runs %q exercises", ex.ID, ex.Engine)
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	start := time.Now()
	m, notes, err := eng.Run(ctx, rt, ex, files, progress)
	if err != nil {
		return Report{Exercise: ex.ID, Notes: notes}, err
	}
	results, passed := ex.Evaluate(m)
	for _, r := range results {
		if r.Err != nil { // the engine did not measure what a check reads: our bug
			return Report{Exercise: ex.ID, Notes: notes}, fmt.Errorf("check %s: %w", r.Check.ID, r.Err)
		}
	}
	return Report{Exercise: ex.ID, Results: results, Passed: passed, Measurements: m, Notes: notes, Took: time.Since(start)}, nil
}

// WorkspaceDir is the learner's own copy of an exercise's files:
// $XDG_DATA_HOME/coldstart/exercises/ID, ~/.local/share/coldstart/exercises/ID
// when XDG_DATA_HOME is unset or not absolute.
func WorkspaceDir(id string) (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the exercise workspace: %w", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "coldstart", "exercises", id), nil
}

// ReadFiles reads the exercise's files from a workspace folder.
func ReadFiles(dir string, ex *exercise.Exercise) (Files, error) {
	out := Files{}
	for _, name := range ex.Files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s is missing from %s: reset the exercise to get its starting files back", name, dir)
		}
		if err != nil {
			return nil, err
		}
		out[name] = data
	}
	return out, nil
}

// StartFiles and SolutionFiles read the exercise's own starting files and
// its reference solution.
func StartFiles(ex *exercise.Exercise) (Files, error)    { return readAll(ex, ex.StartFile) }
func SolutionFiles(ex *exercise.Exercise) (Files, error) { return readAll(ex, ex.SolutionFile) }

func readAll(ex *exercise.Exercise, read func(string) ([]byte, error)) (Files, error) {
	out := Files{}
	for _, name := range ex.Files {
		data, err := read(name)
		if err != nil {
			return nil, fmt.Errorf("exercise %s: %w", ex.ID, err)
		}
		out[name] = data
	}
	return out, nil
}
