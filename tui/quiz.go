package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// quizState is one interactive quiz in the reader.
type quizState struct {
	q        *lessons.Quiz
	n, total int  // "Quiz n of total"
	answered bool // the learner picked choice
	choice   int
	cursor   int // highlighted choice while unanswered and focused
}

func (q *quizState) correct() bool { return q.answered && q.q.Choices[q.choice].Correct }

// quizBox is a quiz drawn for the reader: its lines, and for each choice the
// range of those lines it covers, so a mouse click can be mapped to a choice.
type quizBox struct {
	lines   []string
	choices []span // each choice's lines, within lines
}

// renderQuiz draws a quiz as a bordered box width columns wide. Right and
// wrong answers are marked with ✓ and ✗ and words, not colour alone.
func renderQuiz(t *theme.Theme, st *quizState, focused bool, width int) quizBox {
	inner := max(width-4, 20) // border and padding

	wrap := func(s string, w int) []string {
		return strings.Split(lipgloss.NewStyle().Width(w).Render(s), "\n")
	}
	var lines []string
	var ranges []span

	head := fmt.Sprintf("Quiz %d of %d", st.n, st.total)
	if focused {
		head = "▶ " + head
	}
	hint := ""
	switch {
	case st.answered:
	case focused:
		hint = fmt.Sprintf("↑/↓ and enter, or 1-%d", len(st.q.Choices))
	default:
		hint = "tab to answer"
	}
	lines = append(lines, t.Title.Render(head)+"  "+t.Subtle.Render(hint))
	for _, l := range wrap(st.q.Prompt, inner) {
		lines = append(lines, t.Highlight.Render(l))
	}
	lines = append(lines, "")

	for i, c := range st.q.Choices {
		mark := " "
		suffix := ""
		style := lipgloss.NewStyle()
		switch {
		case st.answered && c.Correct:
			mark, style = theme.MarkDone, t.OK
			if i == st.choice {
				suffix = " (your answer)"
			} else {
				suffix = " (correct answer)"
			}
		case st.answered && i == st.choice:
			mark, style, suffix = theme.MarkFailed, t.Error, " (your answer)"
		case !st.answered && focused && i == st.cursor:
			mark, style = "›", t.Selected
		}
		prefix := fmt.Sprintf("%s %d. ", mark, i+1)
		body := wrap(c.Text+suffix, inner-lipgloss.Width(prefix))
		first := len(lines)
		for j, l := range body {
			p := strings.Repeat(" ", lipgloss.Width(prefix))
			if j == 0 {
				p = prefix
			}
			lines = append(lines, style.Render(p+l))
		}
		ranges = append(ranges, span{first, len(lines) - 1})
	}

	if st.answered {
		lines = append(lines, "")
		verdict := t.OK.Render(theme.MarkDone + " Correct.")
		if !st.correct() {
			verdict = t.Error.Render(theme.MarkFailed + " Not quite.")
		}
		explain := wrap(st.q.Explanation, inner)
		lines = append(lines, verdict)
		lines = append(lines, explain...)
	}

	box := t.Box.Width(width).Render(strings.Join(lines, "\n"))
	// The box's top frame (border, padding) is drawn above the choices.
	top := t.Box.GetMarginTop() + t.Box.GetBorderTopSize() + t.Box.GetPaddingTop()
	for i := range ranges {
		ranges[i] = ranges[i].shift(top)
	}
	return quizBox{lines: strings.Split(box, "\n"), choices: ranges}
}
