package common

import (
	"log/slog"

	"charm.land/bubbles/v2/key"

	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Context is what the app hands every screen. It is built once per program
// (WithDefaults) and copied by value: the copies share the one Theme, which
// the host rebuilds in place once the terminal reports its background (light
// or dark), so a screen built before the program starts is restyled too.
type Context struct {
	Theme       *theme.Theme
	Keys        Keys         // the host's own keys, around every screen
	Log         *slog.Logger // for errors a screen cannot show (the log file)
	NoAnimation bool         // reduced motion: no spinners or tick-driven animation
	Present     bool         // presenter mode: large, high-contrast, side panels hidden
	Backend     string       // "auto", "docker" or "process" for demos
}

// Keys are the bindings the host handles before any screen: a screen shows
// them in its help through the host and never binds them itself.
type Keys struct {
	Help, Quit, ForceQuit key.Binding
	Back                  key.Binding // esc, unless the screen handles it (EscHandler)
	Panels                PanelKeys   // the demos' timeline and command log (panelkeys.go)
}

// DefaultKeys are the host's bindings.
func DefaultKeys() Keys {
	return Keys{
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Panels:    DefaultPanelKeys(),
	}
}

// WithDefaults fills what c lacks: the theme (dark until the terminal
// reports its background; none of the colours with NO_COLOR), the keys and
// slog's default logger. What c has is kept, so calling it again is free and
// never replaces the shared Theme.
func (c Context) WithDefaults() Context {
	if c.Theme == nil {
		c.Theme = theme.New(true, theme.NoColorFromEnv())
	}
	if len(c.Keys.Quit.Keys()) == 0 {
		c.Keys = DefaultKeys()
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	return c
}
