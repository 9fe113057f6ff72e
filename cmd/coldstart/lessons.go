package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

func init() {
	register(func(g *globals) *cobra.Command {
		var asJSON bool
		cmd := &cobra.Command{
			Use:   "lessons",
			Short: "List the tracks and lessons with your progress",
			Long: "List every track and lesson, with your progress, as plain text or (--json) as one JSON array.\n" +
				"Lessons with problems are left out and reported on stderr; run `coldstart lint` for details.",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				cat, problems := loadCatalog(g)
				if len(problems) > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "coldstart: warning: %d problem(s) in lesson files; those lessons are left out (see `coldstart lint`):\n", len(problems))
					for _, p := range problems {
						fmt.Fprintln(cmd.ErrOrStderr(), "  "+p.String())
					}
				}
				store := openProgressTo(cmd.ErrOrStderr())
				if asJSON {
					return writeLessonsJSON(cmd.OutOrStdout(), cat, store)
				}
				return writeLessonsText(cmd.OutOrStdout(), cat, store)
			},
		}
		cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON array of lessons")
		return cmd
	})
}

// lessonJSON is one element of `coldstart lessons --json`.
type lessonJSON struct {
	ID              string   `json:"id"`
	Track           string   `json:"track"`
	Title           string   `json:"title"`
	Order           int      `json:"order"`
	Minutes         int      `json:"minutes"`
	QuizQuestions   int      `json:"quiz_questions"`
	InterviewCards  int      `json:"interview_cards"`
	Demos           []string `json:"demos"`
	Status          string   `json:"status"`
	QuizzesAnswered int      `json:"quizzes_answered"`
	QuizzesCorrect  int      `json:"quizzes_correct"`
	Path            string   `json:"path"`
}

func writeLessonsJSON(w io.Writer, cat *lessons.Catalog, store *progress.Store) error {
	out := []lessonJSON{}
	for _, l := range cat.Lessons() {
		correct, answered := store.Score(l.Questions())
		out = append(out, lessonJSON{
			ID: l.ID, Track: l.Track, Title: l.Title, Order: l.Order, Minutes: l.Minutes,
			QuizQuestions: len(l.Quizzes), InterviewCards: len(l.Cards),
			Demos:  append([]string{}, l.Demos...),
			Status: string(store.Status(l.ID)), QuizzesAnswered: answered, QuizzesCorrect: correct,
			Path: l.Path,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeLessonsText prints a plain table (no colour: it is meant for pipes
// and scripts as much as for eyes).
func writeLessonsText(w io.Writer, cat *lessons.Catalog, store *progress.Store) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, t := range cat.Tracks() {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s (%s)\n", t.Title, plural(len(t.Lessons), "lesson"))
		if t.Description != "" {
			fmt.Fprintf(tw, "  %s\n", t.Description)
		}
		for _, l := range t.Lessons {
			extra := []string{}
			if n := len(l.Quizzes); n > 0 {
				extra = append(extra, plural(n, "quiz question"))
			}
			if n := len(l.Cards); n > 0 {
				extra = append(extra, plural(n, "card"))
			}
			if len(l.Demos) > 0 {
				extra = append(extra, "demo: "+strings.Join(l.Demos, ", "))
			}
			fmt.Fprintf(tw, "  %2d\t%s\t%d min\t%s\t%s\t%s\n", l.Order, l.Title, l.Minutes, strings.Join(extra, ", "), statusText(store, l), l.ID)
		}
	}
	return tw.Flush()
}

func statusText(store *progress.Store, l *lessons.Lesson) string {
	switch store.Status(l.ID) {
	case progress.Read:
		return "read"
	case progress.QuizAnswered:
		correct, answered := store.Score(l.Questions())
		return fmt.Sprintf("quiz %d/%d answered, %d correct", answered, len(l.Quizzes), correct)
	default:
		return "not started"
	}
}

// plural formats a count with its noun: "1 lesson", "3 lessons".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
