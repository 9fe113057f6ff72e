package main

// `coldstart exercise NAME --check` runs an exercise's checks once without
// a terminal; `coldstart exercises` lists the exercises with the learner's
// status. The full screen for `coldstart exercise NAME` is runExerciseScreen (exercise_tui.go).

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	exercisecheck "github.com/coldstart-dev/coldstart/sandbox/check"
)

// exerciseFlags are the flags of `coldstart exercise NAME`.
type exerciseFlags struct {
	check    bool
	json     bool
	dir      string
	solution bool
}

// Exit codes of `coldstart exercise NAME --check`.
const (
	exitNotYet    = 1 // the run finished and some check failed
	exitCannotRun = 2 // the files cannot be applied, or the engine failed
)

func init() {
	register(func(g *globals) *cobra.Command {
		var f exerciseFlags
		cmd := &cobra.Command{
			Use:   "exercise NAME",
			Short: "Open a hands-on exercise, or check your solution with --check",
			Long: `Open a hands-on exercise full screen, or with --check run its checks once
without a terminal: your files (from --dir, else your workspace
$XDG_DATA_HOME/coldstart/exercises/NAME, else the exercise's starting files)
are deployed on the live engine, the exercise's steps run on real workloads,
and each check is judged on what was measured.

--check prints each check (✓ passed, ✗ not yet) with its message and the
notes, progress on stderr, and exits 0 when every check passes, 1 when some
did not, 2 when the files cannot be applied or the engine failed. The run is
recorded in your progress unless --solution.`,
			Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				x, err := findExercise(g, cmd.ErrOrStderr(), args[0])
				if err != nil {
					return &exitError{code: exitCannotRun, err: err}
				}
				if !f.check {
					if f.json || f.dir != "" || f.solution {
						return errors.New("--json, --dir and --solution go with --check")
					}
					return runExerciseScreen(cmd, g, x)
				}
				return runExerciseCheck(cmd, g, x, f)
			},
		}
		fl := cmd.Flags()
		fl.BoolVar(&f.check, "check", false, "run the checks once, without a terminal")
		fl.BoolVar(&f.json, "json", false, "with --check: print one JSON object")
		fl.StringVar(&f.dir, "dir", "", "with --check: read the files from DIR instead of your workspace")
		fl.BoolVar(&f.solution, "solution", false, "with --check: check the reference solution (for teachers; not recorded)")
		return cmd
	})
}

// loadExercises loads every exercise: the built-in ones, then each
// --lessons dir's exercises/ folder.
func loadExercises(g *globals) (*exercise.Catalog, *lessons.Catalog, []lessons.Problem) {
	cat, _ := loadCatalog(g) // lesson problems are `coldstart lessons`' to report
	dirs := []lessons.Dir{embeddedExercises()}
	for _, d := range g.lessonDirs {
		dirs = append(dirs, lessons.OSDir(d))
	}
	xs, problems := exercise.Loader{Lessons: cat}.Load(dirs...)
	return xs, cat, problems
}

// findExercise loads the exercises and returns the one called id.
func findExercise(g *globals, stderr io.Writer, id string) (*exercise.Exercise, error) {
	xs, _, problems := loadExercises(g)
	if x := xs.Exercise(id); x != nil {
		return x, nil
	}
	var ids []string
	for _, x := range xs.All() {
		ids = append(ids, x.ID)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "coldstart: %d problem(s) in exercise files left some out (see `coldstart lint`)\n", len(problems))
	}
	return nil, fmt.Errorf("no exercise %q (known: %s; `coldstart exercises` lists them)", id, strings.Join(ids, ", "))
}

