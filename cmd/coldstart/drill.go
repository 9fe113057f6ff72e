package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
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
			return newDrill(ctx, tracks, store, "", 10)
		},
	})
	register(func(g *globals) *cobra.Command {
		var track string
		var count int
		var plain bool
		cmd := &cobra.Command{
			Use:   "drill",
			Short: "Review quiz questions and interview cards that are due (spaced repetition)",
			Long: "Drill the quiz questions and interview cards that are due for review, most overdue first, then new ones.\n" +
				"Quizzes are marked by your answer; interview cards by you, after you see the model answer.\n" +
				"A miss comes back in 10 minutes, a right answer after 1, 3, 7, then 21 days. The schedule is kept with your progress.",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return runDrill(cmd, g, track, count, plain)
			},
		}
		cmd.Flags().StringVar(&track, "track", "", "only this track (serverless, orchestration, interview); a track includes the interview cards drawing on it")
		cmd.Flags().IntVar(&count, "count", 10, "how many questions")
		cmd.Flags().BoolVar(&plain, "plain", false, "ask line by line instead of full screen (for screen readers and scripts); the default when stdin or stdout is not a terminal")
		return cmd
	})
}

func runDrill(cmd *cobra.Command, g *globals, track string, count int, plain bool) error {
	if count < 1 {
		return fmt.Errorf("--count must be at least 1 (got %d)", count)
	}
	cat, err := practiceCatalog(g, track, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	store := openProgressTo(cmd.ErrOrStderr())
	deck, title := drillDeck(cat.Tracks(), store, track, count)
	if len(deck) == 0 {
		return errors.New("nothing to drill: no quiz questions or interview cards found" + forTrack(cat, track))
	}
	sched := drill.Scheduler{Store: store, Now: time.Now}
	if plain || needTerminal("drill") != nil {
		return saveAfter(store, plainDrill(cmd.InOrStdin(), cmd.OutOrStdout(), title, deck, sched))
	}
	ctx := screenContext(g)
	screen := tuidrill.New(tuidrill.Options{Context: ctx, Title: title, Items: deck, Scheduler: sched})
	return saveAfter(store, tui.RunScreen(screen, ctx))
}

// newDrill builds the drill screen over the due deck of tracks (optionally
// one track).
func newDrill(ctx common.Context, tracks []*lessons.Track, store *progress.Store, track string, count int) common.Screen {
	deck, title := drillDeck(tracks, store, track, count)
	return tuidrill.New(tuidrill.Options{
		Context:   ctx,
		Title:     title,
		Items:     deck,
		Scheduler: drill.Scheduler{Store: store, Now: time.Now},
	})
}

// drillDeck picks the questions due now and names the drill.
func drillDeck(tracks []*lessons.Track, store *progress.Store, track string, count int) ([]drill.Item, string) {
	deck := drill.Deck(drill.NewBank(tracks), store.Reviews(), time.Now(), drill.Filter{Track: track}, count)
	title := "Drill"
	for _, t := range tracks {
		if t.ID == track {
			title += " · " + t.Title
		}
	}
	return deck, title
}

// plainDrill asks the deck line by line on in and out, for screen readers,
// scripts and pipes: the same questions, marks and schedule as the screen.
// It saves after every answer; end of input stops early.
func plainDrill(in io.Reader, out io.Writer, title string, deck []drill.Item, sched drill.Scheduler) error {
	lines := bufio.NewScanner(in)
	ask := func(prompt string, ok func(string) bool) (string, bool) {
		for {
			fmt.Fprint(out, prompt)
			if !lines.Scan() {
				fmt.Fprintln(out)
				return "", false
			}
			if a := strings.ToLower(strings.TrimSpace(lines.Text())); ok(a) {
				return a, true
			}
		}
	}
	fmt.Fprintf(out, "%s: %d question(s). Your answers are saved as you go.\n", title, len(deck))
	var outcomes []drill.Outcome
	for i, it := range deck {
		fmt.Fprintf(out, "\n[%d/%d] ", i+1, len(deck))
		var res drill.Result
		if it.Kind == drill.QuizItem {
			q := it.Quiz
			fmt.Fprintf(out, "Quiz · %s\n%s\n", it.Lesson.Title, q.Prompt)
			for j, c := range q.Choices {
				fmt.Fprintf(out, "  %d. %s\n", j+1, c.Text)
			}
			a, ok := ask(fmt.Sprintf("Your answer (1-%d): ", len(q.Choices)), func(a string) bool {
				n, err := strconv.Atoi(a)
				return err == nil && n >= 1 && n <= len(q.Choices)
			})
			if !ok {
				break
			}
			n, _ := strconv.Atoi(a)
			res = drill.Wrong
			verdict := theme.MarkFailed + " Not quite."
			for j, c := range q.Choices {
				if c.Correct && j == n-1 {
					res, verdict = drill.Right, theme.MarkDone+" Correct."
				} else if c.Correct {
					verdict += fmt.Sprintf(" The answer is %d.", j+1)
				}
			}
			fmt.Fprintf(out, "%s %s\n", verdict, q.Explanation)
		} else {
			fmt.Fprintf(out, "Interview question · %s · draws on %s\n%s\n", it.Topic, it.Lesson.Title, it.Card.Question)
			if _, ok := ask("Answer it aloud or in your head, then press enter for the model answer.", func(string) bool { return true }); !ok {
				break
			}
			fmt.Fprintf(out, "Model answer:\n%s\n", indent(strings.TrimSpace(it.Card.Answer)))
			a, ok := ask("How did you do? g got it, p partly, m missed: ", func(a string) bool {
				return a == "g" || a == "p" || a == "m" || a == "1" || a == "2" || a == "3"
			})
			if !ok {
				break
			}
			res = map[string]drill.Result{"g": drill.Right, "1": drill.Right, "p": drill.Partly, "2": drill.Partly}[a]
			if res == "" {
				res = drill.Wrong
			}
		}
		sched.Record(it.ID, res)
		outcomes = append(outcomes, drill.Outcome{Item: it, Result: res})
		if err := sched.Store.Save(); err != nil && !errors.Is(err, progress.ErrNewerSchema) {
			return err
		}
	}
	fmt.Fprintln(out)
	fmt.Fprint(out, ansi.Strip(tuidrill.Summary(theme.New(true, true), outcomes, 100)))
	return nil
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
