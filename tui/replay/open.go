package replay

import (
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Open is the replay screen of rec: its demo's view, in the presenter
// frame, in the player, at the start of the run and playing.
func Open(ctx common.Context, rec *record.Recording) (*Player, error) {
	tp, err := playback.NewTape(rec)
	if err != nil {
		return nil, err
	}
	newView, ok := views[rec.Header.Demo]
	if !ok {
		return nil, fmt.Errorf("replay: no demo view called %q", rec.Header.Demo)
	}
	if ctx.Theme == nil {
		ctx.Theme = theme.New(true, theme.NoColorFromEnv())
	}
	deck := playback.NewDeck(tp)
	view, err := newView(ctx, deck)
	if err != nil {
		return nil, err
	}
	return New(ctx, view, deck), nil
}
