package theme

import "charm.land/lipgloss/v2"

// ReplayStyles are the replay player's (tui/replay): the timeline under
// the demo and its status line. Each kind of mark has its own symbol, so
// the timeline reads without colour.
type ReplayStyles struct {
	Played, Ahead lipgloss.Style // the bar before and after the playhead
	Head          lipgloss.Style // the playhead
	Kill          lipgloss.Style // ✗ kills, failures, timeouts
	Heal          lipgloss.Style // ✓ replacements created, pods and environments ready
	Scale         lipgloss.Style // ↕ scaling, reaping
	Rollout       lipgloss.Style // ▲ rollout steps, new configurations
	Throttle      lipgloss.Style // ! throttled requests (429)
	State         lipgloss.Style // "▶ playing" / "⏸ paused"
	Note          lipgloss.Style // what the last key did, and why it did nothing
}

// Mark symbols of the replay timeline.
const (
	MarkKill     = "✗"
	MarkHeal     = "✓"
	MarkScale    = "↕"
	MarkRollout  = "▲"
	MarkThrottle = "!"
)

// Replay builds the replay player's styles from the palette.
func (t *Theme) Replay() ReplayStyles {
	s := ReplayStyles{
		Played: t.Highlight, Ahead: t.Subtle, Head: t.Title.Reverse(true),
		Kill: t.Error, Heal: t.OK, Scale: t.Highlight, Rollout: t.Title, Throttle: t.Warning,
		State: t.Title, Note: t.Subtle,
	}
	if t.NoColor {
		s.Played, s.Kill = lipgloss.NewStyle().Bold(true), lipgloss.NewStyle().Bold(true)
	}
	return s
}
