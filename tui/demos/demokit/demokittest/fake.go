package demokittest

import (
	"context"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Fake is a fresh fake runtime on the real clock.
func Fake() *fake.Runtime { return fake.New(clock.Real()) }

// Opener opens rt as backend "fake".
func Opener(rt sandbox.Runtime) demokit.Opener {
	return func(context.Context, string, func(string)) (sandbox.Runtime, demokit.Choice, error) {
		return rt, demokit.Choice{Backend: "fake", Reason: "test"}, nil
	}
}

// Context is what a view's tests run with: a dark theme, with or without
// colour, and no animation (nothing moves between two frames).
func Context(noColor bool) common.Context {
	return common.Context{Theme: theme.New(true, noColor), NoAnimation: true}
}
