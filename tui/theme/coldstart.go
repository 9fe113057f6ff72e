package theme

import "charm.land/lipgloss/v2"

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
	s := ColdStartStyles{
		Env:       t.box(t.Muted, lipgloss.NormalBorder()),
		Starting:  t.fg(t.Warn),
		Init:      t.fg(t.Warn).Bold(true),
		Busy:      t.fg(t.Info).Bold(true),
		Idle:      t.fg(t.Good),
		Gone:      t.Subtle,
		Cold:      t.fg(t.Warn).Bold(true),
		Warm:      t.fg(t.Good).Bold(true),
		Throttled: t.fg(t.Bad).Bold(true),
		Start:     t.fg(t.Muted),
		Boot:      t.fg(t.Warn),
		InitBar:   t.fg(t.Bad),
		Handle:    t.fg(t.Info),
		Panel:     t.box(t.Muted, lipgloss.NormalBorder()),
		Label:     t.Subtle,
	}
	if t.NoColor {
		s.Busy, s.Cold, s.Warm, s.Throttled = s.Busy.Bold(true), s.Cold.Bold(true), s.Warm.Bold(true), s.Throttled.Bold(true)
	}
	return s
}
