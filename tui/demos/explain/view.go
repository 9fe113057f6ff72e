package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/tui/theme"
)

// since is at as the panels show it: seconds since the origin.
func (s *Screen) since(at time.Time) string {
	if s.origin.IsZero() || at.IsZero() {
		return "      "
	}
	return fmt.Sprintf("%6.1fs", at.Sub(s.origin).Seconds())
}

// timelineView is the timeline's title, subtitle and the lines that fit
// in rows, the cursor's line among them.
func (s *Screen) timelineView(w, rows int) (string, string, []string) {
	t := &s.timeline
	vis := t.visible()
	sub := fmt.Sprintf("%d events", len(t.entries))
	switch {
	case t.chain != nil:
		sub = fmt.Sprintf("%d of %d events · esc: all", len(vis), len(t.entries))
	case t.filter != "":
		sub = fmt.Sprintf("%d of %d events · esc clears", len(vis), len(t.entries))
	}
	sub += " · ↑↓ pgup/pgdn · / filter"
	if t.deployment != "" { // a cluster: pods have owners
		sub += " · enter on a pod: its owners"
	}
	sub += " · t closes"

	var head []string
	switch { // the owner chain, once selected, over the filter that found the pod
	case t.chain != nil && !s.typing:
		head = append(head, ansi.Truncate(s.th.Highlight.Render(strings.Join(t.chain, " → ")), w, "…"))
	case s.typing || t.filter != "":
		head = append(head, ansi.Truncate(s.input.View(), w, "…"))
	}
	rows -= len(head)
	if len(vis) == 0 {
		return "Timeline", sub, append(head, s.th.Subtle.Render("no events yet"))
	}
	cur := t.at(len(vis))
	first := max(0, min(cur-rows/2, len(vis)-rows))
	if t.follow {
		first = max(0, len(vis)-rows)
	}
	lines := head
	for i := first; i < len(vis) && i < first+rows; i++ {
		lines = append(lines, s.entryLine(vis[i], w, i == cur))
	}
	return "Timeline", sub, lines
}

// entryLine is one event: time, object, reason, message; a warning has a
// mark, the cursor's line a pointer.
func (s *Screen) entryLine(e entry, w int, cursor bool) string {
	mark := " "
	if e.Warning {
		mark = "!"
	}
	pointer := " "
	if cursor {
		pointer = theme.MarkRunning
	}
	objW, reasonW := min(max(w/4, 14), 26), min(max(w/5, 10), 17) // a side panel is narrower
	line := fmt.Sprintf("%s%s %s %-*s %-*s %s", pointer, mark, s.since(e.At), objW, clipMiddle(e.Object, objW), reasonW, clip(e.Reason, reasonW), e.Message)
	line = ansi.Truncate(line, w, "…")
	switch {
	case cursor:
		return s.th.Selected.Render(line)
	case e.Warning:
		return s.th.Warning.Render(line)
	}
	return line
}

func clip(s string, n int) string { return ansi.Truncate(s, n, "…") }

// clipMiddle shortens an object's name in its middle, so the end that
// tells pods apart stays: "pod/web-5…c9b4x-k4w8n".
func clipMiddle(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 3 {
		return clip(s, n)
	}
	head := (n - 1) / 3
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}

// commandsView is the command log's title, subtitle and newest lines; a
// long command wraps under itself.
func (s *Screen) commandsView(w, rows int) (string, string, []string) {
	sub := fmt.Sprintf("%d commands · what you would type against the real system · : closes", len(s.commands))
	if len(s.commands) == 0 {
		return "Real commands", sub, []string{s.th.Subtle.Render("no actions yet: every action you take shows its kubectl, docker or aws command here")}
	}
	const indent = 10
	var lines []string
	for i := len(s.commands) - 1; i >= 0 && len(lines) < rows; i-- {
		c := s.commands[i]
		wrapped := strings.Split(ansi.Wrap(c.Text, max(10, w-indent), ""), "\n")
		block := make([]string, len(wrapped))
		for j, l := range wrapped {
			prefix := strings.Repeat(" ", indent)
			if j == 0 {
				prefix = fmt.Sprintf(" %s  ", s.since(c.At))
			}
			style := s.th.Highlight
			if strings.HasPrefix(c.Text, "#") {
				style = s.th.Subtle
			}
			block[j] = prefix + style.Render(l)
		}
		lines = append(block, lines...)
	}
	if len(lines) > rows {
		lines = lines[len(lines)-rows:]
	}
	return "Real commands", sub, lines
}
