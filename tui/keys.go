package tui

import (
	"charm.land/bubbles/v2/key"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// All of the TUI's key bindings live here, so the help bar, the full help
// (?) and the handlers can never disagree; the host's own (help, quit) are
// common.Keys, in the Context. Demo views keep their own bindings and
// report them through Screen.Keys.

// navKeys move a selection in home and the lesson list.
type navKeys struct {
	Up, Down, Open, Back, Filter key.Binding
	// While filtering, and with a filter applied (the list handles them).
	ApplyFilter, CancelFilter, ClearFilter key.Binding
}

var listKeys = navKeys{
	Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Open:   key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", "open")),
	Back:   key.NewBinding(key.WithKeys("esc", "left", "h"), key.WithHelp("esc", "back")),
	Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),

	ApplyFilter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
	CancelFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	ClearFilter:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
}

// readerKeys drive the lesson reader and its quizzes.
type readerKeys struct {
	common.ScrollKeys
	Next, Prev                                             key.Binding
	NextQuiz, PrevQuiz, Choose, ChoiceUp, ChoiceDown, Pick key.Binding
	Demo, Exercise, Back                                   key.Binding
}

var readKeys = readerKeys{
	ScrollKeys: readerScroll(),
	Next:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next lesson")),
	Prev:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous lesson")),
	NextQuiz:   key.NewBinding(key.WithKeys("tab", "]"), key.WithHelp("tab", "quiz")),
	PrevQuiz:   key.NewBinding(key.WithKeys("shift+tab", "["), key.WithHelp("shift+tab/[", "previous quiz")),
	// While a quiz is focused and unanswered, ↑/↓ move between its choices.
	ChoiceUp:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous choice")),
	ChoiceDown: key.NewBinding(key.WithKeys("down"), key.WithHelp("↑↓", "choose")),
	Choose:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer")),
	Pick:       key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-4", "answer")),
	Demo:       key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "demo")),
	Exercise:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "exercise")),
	Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
}

// readerScroll are the shared line and page keys, with half pages and the
// ends for long lessons.
func readerScroll() common.ScrollKeys {
	k := common.LineAndPageKeys()
	k.HalfUp = key.NewBinding(key.WithKeys("ctrl+u", "u"), key.WithHelp("ctrl+u", "½ page up"))
	k.HalfDown = key.NewBinding(key.WithKeys("ctrl+d", "d"), key.WithHelp("ctrl+d", "½ page down"))
	k.Top = key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top"))
	k.Bottom = key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom"))
	return k
}
