// Package theme is the one place for coldstart's colours and styles. Every
// view takes its styles from a Theme, so light and dark terminals, NO_COLOR
// and presenter mode are handled here and nowhere else.
package theme

import (
	"image/color"
	"os"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Theme holds the palette and the styles built from it.
type Theme struct {
	Dark    bool // terminal background is dark
	NoColor bool // NO_COLOR set: styles use bold/faint/reverse only

	Accent, Muted, Good, Warn, Bad, Info color.Color

	Title     lipgloss.Style // screen titles
	Subtle    lipgloss.Style // secondary text, help
	Selected  lipgloss.Style // the highlighted row
	OK        lipgloss.Style // success, ready, correct
	Warning   lipgloss.Style // pending, degraded
	Error     lipgloss.Style // failures, wrong answers
	Highlight lipgloss.Style // key numbers
	Box       lipgloss.Style // bordered panel
	HelpKey   lipgloss.Style
	HelpDesc  lipgloss.Style
}

// NoColorFromEnv reports whether the NO_COLOR convention asks for no colour.
func NoColorFromEnv() bool { return os.Getenv("NO_COLOR") != "" }

// New builds the theme for a dark or light background.
func New(dark, noColor bool) *Theme {
	ld := lipgloss.LightDark(dark)
	t := &Theme{
		Dark:    dark,
		NoColor: noColor,
		Accent:  ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B4A7FF")),
		Muted:   ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A")),
		Good:    ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#5FD787")),
		Warn:    ld(lipgloss.Color("#9A6700"), lipgloss.Color("#E3B341")),
		Bad:     ld(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72")),
		Info:    ld(lipgloss.Color("#0969DA"), lipgloss.Color("#79C0FF")),
	}
	if noColor {
		t.Title = lipgloss.NewStyle().Bold(true)
		t.Subtle = lipgloss.NewStyle().Faint(true)
		t.Selected = lipgloss.NewStyle().Reverse(true)
		t.OK = lipgloss.NewStyle()
		t.Warning = lipgloss.NewStyle()
		t.Error = lipgloss.NewStyle().Bold(true)
		t.Highlight = lipgloss.NewStyle().Bold(true)
		t.Box = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1)
		t.HelpKey = lipgloss.NewStyle().Bold(true)
		t.HelpDesc = lipgloss.NewStyle().Faint(true)
		return t
	}
	t.Title = lipgloss.NewStyle().Bold(true).Foreground(t.Accent)
	t.Subtle = lipgloss.NewStyle().Foreground(t.Muted)
	t.Selected = lipgloss.NewStyle().Bold(true).Foreground(t.Accent)
	t.OK = lipgloss.NewStyle().Foreground(t.Good)
	t.Warning = lipgloss.NewStyle().Foreground(t.Warn)
	t.Error = lipgloss.NewStyle().Foreground(t.Bad).Bold(true)
	t.Highlight = lipgloss.NewStyle().Bold(true).Foreground(t.Info)
	t.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Muted).Padding(0, 1)
	t.HelpKey = lipgloss.NewStyle().Foreground(t.Accent)
	t.HelpDesc = lipgloss.NewStyle().Foreground(t.Muted)
	return t
}

// Status marks that do not rely on colour alone.
const (
	MarkDone       = "✓"
	MarkInProgress = "•"
	MarkTodo       = "○"
	MarkFailed     = "✗"
	MarkHelped     = "◐" // an exercise solved after a hint or the solution
	MarkRunning    = "▸" // the step a run is on
)

// Help returns the bubbles/help styles for this theme, so the help bar and
// the full help (?) match the rest of the screen.
func (t *Theme) Help() help.Styles {
	sep := t.Subtle
	return help.Styles{
		Ellipsis:       sep,
		ShortKey:       t.HelpKey,
		ShortDesc:      t.HelpDesc,
		ShortSeparator: sep,
		FullKey:        t.HelpKey,
		FullDesc:       t.HelpDesc,
		FullSeparator:  sep,
	}
}

// MarkdownStyle names the glamour style lesson prose is rendered with. With
// NO_COLOR the terminal's colour profile drops the colours and keeps bold and
// italics, which reads better than glamour's "notty" raw markdown.
func (t *Theme) MarkdownStyle() string {
	if t.Dark || t.NoColor {
		return "dark"
	}
	return "light"
}

// fg is text in colour c, plain without colour (the demos' state styles).
func (t *Theme) fg(c color.Color) lipgloss.Style {
	if t.NoColor {
		return lipgloss.NewStyle()
	}
	return lipgloss.NewStyle().Foreground(c)
}

// box is a padded box with a rounded border in colour c (a demo's
// environments, nodes and panels), or without colour the plain border.
func (t *Theme) box(c color.Color, plain lipgloss.Border) lipgloss.Style {
	if t.NoColor {
		return lipgloss.NewStyle().Border(plain).Padding(0, 1)
	}
	return lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(c).Padding(0, 1)
}
