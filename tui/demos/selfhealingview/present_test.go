package selfhealingview_test

import (
	"testing"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demotest"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)

// The presenter layout at a projector's 100x30, from the recorded run, with
// a script waiting for its second step; the full layout's event log is left out.
func TestPresenterGolden(t *testing.T) {
	demotest.PresenterGolden(t, func(noColor bool) common.Screen { return selfhealingview.NewRecordedModel(noColor) },
		[]string{"kill-pod", "kill-node"},
		[]string{"SELF-HEALING", "ready, healing", "last heal", "next: kill-pod — press enter", "› "},
		"Events")
}
