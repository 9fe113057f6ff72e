package faas

import (
	"context"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// Function is what a demo drives of the function service: the embedded
// Engine, or a recorded run played back (tui/replay), behind one seam so
// the cold-start view cannot tell them apart.
type Function interface {
	Events() <-chan Event // one stream, for one reader; closed by Close
	Snapshot() Snapshot
	Clock() clock.Clock // the presenter pauses and steps it
	Config() Config
	Configure(cfg Config) error
	Invoke(ctx context.Context) Invocation
	InvokeWork(ctx context.Context, units int) Invocation
	Burst(ctx context.Context, n int) []Invocation
	SkipToIdleReap() bool
	Reset(ctx context.Context) error
	Close(ctx context.Context) error
}

var _ Function = (*Engine)(nil)
