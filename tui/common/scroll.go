package common

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// ScrollKeys scroll a screen's viewport. A screen leaves out those it does
// not offer: a zero binding never matches.
type ScrollKeys struct {
	Scroll                                                    key.Binding // help only: Up and Down
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding
}

// LineAndPageKeys scroll by line (↑↓, jk) and by page (pgup/b, pgdn,
// space, f), alike on every screen that scrolls text.
func LineAndPageKeys() ScrollKeys {
	return ScrollKeys{
		Scroll:   key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓/jk", "scroll")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn/space", "page down")),
	}
}

// Move scrolls vp as msg asks; false when msg is none of k's keys.
func (k ScrollKeys) Move(vp *viewport.Model, msg tea.KeyPressMsg) bool {
	moves := []struct {
		keys key.Binding
		move func()
	}{
		{k.Up, func() { vp.ScrollUp(1) }},
		{k.Down, func() { vp.ScrollDown(1) }},
		{k.PageUp, vp.PageUp},
		{k.PageDown, vp.PageDown},
		{k.HalfUp, vp.HalfPageUp},
		{k.HalfDown, vp.HalfPageDown},
		{k.Top, func() { vp.GotoTop() }},
		{k.Bottom, func() { vp.GotoBottom() }},
	}
	for _, m := range moves {
		if key.Matches(msg, m.keys) {
			m.move()
			return true
		}
	}
	return false
}
