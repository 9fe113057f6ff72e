package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// PresentStyles are presenter mode's (tui/present.go): bold, high contrast,
// read from the back of a room. Every state also has a symbol and a word.
type PresentStyles struct {
	Banner    lipgloss.Style // the demo's name, reversed
	Running   lipgloss.Style // "▶ running"
	Paused    lipgloss.Style // "⏸ paused — space to resume", reversed so it shows across a room
	Figure    lipgloss.Style // a big number, neutral
	Good      lipgloss.Style // a big number that is fine
	Warn      lipgloss.Style // a big number that is degraded
	Bad       lipgloss.Style // a big number that is failing
	Label     lipgloss.Style // the word under a big number
	Narration lipgloss.Style // the sentence that says what just happened
	Prompt    lipgloss.Style // "next: kill-node — press enter"
	Rule      lipgloss.Style
}

// Present builds presenter mode's styles from the palette.
func (t *Theme) Present() PresentStyles {
	bold := lipgloss.NewStyle().Bold(true)
	fg := func(c color.Color) lipgloss.Style {
		if t.NoColor {
			return bold
		}
		return bold.Foreground(c)
	}
	s := PresentStyles{
		Banner:    bold.Reverse(true).Padding(0, 1),
		Running:   fg(t.Good),
		Paused:    bold.Reverse(true).Padding(0, 1),
		Figure:    fg(t.Info),
		Good:      fg(t.Good),
		Warn:      fg(t.Warn),
		Bad:       fg(t.Bad),
		Label:     bold,
		Narration: bold,
		Prompt:    bold.Reverse(true).Padding(0, 1),
		Rule:      t.Subtle,
	}
	if !t.NoColor {
		s.Banner = s.Banner.Reverse(false).Foreground(lipgloss.Color("#FFFFFF")).Background(t.Accent)
		s.Paused = s.Paused.Reverse(false).Foreground(lipgloss.Color("#000000")).Background(t.Warn)
		s.Prompt = s.Prompt.Reverse(false).Foreground(lipgloss.Color("#000000")).Background(t.Info)
	}
	return s
}
