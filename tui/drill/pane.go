package drill

import (
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// What the drill and the mock interview screens share for the card they
// show: its text width, the viewport it scrolls in, the model answers
// rendered for it, and saving the learner's marks.

// TextWidth is the text width of a screen w wide, capped (long lines are
// hard to read).
func TextWidth(w int) int { return max(min(w-4, maxWidth), 20) }

// NewViewport is the viewport a card scrolls in: the mouse wheel scrolls
// it, keys are the screen's.
func NewViewport() viewport.Model {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = true
	return vp
}

// Fill sizes vp to the text width w and the height a screen h tall leaves
// under its chrome (header with the blank lines around it, blank line and
// footer, and status, a save problem, when there is one), and fills it
// with body.
func Fill(vp *viewport.Model, th *theme.Theme, w, h int, status, body string) {
	chrome := 5
	if status != "" {
		chrome += lipgloss.Height(th.Warning.Width(w).Render(status))
	}
	vp.SetWidth(w)
	vp.SetHeight(max(h-chrome, 1))
	vp.SetContent(body)
}

// Answers are the model answers rendered so far (RenderedMsg), by card,
// width and style.
type Answers map[RenderKey]string

// Has says whether k's answer is rendered.
func (a Answers) Has(k RenderKey) bool {
	_, ok := a[k]
	return ok
}

// Render starts rendering answer, the markdown of k's card, unless it is
// rendered already (nil then).
func (a Answers) Render(k RenderKey, answer string) tea.Cmd {
	if a.Has(k) {
		return nil
	}
	return RenderCmd(k, answer)
}

// View is k's rendered answer, or a note that it is still rendering.
func (a Answers) View(th *theme.Theme, k RenderKey) string {
	if md, ok := a[k]; ok {
		return md
	}
	return th.Subtle.Render("rendering…")
}

// SavedMsg ends Save: Err says why the marks were not saved.
type SavedMsg struct{ Err error }

// Save is the command that saves the marks (the review schedule in store)
// off the UI goroutine.
func Save(store *progress.Store) tea.Cmd {
	return func() tea.Msg { return SavedMsg{Err: store.Save()} }
}

// Status is the screen's status line after the save: "" when it worked.
func (m SavedMsg) Status() string {
	if m.Err != nil {
		return "Progress not saved: " + m.Err.Error()
	}
	return ""
}
