// Package demotest holds the checks every live demo view's tests share.
package demotest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// PresenterGolden frames the screen newModel builds (without and with
// colour) for a projector's 100x30, with script waiting for its second
// step, and checks that it fills the frame, shows every want, hides
// notWant (what only the full layout shows) and matches the golden file.
func PresenterGolden(t *testing.T, newModel func(noColor bool) common.Screen, script, want []string, notWant string) {
	t.Helper()
	for _, noColor := range []bool{true, false} {
		t.Run(fmt.Sprintf("nocolor=%v", noColor), func(t *testing.T) {
			s := tui.Present(newModel(noColor), common.Context{Theme: theme.New(true, noColor), NoAnimation: true, Present: true}, script)
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
			for _, w := range want {
				if !strings.Contains(plain, w) {
					t.Errorf("presenter view lacks %q:\n%s", w, plain)
				}
			}
			if strings.Contains(plain, notWant) {
				t.Errorf("presenter view shows %q:\n%s", notWant, plain)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}
