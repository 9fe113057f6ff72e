package drill

import (
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
