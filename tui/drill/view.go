package drill

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"

	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The screen is a header (title, position, running score), the question and
// its answer in a viewport, and a footer saying what to do next.

func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	w := m.textWidth()
	parts := []string{"", m.header(w), ""}
	if m.phase == finished {
		parts = append(parts, m.ctx.Theme.Title.Render(m.doneTitle()), "", Summary(m.ctx.Theme, m.outcomes, w), m.ctx.Theme.Subtle.Render("Press enter or esc to go back."))
	} else {
		parts = append(parts, m.vp.View(), "", m.footer(w))
	}
	if m.status != "" {
		parts = append(parts, m.ctx.Theme.Warning.Width(w).Render(m.status))
	}
	return lipgloss.NewStyle().PaddingLeft(2).Render(strings.Join(parts, "\n"))
}

func (m *Model) doneTitle() string {
	if len(m.items) == 0 {
		return "Nothing to drill: no quiz questions or interview cards match."
	}
	return "Drill complete"
}

// layout fills the viewport with the current question at the current size;
// it is cheap (string building only) and runs after every message.
func (m *Model) layout() {
	if m.width == 0 || m.phase == finished {
		return
	}
	w := m.textWidth()
	Fill(&m.vp, m.ctx.Theme, w, m.height, m.status, m.body(w))
}

func (m *Model) header(w int) string {
	t := m.ctx.Theme
	bar := progress.New(progress.WithoutPercentage(), progress.WithWidth(16),
		progress.WithColors(t.Accent), progress.WithFillCharacters('━', '─'))
	done := float64(len(m.outcomes)) / float64(max(len(m.items), 1))
	pos, tally := m.progressText(), Tally(t, m.outcomes)
	return HeaderLine(t.Title.Render(m.title), w,
		pos+" "+bar.ViewAs(done)+"  "+tally, pos+"  "+tally, pos)
}

func (m *Model) body(w int) string {
	t := m.ctx.Theme
	it := m.item()
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	if it.Kind == lessondrill.CardItem {
		b.WriteString(t.Subtle.Render("Interview question · "+it.Topic+" · draws on "+it.Lesson.Title) + "\n\n")
		b.WriteString(t.Highlight.Width(w).Render(it.Card.Question) + "\n\n")
		if m.phase == asking {
			b.WriteString(wrap.Render("Answer it aloud or in your head, as you would in an interview. Then look at the model answer and mark yourself honestly."))
			return b.String()
		}
		b.WriteString(t.Title.Render("Model answer") + "\n")
		b.WriteString(m.rendered.View(t, m.renderKey()))
		return b.String()
	}

	q := it.Quiz
	b.WriteString(t.Subtle.Render("Quiz · "+it.Lesson.Title) + "\n\n")
	b.WriteString(t.Highlight.Width(w).Render(q.Prompt) + "\n\n")
	for i, c := range q.Choices {
		mark, style, suffix := " ", lipgloss.NewStyle(), ""
		switch {
		case m.phase == answered && c.Correct:
			mark, style = theme.MarkDone, t.OK
			if i == m.choice {
				suffix = " (your answer)"
			} else {
				suffix = " (correct answer)"
			}
		case m.phase == answered && i == m.choice:
			mark, style, suffix = theme.MarkFailed, t.Error, " (your answer)"
		case m.phase == asking && i == m.cursor:
			mark, style = "›", t.Selected
		}
		prefix := fmt.Sprintf("%s %d. ", mark, i+1)
		pad := lipgloss.Width(prefix)
		lines := strings.Split(lipgloss.NewStyle().Width(w-pad).Render(c.Text+suffix), "\n")
		for j, l := range lines {
			p := strings.Repeat(" ", pad)
			if j == 0 {
				p = prefix
			}
			b.WriteString(style.Render(p+l) + "\n")
		}
	}
	if m.phase == answered {
		b.WriteString("\n")
		if q.Choices[m.choice].Correct {
			b.WriteString(t.OK.Render(theme.MarkDone+" Correct.") + "\n")
		} else {
			b.WriteString(t.Error.Render(theme.MarkFailed+" Not quite.") + "\n")
		}
		b.WriteString(wrap.Render(q.Explanation))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) footer(w int) string {
	t := m.ctx.Theme
	more := ""
	if !m.vp.AtBottom() {
		more = t.Subtle.Render("  (↓ more)")
	}
	var line string
	switch {
	case m.phase == revealed:
		line = MarkPrompt(t)
	case m.phase == answered && m.i+1 == len(m.items):
		line = t.Subtle.Render("Press enter to see your score.")
	case m.phase == answered:
		line = t.Subtle.Render("Press enter for the next question.")
	case m.item().Kind == lessondrill.CardItem:
		line = t.Subtle.Render("Press space to see the model answer.")
	default:
		line = t.Subtle.Render(fmt.Sprintf("Pick an answer: 1-%d, or ↑/↓ and enter.", len(m.item().Quiz.Choices)))
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(line + more)
}
