package coldstartview

import (
	"context"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
)

// DefaultOpener opens the runtime through sandbox/backend.
func DefaultOpener(ctx context.Context, name string, progress func(string)) (sandbox.Runtime, Choice, error) {
	rt, c, err := backend.Open(ctx, name, progress)
	return rt, Choice{Backend: c.Backend, Reason: c.Reason}, err
}
