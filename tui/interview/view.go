package interview

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/tui/drill"
)

// The screen is a header (question n of N, countdown, running score), the
// question with the answer box or the model answer, and a footer.

func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	t := m.ctx.Theme
	w := m.textWidth()
	parts := []string{"", m.header(w), ""}
	switch m.phase {
	case finished:
		parts = append(parts, t.Title.Render(m.endTitle()), t.Subtle.Render(m.endDetail()), "",
			drill.Summary(t, m.outcomes, w), t.Subtle.Render("Press enter or esc to go back."))
	default:
		parts = append(parts, m.vp.View(), "", m.footer(w))
	}
	if m.status != "" {
		parts = append(parts, t.Warning.Width(w).Render(m.status))
	}
	return lipgloss.NewStyle().PaddingLeft(2).Render(strings.Join(parts, "\n"))
}

func (m *Model) endTitle() string {
	switch {
	case len(m.items) == 0:
		return "No interview questions found."
	case m.ended == timeUp:
		return "Time's up"
	case m.ended == stopped:
		return "Interview ended"
	default:
		return "That's every question"
	}
}

func (m *Model) endDetail() string {
	used := min(m.endedAt.Sub(m.start), m.dur)
	s := fmt.Sprintf("%d question(s) answered in %s of %s.", len(m.outcomes), clock(used), clock(m.dur))
	if rest := len(m.items) - len(m.outcomes); rest > 0 && len(m.items) > 0 {
		s += fmt.Sprintf(" %d more in the bank for next time.", rest)
	}
	return s
}

// layout fills the viewport with the current question at the current size.
func (m *Model) layout() {
	if m.width == 0 || m.phase == finished {
		return
	}
	w := m.textWidth()
	drill.Fill(&m.vp, m.ctx.Theme, w, m.height, m.status, m.body(w))
}

func (m *Model) header(w int) string {
	t := m.ctx.Theme
	n := min(len(m.outcomes)+1, len(m.items))
	if m.phase == finished {
		n = len(m.outcomes)
	}
	left := t.Title.Render("Mock interview") + t.Subtle.Render(fmt.Sprintf("  question %d", max(n, 1)))
	timer := m.countdown(true)
	return drill.HeaderLine(left, w, timer+"  "+drill.Tally(t, m.outcomes), timer, m.countdown(false))
}

// countdown is "⏱ 17:42 left ━━━━───" ticking every second, or with reduced
// motion a static "ends 14:32 (about 18 min left)" refreshed on each key.
func (m *Model) countdown(full bool) string {
	t := m.ctx.Theme
	left := max(m.left, 0)
	if m.phase == finished {
		left = max(m.deadline.Sub(m.endedAt), 0)
	}
	if m.phase == finished && m.ended == timeUp {
		return t.Warning.Render("⏱ time's up")
	}
	style := t.Highlight
	if left < m.dur/10 || left < time.Minute {
		style = t.Warning
	}
	if m.ctx.NoAnimation {
		mins := int((left + time.Minute - 1) / time.Minute)
		if !full {
			return style.Render(fmt.Sprintf("~%d min left", mins))
		}
		return style.Render(fmt.Sprintf("ends %s (about %d min left)", m.deadline.Format("15:04"), mins))
	}
	if !full {
		return style.Render("⏱ " + clock(left))
	}
	bar := progress.New(progress.WithoutPercentage(), progress.WithWidth(12),
		progress.WithColors(t.Accent), progress.WithFillCharacters('━', '─'))
	frac := 0.0
	if m.dur > 0 {
		frac = float64(left) / float64(m.dur)
	}
	return style.Render("⏱ "+clock(left)+" left") + " " + bar.ViewAs(frac)
}

// clock is "m:ss", rounded up so 0:00 means time is up.
func clock(d time.Duration) string {
	s := int((max(d, 0) + time.Second - 1) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (m *Model) body(w int) string {
	t := m.ctx.Theme
	it := m.item()
	var b strings.Builder
	b.WriteString(t.Highlight.Width(w).Render("“"+it.Card.Question+"”") + "\n")
	b.WriteString(t.Subtle.Render(it.Topic+" · draws on "+it.Lesson.Title) + "\n\n")
	if m.phase == asking {
		b.WriteString(t.Subtle.Render("Your answer (optional: speaking it aloud works too)") + "\n")
		b.WriteString(m.answer.View())
		return b.String()
	}
	if typed := strings.TrimSpace(m.answer.Value()); typed != "" {
		b.WriteString(t.Title.Render("Your answer") + "\n")
		b.WriteString(t.Subtle.Width(w).Render(typed) + "\n\n")
	}
	b.WriteString(t.Title.Render("Model answer") + "\n")
	b.WriteString(m.rendered.View(t, m.renderKey()))
	return b.String()
}

func (m *Model) footer(w int) string {
	t := m.ctx.Theme
	var line string
	switch {
	case m.phase == revealed:
		line = drill.MarkPrompt(t)
		if !m.vp.AtBottom() {
			line += t.Subtle.Render("  (↓ more)")
		}
	case m.answer.Focused():
		line = t.Subtle.Render("Press tab for the model answer, esc to stop typing.")
	default:
		line = t.Subtle.Render("Press space for the model answer, i to type an answer.")
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(line)
}
