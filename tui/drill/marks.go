package drill

import (
	"strings"

	"charm.land/lipgloss/v2"

	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// MarkPartly is the partly mark, next to theme.MarkDone and theme.MarkFailed,
// so results never rely on colour alone.
const MarkPartly = "◐"

// Mark is the symbol and word for a result, styled.
func Mark(t *theme.Theme, r lessondrill.Result) string {
	switch r {
	case lessondrill.Right:
		return t.OK.Render(theme.MarkDone + " got it")
	case lessondrill.Partly:
		return t.Warning.Render(MarkPartly + " partly")
	default:
		return t.Error.Render(theme.MarkFailed + " missed")
	}
}

// Tally is the running score: "✓ 2  ◐ 1  ✗ 0".
func Tally(t *theme.Theme, outcomes []lessondrill.Outcome) string {
	r, p, w := lessondrill.Score(outcomes)
	return lipgloss.JoinHorizontal(lipgloss.Top,
		t.OK.Render(theme.MarkDone+" "+itoa(r)), "  ",
		t.Warning.Render(MarkPartly+" "+itoa(p)), "  ",
		t.Error.Render(theme.MarkFailed+" "+itoa(w)))
}

// MarkPrompt is the self-marking line shown under a revealed model answer.
func MarkPrompt(t *theme.Theme) string {
	return t.Title.Render("How did you do?") + "  " +
		t.HelpKey.Render("1") + " " + t.OK.Render(theme.MarkDone+" got it") + "   " +
		t.HelpKey.Render("2") + " " + t.Warning.Render(MarkPartly+" partly") + "   " +
		t.HelpKey.Render("3") + " " + t.Error.Render(theme.MarkFailed+" missed")
}

// HeaderLine puts left and the first of rights that fits on one line w
// columns wide, right-aligned: callers pass fuller variants first, so a
// narrow window drops the extras instead of clipping.
func HeaderLine(left string, w int, rights ...string) string {
	right := ""
	for _, r := range rights {
		right = r
		if lipgloss.Width(left)+2+lipgloss.Width(r) <= w {
			break
		}
	}
	gap := max(w-lipgloss.Width(left)-lipgloss.Width(right), 2)
	return left + strings.Repeat(" ", gap) + right
}
