package autoscalingview

import (
	"context"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
)

// DefaultOpener opens the runtime through sandbox/backend.
var DefaultOpener Opener = func(ctx context.Context, name string, progress func(string)) (sandbox.Runtime, Choice, error) {
	rt, ch, err := backend.Open(ctx, name, progress)
	return rt, Choice{Backend: ch.Backend, Reason: ch.Reason}, err
}
