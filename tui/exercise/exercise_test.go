package exercise

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/sandbox/check"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/screentest"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// fake is a Checker that reports what it was told: progress first, then
// either a fixed verdict, or, with block, nothing until the run is
// cancelled.
type fake struct {
	progress []check.Progress
	report   func(x *exercise.Exercise) check.Report
	err      error
	block    bool
	runs     chan context.Context // every run's context, when not nil
}

func (f *fake) check(ctx context.Context, x *exercise.Exercise, files check.Files, progress func(check.Progress)) (check.Report, error) {
	if f.runs != nil {
		f.runs <- ctx
	}
	for _, p := range f.progress {
		progress(p)
	}
	if f.block {
		<-ctx.Done()
		return check.Report{}, ctx.Err()
	}
	if f.report == nil {
		return check.Report{}, f.err
	}
	return f.report(x), f.err
}

// oneOfTwo is a run where the first check passes and the second does not.
func oneOfTwo(x *exercise.Exercise) check.Report {
	return check.Report{Exercise: x.ID, Passed: 1, Took: 14200 * time.Millisecond,
		Results: []exercise.Result{
			{Check: &x.Checks[0], Passed: true, Message: "All 300 requests were answered."},
			{Check: &x.Checks[1], Message: "6 Pods ran at once for 3 replicas; the rollout may add only one at a time."},
		},
		Notes: []string{"app.yaml:14: spec.template.spec.affinity is valid Kubernetes but not modelled here; it was ignored."},
	}
}

func allPass(x *exercise.Exercise) check.Report {
	rep := check.Report{Exercise: x.ID, Passed: len(x.Checks)}
	for i := range x.Checks {
		rep.Results = append(rep.Results, exercise.Result{Check: &x.Checks[i], Passed: true, Message: "fine"})
	}
	return rep
}

// opened is the screen on the fixture with its workspace open under a
// temporary home (so the path shown is the same on every machine): the
// workspace message is delivered here, so keys sent next find it ready.
func opened(t *testing.T, f *fake, store *progress.Store) *Model {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	m := New(Options{Context: screentest.Context(), Exercise: fixture(t), Lesson: "The first lesson",
		Progress: store, Check: f.check, Root: filepath.Join(home, "exercises"), Editor: "-"})
	t.Cleanup(m.Close)
	msg := m.Init()().(workspaceMsg)
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	m.Update(msg)
	return m
}

func (m *Model) shown() bool { _, ok := m.task[m.taskKey()]; return ok && !m.rendering }

func press(s string) tea.Msg { return screentest.Press(s) }

func TestGoldenExercisePending(t *testing.T) {
	m := opened(t, &fake{}, nil)
	screentest.Golden(t, m, nil, m.shown)
}

func TestGoldenExerciseRunning(t *testing.T) {
	f := &fake{block: true, progress: []check.Progress{
		{Step: 1, Of: 5, Text: "apply: 3 of 3 pods ready"},
		{Step: 4, Of: 5, Text: "deploy: rolling out v2 (3 of 4 pods ready)"},
	}}
	m := opened(t, f, nil)
	screentest.Golden(t, m, []tea.Msg{press("c")}, func() bool {
		return m.shown() && m.run.running && m.run.progress.Step == 4
	})
}

func TestGoldenExerciseFailedRun(t *testing.T) {
	m := opened(t, &fake{report: oneOfTwo}, nil)
	screentest.Golden(t, m, []tea.Msg{press("c")}, func() bool { return m.shown() && m.run.done })
}

func TestGoldenExerciseFilesError(t *testing.T) {
	f := &fake{err: &check.FilesError{Problems: []string{
		`app.yaml:21: unknown field "readinesProbe" in the container (did you mean readinessProbe?)`,
		`app.yaml:30: maxUnavailable must be a number or a percentage, not "none"`,
	}}}
	m := opened(t, f, nil)
	screentest.Golden(t, m, []tea.Msg{press("c")}, func() bool { return m.shown() && m.run.done })
}

func TestGoldenExerciseHints(t *testing.T) {
	m := opened(t, &fake{}, nil)
	screentest.Golden(t, m, []tea.Msg{press("h"), press("h")}, func() bool { return m.shown() && m.hints == 2 })
}

func TestGoldenExerciseResetAsk(t *testing.T) {
	m := opened(t, &fake{}, nil)
	screentest.Golden(t, m, []tea.Msg{press("r")}, func() bool { return m.shown() && m.ask == askReset })
}

