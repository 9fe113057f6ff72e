package coldstartview_test

import (
	"testing"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/demotest"
)

// The presenter layout at a projector's 100x30, from the recorded run, with
// a script waiting for its second step; the full layout's event log is left out.
func TestPresenterGolden(t *testing.T) {
	demotest.PresenterGolden(t, func(noColor bool) common.Screen { return coldstartview.NewRecordedModel(noColor) },
		[]string{"burst", "idle"},
		[]string{"COLD-START", "cold start (p50)", "throttled (429)", "request #4 was throttled", "next: burst — press enter"},
		"Billing")
}
