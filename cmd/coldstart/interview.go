package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/interview"
)

func init() {
	register(func(g *globals) *cobra.Command {
		var minutes int
		var track string
		cmd := &cobra.Command{
			Use:   "interview",
			Short: "A timed mock interview with open questions from the interview bank",
			Long: "A mock system-design interview against a real countdown: open questions from the interview bank, one at a time.\n" +
				"Answer aloud or type, then reveal the model answer and mark yourself; the marks feed the same review schedule as `coldstart drill`.",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				if minutes < 1 || minutes > 180 {
					return fmt.Errorf("--minutes must be between 1 and 180 (got %d)", minutes)
				}
				cat, err := practiceCatalog(g, track, cmd.ErrOrStderr())
				if err != nil {
					return err
				}
				if err := needTerminal("interview"); err != nil {
					return err
				}
				store := openProgress(cmd.ErrOrStderr())
				cards := drill.Deck(drill.NewBank(cat.Tracks()), store.Reviews(), time.Now(),
					drill.Filter{Track: track, Kind: drill.CardItem}, 0)
				if len(cards) == 0 {
					return errors.New("no interview questions found" + forTrack(cat, track))
				}
				ctx := screenContext(g)
				screen := interview.New(interview.Options{
					Context:   ctx,
					Items:     cards,
					Scheduler: drill.Scheduler{Store: store, Now: time.Now},
					Duration:  time.Duration(minutes) * time.Minute,
				})
				return saveAfter(store, tui.RunScreen(screen, ctx))
			},
		}
		cmd.Flags().IntVar(&minutes, "minutes", 20, "length of the interview in minutes")
		cmd.Flags().StringVar(&track, "track", "", "only questions drawing on this track (serverless, orchestration)")
		return cmd
	})
}
