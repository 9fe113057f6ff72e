package drill

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Summary is the end of a session: the score and the weakest topics with the
// lesson to revisit, width columns wide.
func Summary(t *theme.Theme, outcomes []lessondrill.Outcome, width int) string {
	var b strings.Builder
	right, partly, wrong := lessondrill.Score(outcomes)
	n := len(outcomes)
	if n == 0 {
		b.WriteString(t.Subtle.Render("No questions answered.") + "\n")
		return b.String()
	}
	// A partly answer scores half, as in the weakest topics.
	score := float64(right) + float64(partly)/2
	b.WriteString(t.Highlight.Render(fmt.Sprintf("Score %s / %d", trimFloat(score), n)) +
		t.Subtle.Render(fmt.Sprintf("  (%d%%)", int(100*score/float64(n)+0.5))) + "\n")
	b.WriteString(t.OK.Render(fmt.Sprintf("%s %d got it", theme.MarkDone, right)) + "   " +
		t.Warning.Render(fmt.Sprintf("%s %d partly", MarkPartly, partly)) + "   " +
		t.Error.Render(fmt.Sprintf("%s %d missed", theme.MarkFailed, wrong)) + "\n\n")

	weak := lessondrill.Weakest(outcomes, 5)
	if len(weak) == 0 {
		b.WriteString(t.OK.Render(theme.MarkDone+" No weak spots this time.") + "\n")
		return b.String()
	}
	b.WriteString(t.Title.Render("Weakest topics") + "\n")
	topicW := 4
	for _, w := range weak {
		topicW = max(topicW, lipgloss.Width(w.Topic))
	}
	topicW = min(topicW, max(width/3, 10))
	for _, w := range weak {
		mark := t.Warning.Render(MarkPartly)
		if w.Wrong > 0 {
			mark = t.Error.Render(theme.MarkFailed)
		}
		missed := fmt.Sprintf("%d of %d missed", w.Wrong, w.Total())
		if w.Partly > 0 {
			missed = fmt.Sprintf("%d of %d missed, %d partly", w.Wrong, w.Total(), w.Partly)
		}
		topic := lipgloss.NewStyle().Width(topicW).MaxWidth(topicW).Render(w.Topic)
		revisit := t.Subtle.Render("→ revisit ") + t.Highlight.Render(w.Lesson.Title)
		if w.Topic == w.Lesson.Title { // a lesson's quizzes: the topic is the lesson
			revisit = t.Subtle.Render("→ reread this lesson")
		}
		line := fmt.Sprintf("%s %s  %s  %s", mark, topic, t.Subtle.Render(missed), revisit)
		b.WriteString(lipgloss.NewStyle().MaxWidth(width).Render(line) + "\n")
	}
	return b.String()
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }
