package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
	checkrun "github.com/coldstart-dev/coldstart/sandbox/check"
	"github.com/coldstart-dev/coldstart/tui"
	exui "github.com/coldstart-dev/coldstart/tui/exercise"
)

// runExerciseScreen copies the exercise's starting files into the
// learner's workspace (once), shows the task and runs the checks on the
// live engine on every save.
func runExerciseScreen(cmd *cobra.Command, g *globals, x *exercise.Exercise) error {
	if err := needTerminal("exercise"); err != nil {
		return fmt.Errorf("%w; --check runs the checks once without one", err)
	}
	lesson := ""
	if cat, _ := loadCatalog(g); cat.Lesson(x.Lesson) != nil {
		lesson = cat.Lesson(x.Lesson).Title
	}
	store := openProgressTo(cmd.ErrOrStderr())
	ctx := screenContext(g)
	screen := exui.New(exui.Options{Context: ctx, Exercise: x, Lesson: lesson, Progress: store, Check: liveChecker(g.backend)})
	return saveAfter(store, tui.RunScreen(screen, ctx))
}

// tuiExerciseCatalog reads the built-in exercises and those of every
// --lessons dir, resolving each one's lesson in cat.
func tuiExerciseCatalog(g *globals, cat *lessons.Catalog) (*exercise.Catalog, []lessons.Problem) {
	dirs := []lessons.Dir{embeddedExercises()}
	for _, d := range g.lessonDirs {
		dirs = append(dirs, lessons.OSDir(d))
	}
	return exercise.Loader{Lessons: cat, CheckFile: checkExerciseFile}.Load(dirs...)
}

// appExercises are the exercises the lesson app lists and links to.
func appExercises(g *globals, cat *lessons.Catalog) tui.Exercises {
	x, _ := tuiExerciseCatalog(g, cat)
	return tui.Exercises{Catalog: x, Check: liveChecker(g.backend)}
}

// liveChecker runs an exercise's checks with check.Run on a runtime of
// its own (--backend), opened for the run and closed after it, so nothing
// keeps running between saves.
func liveChecker(name string) exui.Checker {
	return func(ctx context.Context, x *exercise.Exercise, files checkrun.Files, progress func(checkrun.Progress)) (checkrun.Report, error) {
		rt, _, err := backend.Open(ctx, name, func(s string) { progress(checkrun.Progress{Text: s}) })
		if err != nil {
			return checkrun.Report{}, err
		}
		defer func() {
			cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rt.Close(cctx)
		}()
		return checkrun.Run(ctx, rt, x, files, progress)
	}
}