// runExerciseCheck runs x's checks on the chosen files and prints the verdict.
func runExerciseCheck(cmd *cobra.Command, g *globals, x *exercise.Exercise, f exerciseFlags) error {
	ctx, stop := headlessContext(cmd.Context())
	defer stop()
	stderr := cmd.ErrOrStderr()
	files, err := exerciseFiles(x, f, stderr)
	if err != nil {
		return cannotRun(cmd, x, f, err)
	}
	rt, _, err := openBackend(ctx, g, stderr)
	if err != nil {
		return cannotRun(cmd, x, f, err)
	}
	last := ""
	report, runErr := exercisecheck.Run(ctx, rt, x, files, func(p exercisecheck.Progress) {
		line := p.Text
		if p.Of > 0 {
			line = fmt.Sprintf("[%d/%d] %s", p.Step, p.Of, p.Text)
		}
		if line != last {
			fmt.Fprintln(stderr, "coldstart:", line)
			last = line
		}
	})
	cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rtErr := rt.Close(cctx)
	if runErr != nil {
		if ctx.Err() != nil {
			runErr = errors.New("interrupted; everything the run started was removed")
		}
		return cannotRun(cmd, x, f, runErr)
	}
	if rtErr != nil {
		report.Notes = append(report.Notes, "closing the backend: "+rtErr.Error())
	}
	if !f.solution {
		store := openProgressTo(stderr)
		store.RecordRun(x.ID, report.Passed, len(report.Results))
		if err := store.Save(); err != nil {
			fmt.Fprintln(stderr, "coldstart: warning: progress not saved:", err)
		}
	}
	out := cmd.OutOrStdout()
	if f.json {
		err = writeCheckJSON(out, checkJSON(report, len(x.Checks)))
	} else {
		writeCheckText(out, report)
	}
	if err != nil {
		return err
	}
	if !report.AllPassed() {
		return &exitError{code: exitNotYet, err: fmt.Errorf("%d of %d checks not yet passing", len(report.Results)-report.Passed, len(report.Results))}
	}
	return nil
}

// exerciseFiles reads the files --check runs: the solution, --dir, the
// workspace, or (when there is no workspace yet) the starting files.
func exerciseFiles(x *exercise.Exercise, f exerciseFlags, stderr io.Writer) (exercisecheck.Files, error) {
	switch {
	case f.solution:
		return exercisecheck.SolutionFiles(x)
	case f.dir != "":
		return exercisecheck.ReadFiles(f.dir, x)
	}
	dir, err := exercisecheck.WorkspaceDir(x.ID)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "coldstart: no workspace at %s yet; checking the exercise's starting files\n", dir)
		return exercisecheck.StartFiles(x)
	}
	return exercisecheck.ReadFiles(dir, x)
}

// cannotRun is exit 2 with the reason, also as JSON with --json.
func cannotRun(cmd *cobra.Command, x *exercise.Exercise, f exerciseFlags, err error) error {
	if f.json {
		out := checkOutput{Exercise: x.ID, Total: len(x.Checks), Checks: []checkResultJSON{}, Notes: []string{}, Error: err.Error()}
		var fe *exercisecheck.FilesError
		if errors.As(err, &fe) {
			out.Problems = fe.Problems
		}
		if werr := writeCheckJSON(cmd.OutOrStdout(), out); werr != nil {
			return werr
		}
	}
	return &exitError{code: exitCannotRun, err: err}
}

// checkOutput is `coldstart exercise NAME --check --json`.
type checkOutput struct {
	Exercise     string            `json:"exercise"`
	Passed       int               `json:"passed"`
	Total        int               `json:"total"`
	Checks       []checkResultJSON `json:"checks"`
	Measurements map[string]any    `json:"measurements,omitempty"`
	Notes        []string          `json:"notes"`
	TookMS       int64             `json:"took_ms"`
	// Error and Problems say why the checks could not run (exit 2).
	Error    string   `json:"error,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

type checkResultJSON struct {
	ID      string `json:"id"`
	Passed  bool   `json:"passed"`
	Message string `json:"message"`
}

func checkJSON(r exercisecheck.Report, total int) checkOutput {
	out := checkOutput{Exercise: r.Exercise, Passed: r.Passed, Total: total, Checks: []checkResultJSON{},
		Measurements: map[string]any{}, Notes: append([]string{}, r.Notes...), TookMS: r.Took.Milliseconds()}
	for _, res := range r.Results {
		out.Checks = append(out.Checks, checkResultJSON{ID: res.Check.ID, Passed: res.Passed, Message: res.Message})
	}
	for name, v := range r.Measurements {
		switch v.Kind {
		case exercise.Flag:
			out.Measurements[name] = v.Bool
		case exercise.Text:
			out.Measurements[name] = v.Text
		default:
			out.Measurements[name] = v.Num
		}
	}
	return out
}

func writeCheckJSON(w io.Writer, out checkOutput) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeCheckText(w io.Writer, r exercisecheck.Report) {
	for _, res := range r.Results {
		mark := "✗"
		if res.Passed {
			mark = "✓"
		}
		fmt.Fprintf(w, "%s %s: %s\n", mark, res.Check.ID, res.Message)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	fmt.Fprintf(w, "%d of %d checks passed (%.1f s)\n", r.Passed, len(r.Results), r.Took.Seconds())
}

func init() {
	register(func(g *globals) *cobra.Command {
		var asJSON bool
		cmd := &cobra.Command{
			Use:   "exercises",
			Short: "List the hands-on exercises with your progress",
			Long: "List every exercise by track, with the lesson it follows and your status:\n" +
				"○ not started, • tried, ◐ solved with help (after a hint), ✓ passed. --json prints one JSON array.",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				xs, cat, problems := loadExercises(g)
				if len(problems) > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "coldstart: warning: %d problem(s) in exercise files; those exercises are left out (see `coldstart lint`)\n", len(problems))
				}
				store := openProgressTo(cmd.ErrOrStderr())
				rows := exerciseRows(xs, cat, store)
				if asJSON {
					enc := json.NewEncoder(cmd.OutOrStdout())
					enc.SetIndent("", "  ")
					return enc.Encode(rows)
				}
				return writeExercisesText(cmd.OutOrStdout(), rows)
			},
		}
		cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON array of exercises")
		return cmd
	})
}

// exerciseRow is one line of `coldstart exercises` (an element of --json).
type exerciseRow struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Track       string `json:"track"`
	TrackTitle  string `json:"track_title"`
	Lesson      string `json:"lesson"`
	LessonTitle string `json:"lesson_title"`
	Engine      string `json:"engine"`
	Minutes     int    `json:"minutes"`
	Status      string `json:"status"`
	Attempts    int    `json:"attempts"`
}

// exerciseRows lists the exercises track by track, in lesson order.
func exerciseRows(xs *exercise.Catalog, cat *lessons.Catalog, store *progress.Store) []exerciseRow {
	rows := []exerciseRow{}
	add := func(x *exercise.Exercise) {
		p := store.Exercise(x.ID)
		row := exerciseRow{ID: x.ID, Title: x.Title, Track: x.Track, Lesson: x.Lesson, Engine: string(x.Engine),
			Minutes: x.Minutes, Status: string(p.Status), Attempts: p.Attempts}
		if l := cat.Lesson(x.Lesson); l != nil {
			row.LessonTitle = l.Title
		}
		if t := cat.Track(x.Track); t != nil {
			row.TrackTitle = t.Title
		}
		rows = append(rows, row)
	}
	seen := map[string]bool{}
	for _, t := range cat.Tracks() {
		for _, x := range xs.ForTrack(t.ID) {
			add(x)
			seen[x.ID] = true
		}
	}
	for _, x := range xs.All() { // a track without lessons here, in load order
		if !seen[x.ID] {
			add(x)
		}
	}
	return rows
}

// exerciseMarks are the status marks of the list.
var exerciseMarks = map[string]string{
	string(progress.ExerciseNotStarted): "○",
	string(progress.Tried):              "•",
	string(progress.SolvedWithHelp):     "◐",
	string(progress.Passed):             "✓",
}

func writeExercisesText(w io.Writer, rows []exerciseRow) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no exercises")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	track := ""
	for _, r := range rows {
		if r.Track != track {
			if track != "" {
				fmt.Fprintln(tw)
			}
			fmt.Fprintln(tw, cmp.Or(r.TrackTitle, r.Track))
			track = r.Track
		}
		fmt.Fprintf(tw, "  %s %s\t%s\tafter %q\n", exerciseMarks[r.Status], r.ID, r.Title, cmp.Or(r.LessonTitle, r.Lesson))
	}
	return tw.Flush()
}