// drive sends msg and runs what comes back, as the program would, feeding
// the messages back to m; spinner ticks are dropped.
func drive(t *testing.T, m *Model, msg tea.Msg) {
	t.Helper()
	_, cmd := m.Update(msg)
	run(t, m, cmd)
}

func run(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	update := func(msg tea.Msg) tea.Cmd { _, cmd := m.Update(msg); return cmd }
	screentest.Drain(t, update, cmd, func(msg tea.Msg) bool {
		_, tick := msg.(interface{ ID() int }) // spinner.TickMsg
		return tick
	})
}

func TestRunRecordedInProgress(t *testing.T) {
	tests := []struct {
		name     string
		f        *fake
		status   progress.ExerciseStatus
		attempts int
		view     []string
	}{
		{"one of two", &fake{report: oneOfTwo}, progress.Tried, 1,
			[]string{"1 of 2 checks pass", "✓ no-dropped-requests: All 300", "✗ surge-bounded: not yet: 6 Pods", "• tried"}},
		{"all pass", &fake{report: allPass}, progress.Passed, 1, []string{"✓ Every check passes", "✓ passed"}},
		{"files cannot be applied", &fake{err: &check.FilesError{Problems: []string{"app.yaml:3: bad"}}}, progress.Tried, 1,
			[]string{"cannot be applied", "app.yaml:3: bad"}},
		{"the engine failed: not the learner's run", &fake{err: errors.New("docker is not running")}, progress.ExerciseNotStarted, 0,
			[]string{"could not run", "docker is not running", "○ not started"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			store, _, err := progress.Open(filepath.Join(dir, "progress.json"))
			if err != nil {
				t.Fatal(err)
			}
			m := opened(t, tt.f, store)
			m.SetSize(100, 29)
			drive(t, m, press("c"))
			x := store.Exercise("rollout")
			if x.Status != tt.status || x.Attempts != tt.attempts {
				t.Errorf("progress %s after %d runs, want %s after %d", x.Status, x.Attempts, tt.status, tt.attempts)
			}
			view := ansi.Strip(m.View())
			for _, want := range tt.view {
				if !strings.Contains(view, want) {
					t.Errorf("view lacks %q:\n%s", want, view)
				}
			}
			// Saved to disk, not only in memory.
			again, _, err := progress.Open(filepath.Join(dir, "progress.json"))
			if err != nil || again.Exercise("rollout").Attempts != tt.attempts {
				t.Errorf("on disk: %+v %v", again.Exercise("rollout"), err)
			}
		})
	}
}

// The ladder shows one more hint per h, records the highest, and says
// when there are no more; a reopened screen shows the hints seen.
func TestHintLadder(t *testing.T) {
	store := progress.Memory()
	m := opened(t, &fake{}, store)
	m.SetSize(100, 29)
	for i := 1; i <= 4; i++ {
		drive(t, m, press("h"))
		if want := min(i, 3); m.hints != want || store.Exercise("rollout").HintsUsed != want {
			t.Fatalf("after %d h: %d shown, %d recorded, want %d", i, m.hints, store.Exercise("rollout").HintsUsed, want)
		}
	}
	if !strings.Contains(m.note, "last hint") {
		t.Errorf("note %q, want that was the last hint", m.note)
	}
	if again := opened(t, &fake{}, store); again.hints != 3 {
		t.Errorf("reopened with %d hints shown, want 3", again.hints)
	}
}

// The solution is shown after a yes only, and a pass after it counts as
// solved with help.
func TestSolutionCountsAsHelp(t *testing.T) {
	store := progress.Memory()
	m := opened(t, &fake{report: allPass}, store)
	m.SetSize(100, 29)
	drive(t, m, press("s"))
	drive(t, m, press("n"))
	if m.showSol || store.Exercise("rollout").HintsUsed != 0 {
		t.Fatal("the solution was shown, or recorded, after a no")
	}
	drive(t, m, press("s"))
	if m.ask != askSolution {
		t.Fatal("s did not ask first")
	}
	drive(t, m, press("y"))
	if !m.showSol || !strings.Contains(ansi.Strip(m.View()), "maxUnavailable: 0") {
		t.Fatalf("solution not shown:\n%s", ansi.Strip(m.View()))
	}
	drive(t, m, press("esc"))
	if m.showSol {
		t.Fatal("esc did not go back to the task")
	}
	drive(t, m, press("s")) // seen already: no question
	if !m.showSol {
		t.Fatal("s asked again for a solution already seen")
	}
	drive(t, m, press("c"))
	if got := store.Exercise("rollout").Status; got != progress.SolvedWithHelp {
		t.Fatalf("status %s after a pass with the solution seen, want solved with help", got)
	}
}

