package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// ColdStartStyles are the cold-start demo's styles (tui/demos/coldstartview).
// Every state also has a word and a symbol in the view, so nothing relies on
// colour alone.
type ColdStartStyles struct {
	Env                          lipgloss.Style // box around one execution environment
	Starting, Init, Busy, Idle   lipgloss.Style // environment states
	Gone                         lipgloss.Style // reaped or killed environments
	Cold, Warm, Throttled        lipgloss.Style // invocation kinds
	Start, Boot, InitBar, Handle lipgloss.Style // phase bars
	Panel                        lipgloss.Style // titled panels below the pool
	Label                        lipgloss.Style // "cold p50", "requests"
}

// ColdStart builds the cold-start demo styles from the palette.
func (t *Theme) ColdStart() ColdStartStyles {
	fg := func(c color.Color) lipgloss.Style {
		if t.NoColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s := ColdStartStyles{
		Env:       lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Muted).Padding(0, 1),
		Starting:  fg(t.Warn),
		Init:      fg(t.Warn).Bold(true),
		Busy:      fg(t.Info).Bold(true),
		Idle:      fg(t.Good),
		Gone:      t.Subtle,
		Cold:      fg(t.Warn).Bold(true),
		Warm:      fg(t.Good).Bold(true),
		Throttled: fg(t.Bad).Bold(true),
		Start:     fg(t.Muted),
		Boot:      fg(t.Warn),
		InitBar:   fg(t.Bad),
		Handle:    fg(t.Info),
		Panel:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Muted).Padding(0, 1),
		Label:     t.Subtle,
	}
	if t.NoColor {
		s.Env = s.Env.Border(lipgloss.NormalBorder()).UnsetBorderForeground()
		s.Panel = s.Panel.Border(lipgloss.NormalBorder()).UnsetBorderForeground()
		s.Busy, s.Cold, s.Warm, s.Throttled = s.Busy.Bold(true), s.Cold.Bold(true), s.Warm.Bold(true), s.Throttled.Bold(true)
	}
	return s
}
