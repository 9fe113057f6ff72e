package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	tuidrill "github.com/coldstart-dev/coldstart/tui/drill"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

func init() {
	tui.RegisterPractice(tui.Practice{
		Title:  "Drill",
		Detail: "10 questions due for review: quizzes and interview cards",
		Open: func(ctx common.Context, tracks []*lessons.Track, store *progress.Store) common.Screen {
			s, _ := newDrill(ctx, tracks, store, "", 10)
			return s
		},
	})
	register(func(g *globals) *cobra.Command {
		var track string
		var count int
		cmd := &cobra.Command{
			Use:   "drill",
			Short: "Review quiz questions and interview cards that are due (spaced repetition)",
			Long: "Drill the quiz questions and interview cards that are due for review, most overdue first, then new ones.\n" +
				"Quizzes are marked by your answer; interview cards by you, after you see the model answer.\n" +
				"A miss comes back in 10 minutes, a right answer after 1, 3, 7, then 21 days. The schedule is kept with your progress.",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return runDrill(cmd, g, track, count)
			},
		}
		cmd.Flags().StringVar(&track, "track", "", "only this track (serverless, orchestration, interview); a track includes the interview cards drawing on it")
		cmd.Flags().IntVar(&count, "count", 10, "how many questions")
		return cmd
	})
}

func runDrill(cmd *cobra.Command, g *globals, track string, count int) error {
	if count < 1 {
		return fmt.Errorf("--count must be at least 1 (got %d)", count)
	}
	cat, err := practiceCatalog(g, track, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if err := needTerminal("drill"); err != nil {
		return err
	}
	store := openProgress(cmd.ErrOrStderr())
	ctx := screenContext(g)
	screen, n := newDrill(ctx, cat.Tracks(), store, track, count)
	if n == 0 {
		return errors.New("nothing to drill: no quiz questions or interview cards found" + forTrack(cat, track))
	}
	return saveAfter(store, tui.RunScreen(screen, ctx))
}

// newDrill builds the drill screen over the due deck of tracks (optionally
// one track), and says how many questions it holds.
func newDrill(ctx common.Context, tracks []*lessons.Track, store *progress.Store, track string, count int) (common.Screen, int) {
	deck := drill.Deck(drill.NewBank(tracks), store.Reviews(), time.Now(), drill.Filter{Track: track}, count)
	title := "Drill"
	for _, t := range tracks {
		if t.ID == track {
			title += " · " + t.Title
		}
	}
	return tuidrill.New(tuidrill.Options{
		Context:   ctx,
		Title:     title,
		Items:     deck,
		Scheduler: drill.Scheduler{Store: store, Now: time.Now},
	}), len(deck)
}

// practiceCatalog loads the lessons for drill and interview, checks --track,
// and mentions skipped lessons on stderr (their questions are missing).
func practiceCatalog(g *globals, track string, stderr io.Writer) (*lessons.Catalog, error) {
	cat, problems := loadCatalog(g)
	if n := len(problems); n > 0 {
		fmt.Fprintf(stderr, "coldstart: %d lesson problem(s) were skipped; run `coldstart lint` to see them.\n", n)
	}
	if track != "" && cat.Track(track) == nil {
		var ids []string
		for _, t := range cat.Tracks() {
			ids = append(ids, t.ID)
		}
		return nil, fmt.Errorf("unknown track %q (known: %s)", track, strings.Join(ids, ", "))
	}
	return cat, nil
}

// screenContext is tuiContext with the theme made up front: a screen built
// before tui.RunScreen needs it, and the host rebuilds it in place (same
// pointer) once the terminal reports its background.
func screenContext(g *globals) common.Context {
	ctx := tuiContext(g)
	ctx.Theme = theme.New(true, theme.NoColorFromEnv())
	return ctx
}

// needTerminal explains that a practice mode is interactive.
func needTerminal(what string) error {
	if !term.IsTerminal(os.Stdout.Fd()) || !term.IsTerminal(os.Stdin.Fd()) {
		return fmt.Errorf("`coldstart %s` is interactive and needs a terminal (stdin and stdout must be a TTY)", what)
	}
	return nil
}

// saveAfter saves progress once more when a screen ends; the screens save
// after every answer, so this only reports a problem the first error missed.
func saveAfter(store *progress.Store, runErr error) error {
	if err := store.Save(); runErr == nil && err != nil && !errors.Is(err, progress.ErrNewerSchema) {
		return err
	}
	return runErr
}

func forTrack(cat *lessons.Catalog, track string) string {
	if t := cat.Track(track); t != nil {
		return " in track " + t.ID
	}
	return ""
}
