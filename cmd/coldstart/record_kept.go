package main

// The full screen keeps its last keptRuns runs as gzipped recordings under
// $XDG_STATE_HOME/coldstart/recordings/, named by demo and start time;
// `coldstart replay --list` lists them, `--last` picks the newest.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/explain"
)

// keepRuns is how many full-screen runs are kept.
const keepRuns = 10

// keptExt ends every kept run's file name.
const keptExt = ".jsonl.gz"

// keptDir is where the full screen keeps its runs.
func keptDir() (string, error) {
	state := os.Getenv("XDG_STATE_HOME")
	if state == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("kept runs: %w", err)
		}
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(state, "coldstart", "recordings"), nil
}

// keptPath is a new kept run's file: the demo and its start (UTC, to the
// millisecond, so names sort by time), in a directory made if missing.
func keptPath(demo string, start time.Time) (string, error) {
	dir, err := keptDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(dir, demo+"-"+start.UTC().Format("20060102T150405.000Z")+keptExt), nil
}

// keptRun is one file of the kept runs.
type keptRun struct {
	path string
	demo string
	when time.Time
	size int64
}

// keptRuns are the kept runs, newest first.
func keptRuns() ([]keptRun, error) {
	dir, err := keptDir()
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var runs []keptRun
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), keptExt)
		i := strings.LastIndexByte(name, '-')
		if !ok || e.IsDir() || i < 0 {
			continue
		}
		when, err := time.Parse("20060102T150405.000Z", name[i+1:])
		info, ierr := e.Info()
		if err != nil || ierr != nil {
			continue
		}
		runs = append(runs, keptRun{path: filepath.Join(dir, e.Name()), demo: name[:i], when: when, size: info.Size()})
	}
	slices.SortFunc(runs, func(a, b keptRun) int { return b.when.Compare(a.when) })
	return runs, nil
}

// pruneKept removes all but the newest keep runs.
func pruneKept(keep int) error {
	runs, err := keptRuns()
	if err != nil || len(runs) <= keep {
		return err
	}
	for _, r := range runs[keep:] {
		err = errors.Join(err, os.Remove(r.path))
	}
	return err
}

// listKept prints the kept runs, newest first: demo, when, duration, size.
func listKept(w io.Writer) error {
	runs, err := keptRuns()
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		dir, _ := keptDir()
		fmt.Fprintf(w, "no kept runs yet in %s: every full-screen demo run is kept there (the last %d)\n", dir, keepRuns)
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEMO\tWHEN\tDURATION\tSIZE\tFILE")
	for _, r := range runs {
		dur := "?"
		if rec, err := openRecording(r.path, io.Discard); err == nil {
			dur = rec.Duration().Round(time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f kB\t%s\n", r.demo, r.when.Local().Format("2006-01-02 15:04:05"), dur, float64(r.size)/1000, r.path)
	}
	return tw.Flush()
}

// screenRecording records a full-screen run, from the view's commands
// (demokit.Session.Tap): to --record FILE if given, else as a kept run.
// The file is made once the runtime is open (its header names the
// backend); a reset goes on in the same file.
type screenRecording[U any] struct {
	demo   string
	opts   any
	path   string                   // --record, or "" for a kept run
	record func(*recorder, U) error // one update

	mu  sync.Mutex
	rec *recorder
	err error // the first failure, told after the screen closes
}

func (s *screenRecording[U]) Opened(c demokit.Choice, desc string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start, path := time.Now(), s.path
	if path == "" {
		if path, s.err = keptPath(s.demo, start); s.err != nil {
			return
		}
		defer func() { s.err = errors.Join(s.err, pruneKept(keepRuns)) }()
	}
	s.rec, s.err = openRecorder(path, s.demo, s.opts, c.Backend, desc, start)
}

func (s *screenRecording[U]) Update(u U) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec != nil && s.err == nil {
		s.err = s.record(s.rec, u)
	}
}

// command records an action's real command (the command log's sink).
func (s *screenRecording[U]) command(c scenario.Command) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec.command(c)
}

// Note records the note of one of the view's actions (demokit.NoteTap).
func (s *screenRecording[U]) Note(at time.Time, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec.note(at, text)
}

// close ends the recording, saying on stderr where it is or what failed.
func (s *screenRecording[U]) close(stderr io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := errors.Join(s.err, s.rec.Close())
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "coldstart: recording:", err)
	case s.rec != nil && s.path != "":
		fmt.Fprintln(stderr, "coldstart: recorded to", s.path)
	}
}

// runRecordedScreen runs a demo view full screen (runDemoScreen), with
// the timeline and the command log around it, and records its session's
// run and the commands of its actions.
func runRecordedScreen[E demokit.Engine, U any](cmd *cobra.Command, view common.Screen, sess *demokit.Session[E, U], demo string, opts any,
	record func(*recorder, U) error, ctx common.Context, script []string) error {
	r := &screenRecording[U]{demo: demo, opts: opts, path: demoRecord, record: record}
	sess.Tap = r
	defer r.close(cmd.ErrOrStderr()) // also when the screen panics
	return runDemoScreen(explain.Wrap(ctx, view).Live(r.command), ctx, script)
}
