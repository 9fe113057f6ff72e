package demokittest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// CheckSize fails t when out, a rendered screen, is wider than w or taller
// than h.
func CheckSize(t testing.TB, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if lw := ansi.StringWidth(line); lw > w {
			t.Errorf("line %d is %d wide, more than %d: %q", i, lw, w, ansi.Strip(line))
		}
	}
	if len(lines) > h {
		t.Errorf("%d lines, more than %d", len(lines), h)
	}
}

// Golden checks that out, a screen rendered at w x h, fits it and matches
// the test's golden file (testdata/<test name>.golden; go test -update
// rewrites it).
func Golden(t *testing.T, out string, w, h int) {
	t.Helper()
	CheckSize(t, out, w, h)
	golden.RequireEqual(t, out)
}

// Size is a screen size.
type Size struct{ W, H int }

// PlainGoldens checks view's screen at each size (a subtest "WxH") with
// Golden, its styling stripped.
func PlainGoldens(t *testing.T, view func(w, h int) string, sizes ...Size) {
	t.Helper()
	for _, s := range sizes {
		t.Run(fmt.Sprintf("%dx%d", s.W, s.H), func(t *testing.T) {
			Golden(t, ansi.Strip(view(s.W, s.H)), s.W, s.H)
		})
	}
}
