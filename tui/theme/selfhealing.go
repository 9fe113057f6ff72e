package theme

import "charm.land/lipgloss/v2"

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
	s := SelfHealingStyles{
		Node:     t.box(t.Muted, lipgloss.NormalBorder()),
		NodeDown: t.box(t.Bad, lipgloss.DoubleBorder()),
		Ready:    t.fg(t.Good),
		Starting: t.fg(t.Warn),
		Failing:  t.fg(t.Bad).Bold(true),
		Gone:     t.Subtle,
		Version:  t.fg(t.Info),
		Warning:  t.fg(t.Warn),
		Label:    t.Subtle,
	}
	return s
}
