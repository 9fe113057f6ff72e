package common

import "github.com/coldstart-dev/coldstart/tui/theme"

// WithTheme is c with a theme to draw with: its own (the host replaces it
// in place once it knows the terminal's background), else a dark one that
// follows NO_COLOR.
func (c Context) WithTheme() Context {
	if c.Theme == nil {
		c.Theme = theme.New(true, theme.NoColorFromEnv())
	}
	return c
}
