// Package common holds what every screen of the TUI shares: the Screen
// interface the app hosts, the navigation messages, and the Context (theme,
// options) handed to each screen.
package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/tui/theme"
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

// Context is what the app hands every screen.
type Context struct {
	Theme       *theme.Theme
	NoAnimation bool   // reduced motion: no spinners or tick-driven animation
	Present     bool   // presenter mode: large, high-contrast, side panels hidden
	Backend     string // "auto", "docker" or "process" for demos
}
