package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/interview"
)

func init() {
	tui.RegisterPractice(tui.Practice{
		Title:  "Mock interview",
		Detail: "20 minutes of open questions against the clock",
		Open: func(ctx common.Context, tracks []*lessons.Track, store *progress.Store) common.Screen {
			s, _ := newInterview(ctx, tracks, store, "", 20*time.Minute)
			return s
		},
	})
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
				store := openProgressTo(cmd.ErrOrStderr())
				ctx := screenContext(g)
				screen, n := newInterview(ctx, cat.Tracks(), store, track, time.Duration(minutes)*time.Minute)
				if n == 0 {
					return errors.New("no interview questions found" + forTrack(cat, track))
				}
				return saveAfter(store, tui.RunScreen(screen, ctx))
			},
		}
		cmd.Flags().IntVar(&minutes, "minutes", 20, "length of the interview in minutes")
		cmd.Flags().StringVar(&track, "track", "", "only questions drawing on this track (serverless, orchestration)")
		return cmd
	})
}

// newInterview builds the mock interview over the interview cards of tracks
// (optionally only those drawing on one track), due ones first, and says how
// many cards it holds.
func newInterview(ctx common.Context, tracks []*lessons.Track, store *progress.Store, track string, d time.Duration) (common.Screen, int) {
	cards := drill.Deck(drill.NewBank(tracks), store.Reviews(), time.Now(), drill.Filter{Track: track, Kind: drill.CardItem}, 0)
	return interview.New(interview.Options{
		Context:   ctx,
		Items:     cards,
		Scheduler: drill.Scheduler{Store: store, Now: time.Now},
		Duration:  d,
	}), len(cards)
}
