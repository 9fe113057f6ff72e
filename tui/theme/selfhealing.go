package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// SelfHealingStyles are the orchestration demos' styles
// (tui/demos/selfhealingview). Every pod and node state also has a symbol
// and a word in the view, so nothing relies on colour alone.
type SelfHealingStyles struct {
	Node, NodeDown lipgloss.Style // a node's column
	Ready          lipgloss.Style // pod ready, node Ready, success
	Starting       lipgloss.Style // pending, creating, running but not ready yet
	Failing        lipgloss.Style // CrashLoopBackOff, Error, node down
	Gone           lipgloss.Style // terminating, lost on a dead node
	Version        lipgloss.Style // the version label
	Warning        lipgloss.Style // Warning events
	Label          lipgloss.Style
}

// SelfHealing builds the orchestration demo styles from the palette.
func (t *Theme) SelfHealing() SelfHealingStyles {
	fg := func(c color.Color) lipgloss.Style {
		if t.NoColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s := SelfHealingStyles{
		Node:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Muted).Padding(0, 1),
		NodeDown: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Bad).Padding(0, 1),
		Ready:    fg(t.Good),
		Starting: fg(t.Warn),
		Failing:  fg(t.Bad).Bold(true),
		Gone:     t.Subtle,
		Version:  fg(t.Info),
		Warning:  fg(t.Warn),
		Label:    t.Subtle,
	}
	if t.NoColor {
		s.Node = s.Node.Border(lipgloss.NormalBorder()).UnsetBorderForeground()
		s.NodeDown = s.NodeDown.Border(lipgloss.DoubleBorder()).UnsetBorderForeground()
	}
	return s
}
