package selfhealingview

import (
	"context"
	"errors"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// DefaultOpener opens the runtime through sandbox/backend.
var DefaultOpener Opener = func(ctx context.Context, backend string, progress func(string)) (sandbox.Runtime, Choice, error) {
	return nil, Choice{}, errors.New("backend selection is not built yet")
}
