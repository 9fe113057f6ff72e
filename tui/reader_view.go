package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
)

// The reader's view: the header, the lesson in its viewport, the demo
// banner, the notice and the status bar, top to bottom.

func (r *reader) View() string {
	t := r.app.ctx.Theme
	body := r.vp.View()
	if r.shown == nil {
		body = lipgloss.NewStyle().Height(r.vp.Height()).Render("\n  " + r.working("Rendering lesson"))
	}
	body = lipgloss.PlaceHorizontal(r.width, lipgloss.Center, body)

	parts := []string{r.header(), body}
	if name, e, ok := r.demo(); ok {
		parts = append(parts, t.Highlight.Render(fmt.Sprintf("▶ Demo: %s — press D to launch", name))+
			t.Subtle.Render("  "+e.Summary))
	} else if name != "" {
		parts = append(parts, t.Subtle.Render(fmt.Sprintf("(demo %s: coming soon)", name)))
	}
	if n := r.noticeView(); n != "" {
		parts = append(parts, n)
	}
	parts = append(parts, r.statusBar())
	return lipgloss.JoinVertical(lipgloss.Left, parts...)
}

// meta is the header's right side, most useful first: position in the
// course, minutes, quiz score.
func (r *reader) meta() []string {
	var parts []string
	for i, l := range r.app.order {
		if l == r.lesson {
			parts = append(parts, fmt.Sprintf("lesson %d/%d", i+1, len(r.app.order)))
		}
	}
	if r.lesson.Minutes > 0 {
		parts = append(parts, fmt.Sprintf("%d min", r.lesson.Minutes))
	}
	if n := len(r.nav.quizzes); n > 0 {
		right, answered := r.nav.score()
		quiz := fmt.Sprintf("quiz %d/%d right", right, n)
		if answered < n {
			quiz += fmt.Sprintf(", %d to answer", n-answered)
		}
		parts = append(parts, quiz)
	}
	return parts
}

// statusBar shows reading progress and what the reader is doing.
func (r *reader) statusBar() string {
	t := r.app.ctx.Theme
	pct := 0.0
	if r.shown != nil {
		pct = r.vp.ScrollPercent()
		if r.vp.TotalLineCount() <= r.vp.Height() {
			pct = 1
		}
	}
	parts := []string{r.bar.ViewAs(pct), fmt.Sprintf("%3.0f%%", pct*100)}
	if r.app.status(r.lesson) == Done {
		parts = append(parts, t.OK.Render("✓ read"))
	}
	if r.rendering && r.shown != nil {
		parts = append(parts, r.working("re-rendering"))
	}
	if r.status != "" {
		st := t.Warning
		if r.statusErr {
			st = t.Error
		}
		parts = append(parts, st.Render(r.status))
	}
	return lipgloss.NewStyle().MaxWidth(r.width).Render(strings.Join(parts, "  "))
}

// working is a spinner (or a static mark with --no-animation) and a label.
func (r *reader) working(label string) string {
	if r.app.ctx.NoAnimation {
		return r.app.ctx.Theme.Subtle.Render("… " + label)
	}
	return r.spin.View() + " " + r.app.ctx.Theme.Subtle.Render(label+"…")
}

// header is the line above the lesson: the track and title, and on the
// right what fits of the lesson's place, length and quiz score.
func (r *reader) header() string {
	t := r.app.ctx.Theme
	title := t.Title.Render(r.lesson.Title)
	if track := r.app.trackOf[r.lesson.ID]; track != nil {
		title = t.Subtle.Render(track.Title+" › ") + title
	}
	// The right side drops its least useful parts when the window is narrow.
	info := r.meta()
	meta := t.Subtle.Render(strings.Join(info, " · "))
	for len(info) > 0 && lipgloss.Width(title)+lipgloss.Width(meta)+1 > r.width {
		info = info[:len(info)-1]
		meta = t.Subtle.Render(strings.Join(info, " · "))
	}
	gap := max(r.width-lipgloss.Width(title)-lipgloss.Width(meta), 1)
	return lipgloss.NewStyle().MaxWidth(r.width).Render(title + strings.Repeat(" ", gap) + meta)
}

// bodyTop is the screen row where the viewport starts: below the header.
func (r *reader) bodyTop() int { return lipgloss.Height(r.header()) }

// chromeHeight is the lines around the viewport: title, status bar, and the
// demo banner when the lesson names a demo.
func (r *reader) chromeHeight() int {
	h := 2
	if len(r.lesson.Demos) > 0 {
		h++
	}
	if n := r.noticeView(); n != "" {
		h += lipgloss.Height(n)
	}
	return h
}

// noticeView is the progress store's one-time notice, wrapped, or "".
func (r *reader) noticeView() string {
	if r.app.notice == "" {
		return ""
	}
	return r.app.ctx.Theme.Warning.Width(max(r.width, 20)).Render(r.app.notice)
}