func TestResetKeepsBackup(t *testing.T) {
	m := opened(t, &fake{}, nil)
	m.SetSize(100, 29)
	writeFile(t, m.ws.Path("app.yaml"), learnersText)
	drive(t, m, press("r"))
	drive(t, m, press("y"))
	if got := read(t, m.ws.Path("app.yaml")); got != startText {
		t.Fatalf("app.yaml after reset %q", got)
	}
	if !strings.Contains(m.note, "rollout.bak-") {
		t.Fatalf("note %q does not say where the backup is", m.note)
	}
}

// A save while a run is under way cancels it; only the newest run's
// verdict is shown.
func TestNewRunCancelsOld(t *testing.T) {
	f := &fake{block: true, runs: make(chan context.Context, 2)}
	m := opened(t, f, nil)
	_, first := m.Update(saveMsg{Save{Files: []string{"app.yaml"}}})
	firstMsg := make(chan tea.Msg, 1)
	go func() { firstMsg <- first().(tea.BatchMsg)[0]() }()
	ctx1 := <-f.runs
	m.Update(press("c"))
	select {
	case <-ctx1.Done():
	case <-time.After(deadline):
		t.Fatal("the first run was not cancelled")
	}
	if msg := <-firstMsg; msg != nil {
		if _, cmd := m.Update(msg); cmd != nil || !m.run.running {
			t.Fatal("the cancelled run's verdict was taken")
		}
	}
	if m.run.gen != 2 || !strings.Contains(m.run.reason, "run on c") {
		t.Fatalf("run %d (%s), want the second", m.run.gen, m.run.reason)
	}
}

func TestEditorUnset(t *testing.T) {
	m := opened(t, &fake{}, nil)
	m.editor = ""
	drive(t, m, press("e"))
	if !strings.Contains(m.note, "Set $EDITOR") {
		t.Fatalf("note %q", m.note)
	}
}

// Leaving the screen stops the watcher and the run in flight.
func TestCloseStopsRun(t *testing.T) {
	f := &fake{block: true, runs: make(chan context.Context, 1)}
	m := opened(t, f, nil)
	_, cmd := m.Update(press("c"))
	go cmd()
	ctx := <-f.runs
	m.Close()
	select {
	case <-ctx.Done():
	case <-time.After(deadline):
		t.Fatal("Close left the run going")
	}
	if _, ok := <-m.watcher.Saves(); ok {
		t.Fatal("watcher still open after Close")
	}
}

var _ common.Closer = (*Model)(nil)

// A light terminal re-renders the task in glamour's light style.
func TestThemeChangeRerendersTask(t *testing.T) {
	m := opened(t, &fake{}, nil)
	*m.ctx.Theme = *theme.New(true, false) // colour, so the style can change
	m.SetSize(100, 29)
	drive(t, m, common.SizeMsg{Width: 100, Height: 29})
	*m.ctx.Theme = *theme.New(false, false)
	drive(t, m, common.ThemeChangedMsg{})
	if _, ok := m.task[taskKey{width: 100, style: "light"}]; !ok || !m.shown() {
		t.Fatalf("task not rendered in the light style: %v", m.task)
	}
}

// A verdict taller than half the screen is cut, saying how much is hidden,
// so the task stays in view.
func TestLongVerdictLeavesRoomForTask(t *testing.T) {
	var problems []string
	for i := range 30 {
		problems = append(problems, fmt.Sprintf("app.yaml:%d: problem %d", i+1, i+1))
	}
	m := opened(t, &fake{err: &check.FilesError{Problems: problems}}, nil)
	m.SetSize(100, 29)
	drive(t, m, common.SizeMsg{Width: 100, Height: 29})
	drive(t, m, press("c"))
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "more lines: enlarge the window") || !strings.Contains(view, "A fixture task") {
		t.Fatalf("long verdict not cut:\n%s", view)
	}
	if n := strings.Count(view, "\n") + 1; n != 29 {
		t.Fatalf("view is %d lines, want 29", n)
	}
}
