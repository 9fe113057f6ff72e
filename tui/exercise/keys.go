package exercise

import (
	"charm.land/bubbles/v2/key"

	"github.com/coldstart-dev/coldstart/tui/common"
)

// The exercise screen's keys, in one place so the help bar and the handlers
// agree. The host's own (?, q, ctrl+c) come from common.Keys.
type keyMap struct {
	Check, Hint, Edit, Reset, Solution key.Binding
	common.ScrollKeys                  // by line and page
	Back                               key.Binding
	Yes, No                            key.Binding // while a question is asked
}

var keys = keyMap{
	Check:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check now")),
	Hint:       key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hint")),
	Edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
	Reset:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset files")),
	Solution:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "solution")),
	ScrollKeys: common.LineAndPageKeys(),
	Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Yes:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
	No:         key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
}
