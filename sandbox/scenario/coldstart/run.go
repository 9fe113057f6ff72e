package coldstart

import (
	"context"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

// Run is the demo's fixed headless script, shared by the command and the
// integration tests: a burst of n concurrent invocations on an empty
// pool (cold starts), a second burst of n (warm, reusing the pool), a wait
// past the idle timeout on the engine's clock (scale to zero, but for the
// provisioned environments), then one more invocation (cold again, or warm
// on a provisioned environment). wait, when not nil, replaces the wait (tests
// advance a manual clock). It returns early with ctx's error.
func Run(ctx context.Context, e faas.Function, n int, wait func(ctx context.Context, d time.Duration) error) error {
	e.Burst(ctx, n)
	if err := ctx.Err(); err != nil {
		return err
	}
	e.Burst(ctx, n)
	if wait == nil {
		wait = func(ctx context.Context, d time.Duration) error { return clock.Sleep(ctx, e.Clock(), d) }
	}
	if err := wait(ctx, e.Config().IdleTimeout+250*time.Millisecond); err != nil {
		return err
	}
	// The reap timers have fired; on a busy machine their removals may still
	// be on their way, and the last request must not race them.
	if err := waitOnDemandGone(ctx, e); err != nil {
		return err
	}
	e.Invoke(ctx)
	return ctx.Err()
}

// waitOnDemandGone waits until only provisioned environments are left in
// e's pool (they are never reaped).
func waitOnDemandGone(ctx context.Context, e faas.Function) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for onDemand(e.Snapshot()) > 0 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func onDemand(s faas.Snapshot) int {
	n := 0
	for _, en := range s.Envs {
		if !en.Provisioned {
			n++
		}
	}
	return n
}
