package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// VersionStyle colours what a pod version served in the rolling-deploy and
// autoscaling views (tui/demos/rollingdeployview, autoscalingview). The
// views always print the version too, so colour is never the only mark.
// Versions cycle through the palette: v1, v2, v3, v4, v5 = v1's colour...
func (t *Theme) VersionStyle(n int) lipgloss.Style {
	if t.NoColor {
		if n%2 == 0 {
			return lipgloss.NewStyle().Bold(true)
		}
		return lipgloss.NewStyle()
	}
	palette := []color.Color{t.Info, t.Accent, t.Good, t.Warn}
	return lipgloss.NewStyle().Foreground(palette[(max(1, n)-1)%len(palette)]).Bold(true)
}
