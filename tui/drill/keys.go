package drill

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
)

// Keys are the bindings of the practice screens (drill and mock interview),
// in one place so the help bar and the handlers never disagree. They follow
// the reader: arrows or vim keys, enter, esc back.
type Keys struct {
	Up, Down, Answer, Pick       key.Binding // multiple choice
	Reveal, Next                 key.Binding
	GotIt, Partly, Missed, Marks key.Binding // self-marking; Marks is for help only
	ScrollUp, ScrollDown, Back   key.Binding
}

// DefaultKeys are the practice screens' bindings.
var DefaultKeys = Keys{
	Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Answer:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer")),
	Pick:       key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-4", "answer")),
	Reveal:     key.NewBinding(key.WithKeys("space", "enter"), key.WithHelp("space", "model answer")),
	Next:       key.NewBinding(key.WithKeys("enter", "space", "right", "l"), key.WithHelp("enter", "next")),
	GotIt:      key.NewBinding(key.WithKeys("1", "g"), key.WithHelp("1/g", "got it")),
	Partly:     key.NewBinding(key.WithKeys("2", "p"), key.WithHelp("2/p", "partly")),
	Missed:     key.NewBinding(key.WithKeys("3", "m"), key.WithHelp("3/m", "missed")),
	ScrollUp:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll")),
	ScrollDown: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll")),
	Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
}

// Result is the self-mark msg gives (GotIt, Partly, Missed); ok is false
// for any other key.
func (k Keys) Result(msg tea.KeyPressMsg) (r lessondrill.Result, ok bool) {
	switch {
	case key.Matches(msg, k.GotIt):
		return lessondrill.Right, true
	case key.Matches(msg, k.Partly):
		return lessondrill.Partly, true
	case key.Matches(msg, k.Missed):
		return lessondrill.Wrong, true
	}
	return "", false
}
