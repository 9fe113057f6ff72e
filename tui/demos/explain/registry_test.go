package explain_test

import (
	"testing"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	_ "github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	_ "github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/explain"
	_ "github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
	_ "github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)

// Every registered demo opens inside the panels, live: Live found its
// engine type, so its actions' commands reach the log.
func TestEveryDemoOpensExplainedAndLive(t *testing.T) {
	all := demos.All()
	if len(all) != 4 {
		t.Fatalf("%d demos registered, want 4", len(all))
	}
	for _, e := range all {
		s, ok := e.Open(common.Context{Backend: "process", NoAnimation: true}).(*explain.Screen)
		if !ok || !s.IsLive() {
			t.Errorf("%s: opened %T (live %v), want a live *explain.Screen", e.Name, s, ok && s.IsLive())
		}
		if ok {
			s.Close()
		}
	}
}
