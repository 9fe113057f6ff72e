package common

import (
	"log/slog"
	"testing"

	"github.com/coldstart-dev/coldstart/tui/theme"
)

func TestContextWithDefaults(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	c := Context{Backend: "process"}.WithDefaults()
	if c.Theme == nil || !c.Theme.Dark || !c.Theme.NoColor {
		t.Fatalf("theme %+v, want dark (until the terminal says) and no colour under NO_COLOR", c.Theme)
	}
	if c.Log != slog.Default() {
		t.Error("the logger is not slog's default (the log file)")
	}
	if got := c.Keys.Quit.Keys(); len(got) != 1 || got[0] != "q" {
		t.Errorf("quit keys %v, want the defaults", got)
	}
	if c.Backend != "process" {
		t.Errorf("backend %q lost", c.Backend)
	}

	// Made once: completing it again keeps the theme every screen holds.
	if again := c.WithDefaults(); again.Theme != c.Theme || again.Log != c.Log {
		t.Error("a second WithDefaults replaced the theme or the logger")
	}
	own := Context{Theme: theme.New(false, false), Log: slog.New(slog.DiscardHandler)}
	if got := own.WithDefaults(); got.Theme != own.Theme || got.Log != own.Log {
		t.Error("WithDefaults replaced a theme or logger it was given")
	}
}
