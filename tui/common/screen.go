// Package common holds what every screen of the TUI shares: the Screen
// interface the app hosts, the navigation messages, and the Context (theme,
// keys, logger, options) handed to each screen (context.go).
package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Screen is one full-window view hosted by the app (home, lesson list,
// reader, a demo). Screens are plain models: the app owns the tea.Program,
// the alt screen and the mouse mode.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View renders the screen at the size last given to SetSize.
	View() string
	SetSize(width, height int)
	// Keys are the bindings shown in the help bar and the full help (?).
	Keys() []key.Binding
}

// Closer is implemented by screens that hold resources (a running demo):
// the app calls Close when the screen is left or the program quits.
type Closer interface{ Close() }

// BackMsg asks the app to leave the current screen.
type BackMsg struct{}

// Back is a tea.Cmd that returns BackMsg.
func Back() tea.Msg { return BackMsg{} }

// ThemeChangedMsg tells the current screen that Context.Theme was rebuilt in
// place (the terminal reported its background colour). Screens that cache
// styled output (rendered markdown) render it again.
type ThemeChangedMsg struct{}

// InputCapturer is implemented by screens that can be typing text (a filter
// prompt). While CapturingInput reports true the app hands them every key
// except ctrl+c, so "q" and "?" are typed instead of quitting or opening help.
type InputCapturer interface{ CapturingInput() bool }

// Push is a tea.Cmd factory: the app opens s on top of the current screen
// (sized and initialised by the app); BackMsg from s returns to the screen
// below and closes s.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{Screen: s} } }

// PushMsg asks the app to open a screen on top of the current one.
type PushMsg struct{ Screen Screen }

// SizeMsg follows every SetSize call with the same size, so a screen can start
// work that a new size needs (re-rendering text) in a tea.Cmd.
type SizeMsg struct{ Width, Height int }

// EscHandler is implemented by screens that use esc themselves (clearing a
// filter, closing a panel) and send BackMsg when they are done. For every
// other screen the app treats esc as BackMsg: back to the screen below, or
// out of `coldstart demo NAME`.
type EscHandler interface{ HandlesEsc() bool }
