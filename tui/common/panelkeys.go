package common

import "charm.land/bubbles/v2/key"

// PanelKeys are the keys of the panels around every demo (tui/demos/explain):
// the timeline of events and the log of the real commands. Toggles work
// at any time; the others only while their panel is open, when they win
// over the demo's own keys.
type PanelKeys struct {
	Timeline, Commands    key.Binding // toggle a panel
	Filter, Select, Clear key.Binding // the timeline's filter and owner chain
	Up, Down              key.Binding
	PageUp, PageDown      key.Binding
}

// DefaultPanelKeys are the panels' bindings.
func DefaultPanelKeys() PanelKeys {
	bind := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return PanelKeys{
		Timeline: bind("t", "timeline", "t"),
		Commands: bind(":/L", "real commands", ":", "L"),
		Filter:   bind("/", "filter by object", "/"),
		Select:   bind("enter", "pod's owner chain", "enter"),
		Clear:    bind("esc", "clear filter/chain", "esc"),
		Up:       bind("↑/↓", "scroll", "up"),
		Down:     bind("↓", "scroll down", "down"),
		PageUp:   bind("pgup/pgdn", "page", "pgup"),
		PageDown: bind("pgdn", "page down", "pgdown"),
	}
}
