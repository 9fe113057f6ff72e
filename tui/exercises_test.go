package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/sandbox/check"
	"github.com/coldstart-dev/coldstart/tui/common"
	exui "github.com/coldstart-dev/coldstart/tui/exercise"
)

// exerciseApp is fixtureApp with the fixture exercise (first-steps, after
// the lesson "first"), a checker that passes every check, and workspaces
// under a temporary home.
func exerciseApp(t *testing.T, store *progress.Store) *app {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	cat, problems := exercise.Loader{}.Load(lessons.OSDir("testdata/lessons"))
	if len(problems) > 0 || cat.Exercise("first-steps") == nil {
		t.Fatalf("fixture exercise: %v", problems)
	}
	a := fixtureApp(t, store)
	a.exercises = Exercises{Catalog: cat, Root: filepath.Join(home, "exercises"),
		Check: func(_ context.Context, x *exercise.Exercise, _ check.Files, _ func(check.Progress)) (check.Report, error) {
			rep := check.Report{Exercise: x.ID, Passed: len(x.Checks)}
			for i := range x.Checks {
				rep.Results = append(rep.Results, exercise.Result{Check: &x.Checks[i], Passed: true, Message: "fine"})
			}
			return rep, nil
		}}
	return a
}

// A run that passes every check is saved: the reopened app shows ✓ on home.
func TestExercisePassedShownOnHome(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	a := exerciseApp(t, openStore(t, path))
	home := newHome(a)
	onExercise := func(h *host) bool {
		m, ok := h.top().(*exui.Model)
		return ok && strings.Contains(ansi.Strip(m.View()), "your files: ~/exercises/first-steps/")
	}
	saved := func(*host) bool {
		again, _, err := progress.Open(path)
		return err == nil && again.Exercise("first-steps").Status == progress.Passed
	}
	// Home: Continue is not there (nothing read), two tracks, then the exercise.
	played := play(t, a, []common.Screen{home},
		stage{keys: []tea.Msg{press("down"), press("down"), press("enter")}, ready: onExercise},
		stage{keys: []tea.Msg{press("c")}, ready: saved},
		stage{keys: []tea.Msg{press("esc")}, ready: func(h *host) bool { return h.top() == common.Screen(home) }})
	played.closer.closeAll(played.screens)

	a2 := exerciseApp(t, openStore(t, path))
	h := newHome(a2)
	h.SetSize(100, 29)
	if view := ansi.Strip(h.View()); !strings.Contains(view, "✓ First steps, hands on  Basics · after “The first lesson” · 10 min") {
		t.Fatalf("home after reopening lacks the passed exercise:\n%s", view)
	}
}

func TestGoldenHomeExercises(t *testing.T) {
	store := progress.Memory()
	store.RecordRun("first-steps", 1, 2)
	a := exerciseApp(t, store)
	runGolden(t, a, []common.Screen{newHome(a)}, stage{ready: always})
}

// E opens the lesson's exercise, the footer links to it; a lesson without
// one says so.
func TestReaderExerciseKey(t *testing.T) {
	a := exerciseApp(t, nil)
	r := sizedReader(t, a, "first")
	drain(t, r, r.update(press("G")))
	if view := ansi.Strip(r.View()); !strings.Contains(view, "Exercise: First steps, hands on (○ not started) — press E to open it") {
		t.Fatalf("footer lacks the exercise link:\n%s", view)
	}
	var pushed bool
	for _, msg := range collect(r.update(press("E"))) {
		if p, ok := msg.(common.PushMsg); ok {
			_, pushed = p.Screen.(*exui.Model)
		}
	}
	if !pushed {
		t.Fatal("E did not open the exercise screen")
	}
	found := false
	for _, k := range r.Keys() {
		found = found || k.Help().Key == "E"
	}
	if !found {
		t.Error("the help bar does not show E")
	}

	other := sizedReader(t, a, "second")
	if cmd := other.update(press("E")); cmd != nil || other.status != "No exercise for this lesson." {
		t.Fatalf("E on a lesson without exercise: status %q", other.status)
	}
}
