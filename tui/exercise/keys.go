package exercise

import "charm.land/bubbles/v2/key"

// The exercise screen's keys, in one place so the help bar and the handlers
// agree. The host's own (?, q, ctrl+c) come from common.Keys.
type keyMap struct {
	Check, Hint, Edit, Reset, Solution key.Binding
	Scroll, Up, Down, PageUp, PageDown key.Binding
	Back                               key.Binding
	Yes, No                            key.Binding // while a question is asked
}

var keys = keyMap{
	Check:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check now")),
	Hint:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hint")),
	Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
	Reset:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset files")),
	Solution: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "solution")),
	Scroll:   key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓/jk", "scroll")),
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
	PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn/space", "page down")),
	Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
	No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
}
