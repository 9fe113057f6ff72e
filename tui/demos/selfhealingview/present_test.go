package selfhealingview_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The presenter layout at a projector's 100x30, from the recorded run, with
// a script waiting for its second step.
func TestPresenterGolden(t *testing.T) {
	for _, noColor := range []bool{true, false} {
		t.Run(fmt.Sprintf("nocolor=%v", noColor), func(t *testing.T) {
			m := selfhealingview.NewRecordedModel(noColor)
			s := tui.Present(m, common.Context{Theme: theme.New(true, noColor), NoAnimation: true, Present: true}, []string{"kill-pod", "kill-node"})
			s.SetSize(100, 30)
			out := s.View()
			lines := strings.Split(out, "\n")
			if len(lines) != 30 {
				t.Errorf("%d lines, want 30", len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > 100 {
					t.Errorf("line %d is %d wide: %q", i, w, ansi.Strip(l))
				}
			}
			plain := ansi.Strip(out)
			for _, want := range []string{"SELF-HEALING", "ready, healing", "last heal", "next: kill-pod — press enter", "› "} {
				if !strings.Contains(plain, want) {
					t.Errorf("presenter view lacks %q:\n%s", want, plain)
				}
			}
			if strings.Contains(plain, "Events") {
				t.Errorf("presenter view shows the event log:\n%s", plain)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}
