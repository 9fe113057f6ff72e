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
	return PanelKeys{
		Timeline: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "timeline")),
		Commands: key.NewBinding(key.WithKeys(":", "L"), key.WithHelp(":/L", "real commands")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter by object")),
		Select:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pod's owner chain")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter/chain")),
		Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "scroll")),
		Down:     key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
	}
}
