package exercise

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The screen, top to bottom: the header (title, status, where the files
// are), the checks panel (pending, the run under way, or the verdict), the
// task with the hints shown so far (or the reference solution) in a
// viewport, and the status line.

// maxWidth caps the panel and the task: long lines are hard to read.
const maxWidth = 100

// taskKey identifies one rendering of the task.
type taskKey struct {
	width int
	style string
}

func (m *Model) taskKey() taskKey {
	return taskKey{width: min(m.width, maxWidth), style: m.ctx.Theme.MarkdownStyle()}
}

// render shows the task at the current width when it is cached, or renders
// it with glamour in a command (tens of milliseconds; a renderer is not
// safe across goroutines, so each render makes its own).
func (m *Model) render() tea.Cmd {
	if m.width == 0 {
		return nil
	}
	k := m.taskKey()
	if _, ok := m.task[k]; ok {
		m.compose()
		return nil
	}
	if m.rendering {
		return nil
	}
	m.rendering = true
	task := m.ex.Task
	return func() tea.Msg {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(k.style), glamour.WithWordWrap(k.width))
		if err != nil {
			return renderedMsg{k, task}
		}
		defer r.Close()
		out, err := r.Render(task)
		if err != nil {
			return renderedMsg{k, task}
		}
		return renderedMsg{k, strings.Trim(out, "\n")}
	}
}

// compose fills the viewport: the task and the hints shown, or the
// solution.
func (m *Model) compose() {
	t := m.ctx.Theme
	if m.showSol {
		var b strings.Builder
		b.WriteString(t.Subtle.Render("  Copy what you need into your own files: the checks run on those.") + "\n")
		for _, f := range m.solution {
			b.WriteString("\n  " + t.Title.Render("Reference solution: "+f.Name) + "\n\n")
			lines := strings.Split(strings.TrimRight(f.Text, "\n"), "\n")
			for i, line := range lines {
				b.WriteString(t.Subtle.Render(fmt.Sprintf("  %3d │ ", i+1)) + line + "\n")
			}
		}
		m.vp.SetContent(strings.TrimRight(b.String(), "\n"))
		return
	}
	task, ok := m.task[m.taskKey()]
	if !ok {
		return
	}
	if m.hints > 0 {
		w := min(m.width, maxWidth) - 4
		var b strings.Builder
		b.WriteString("\n\n  " + t.Title.Render("Hints") + "\n")
		for i, h := range m.ex.Hints[:m.hints] {
			label := fmt.Sprintf("%d/%d", i+1, len(m.ex.Hints))
			b.WriteString("\n" + hanging("  "+t.Highlight.Render(label)+" ", h, w, len(label)+3) + "\n")
		}
		if left := len(m.ex.Hints) - m.hints; left > 0 {
			b.WriteString("\n  " + t.Subtle.Render(fmt.Sprintf("h shows the next hint (%d left)", left)))
		} else {
			b.WriteString("\n  " + t.Subtle.Render("That was the last hint; s shows the reference solution."))
		}
		task += b.String()
	}
	m.vp.SetContent(task)
}

// layout gives the viewport what the header, the panel and the status line
// leave.
func (m *Model) layout() {
	m.vp.SetWidth(max(m.width, 1))
	m.vp.SetHeight(max(m.height-lipgloss.Height(m.top())-lipgloss.Height(m.statusLine()), 1))
}

func (m *Model) View() string {
	body := m.vp.View()
	if _, ok := m.task[m.taskKey()]; !ok && !m.showSol {
		body = lipgloss.NewStyle().Height(m.vp.Height()).Render("\n  " + m.working("Rendering the task"))
	}
	return lipgloss.JoinVertical(lipgloss.Left, m.top(), body, m.statusLine())
}

// top is the header and the checks panel.
func (m *Model) top() string {
	return m.header() + "\n" + m.panel()
}

func (m *Model) header() string {
	t := m.ctx.Theme
	mark, word := StatusMark(m.store.Exercise(m.ex.ID).Status)
	title := t.Subtle.Render("Exercise › ") + t.Title.Render(m.ex.Title)
	info := []string{string(m.ex.Engine)}
	if m.ex.Minutes > 0 {
		info = append(info, fmt.Sprintf("%d min", m.ex.Minutes))
	}
	info = append(info, mark+" "+word)
	meta := t.Subtle.Render(strings.Join(info, " · "))
	gap := max(m.width-lipgloss.Width(title)-lipgloss.Width(meta), 1)
	line := title + strings.Repeat(" ", gap) + meta

	var where []string
	if m.lesson != "" {
		where = append(where, "after the lesson “"+m.lesson+"”")
	}
	if m.wsShown != "" {
		where = append(where, "your files: "+m.wsShown+"/ ("+strings.Join(m.ex.Files, ", ")+")")
	}
	if len(where) == 2 && lipgloss.Width(strings.Join(where, " · ")) > m.width {
		where = where[1:] // the path matters more than the lesson, shown on home
	}
	clip := lipgloss.NewStyle().MaxWidth(m.width)
	return clip.Render(line) + "\n" + clip.Render(t.Subtle.Render(strings.Join(where, " · ")))
}

// panel is the checks: pending, the run under way, or the last verdict.
func (m *Model) panel() string {
	t := m.ctx.Theme
	w := min(m.width, maxWidth)
	inner := w - 4 // border and padding
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	r := m.run
	switch {
	case r.running:
		add(m.working(m.stepLine()))
		add(m.stepStrip(inner))
	case r.files != nil:
		add(t.Error.Render(theme.MarkFailed+" Your files cannot be applied yet") + t.Subtle.Render(" · "+r.reason))
		for _, p := range r.files.Problems {
			loc, msg, ok := strings.Cut(p, ": ")
			if ok && strings.Contains(loc, ":") {
				add(hanging("  "+t.Highlight.Render(loc+":")+" ", msg, inner, lipgloss.Width(loc)+4))
			} else {
				add(hanging("  ", p, inner, 2))
			}
		}
		add(t.Subtle.Render("Fix them and save: the checks run again."))
	case r.err != nil:
		add(t.Error.Render(theme.MarkFailed+" The checks could not run") + t.Subtle.Render(" · "+r.reason))
		add(hanging("  ", r.err.Error(), inner, 2))
		add(t.Subtle.Render("This is not about your files: press c to try again, or run `coldstart doctor`."))
	case r.done:
		lines = append(lines, m.verdict(inner)...)
	default:
		add(t.Subtle.Render("Checks, not run yet: save a file, or press c"))
		for _, c := range m.ex.Checks {
			add(t.Subtle.Render(theme.MarkTodo) + " " + c.ID)
		}
	}
	// A long verdict leaves room for the task.
	if room := max(m.height/2-2, 3); len(lines) > room {
		more := len(lines) - room + 1
		lines = append(lines[:room-1], t.Subtle.Render(fmt.Sprintf("… %d more lines: enlarge the window to see them", more)))
	}
	return t.Box.Width(w).Render(strings.Join(lines, "\n"))
}

// verdict is a finished run: a summary, each check, the notes.
func (m *Model) verdict(w int) []string {
	t := m.ctx.Theme
	rep := m.run.report
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	took := " · " + m.run.reason
	if rep.Took > 0 {
		took += fmt.Sprintf(", took %.1f s", rep.Took.Seconds())
	}
	if rep.AllPassed() {
		add(t.OK.Render(fmt.Sprintf("%s Every check passes: solved!", theme.MarkDone)) + t.Subtle.Render(took))
	} else {
		add(fmt.Sprintf("%d of %d checks pass", rep.Passed, len(rep.Results)) + t.Subtle.Render(took+" · fix and save to check again"))
	}
	for _, res := range rep.Results {
		id := ""
		if res.Check != nil {
			id = res.Check.ID
		}
		switch {
		case res.Err != nil:
			add(hanging(t.Error.Render(theme.MarkFailed)+" "+id+": ", "could not be judged: "+res.Err.Error(), w, len(id)+4))
		case res.Passed:
			add(hanging(t.OK.Render(theme.MarkDone)+" "+id+": ", res.Message, w, len(id)+4))
		default:
			add(hanging(t.Error.Render(theme.MarkFailed)+" "+id+": ", t.Warning.Render("not yet: ")+res.Message, w, len(id)+4))
		}
	}
	for _, n := range rep.Notes {
		add(t.Subtle.Render(hanging("note: ", n, w, 6)))
	}
	return lines
}

// stepLine is what the run does now: "step 3/5: deploy — rolling out v2".
func (m *Model) stepLine() string {
	p := m.run.progress
	if p.Step <= 0 {
		if p.Text == "" {
			return "starting the checks (" + m.run.reason + ")"
		}
		return "preparing: " + p.Text
	}
	of := p.Of
	if of == 0 {
		of = len(m.ex.Steps)
	}
	name := ""
	if p.Step <= len(m.ex.Steps) {
		name = m.ex.Steps[p.Step-1].String()
	}
	text := strings.TrimSpace(strings.TrimPrefix(p.Text, m.stepName(p.Step)+":"))
	line := fmt.Sprintf("step %d/%d: %s", p.Step, of, name)
	if text != "" {
		line += " — " + text
	}
	return line
}

func (m *Model) stepName(n int) string {
	if n < 1 || n > len(m.ex.Steps) {
		return ""
	}
	return m.ex.Steps[n-1].Name
}

// stepStrip is the scenario with each step's state: ✓ done, ▸ now, ○ to do.
func (m *Model) stepStrip(w int) string {
	t := m.ctx.Theme
	var parts []string
	for i, s := range m.ex.Steps {
		mark := t.Subtle.Render(theme.MarkTodo)
		switch n := m.run.progress.Step; {
		case i+1 < n:
			mark = t.OK.Render(theme.MarkDone)
		case i+1 == n:
			mark = t.Highlight.Render(theme.MarkRunning)
		}
		parts = append(parts, mark+" "+s.String())
	}
	return lipgloss.NewStyle().Width(w).Render(strings.Join(parts, "   "))
}

// statusLine is the question waiting for y/n, a note, or what the screen
// is doing.
func (m *Model) statusLine() string {
	t := m.ctx.Theme
	var s string
	switch {
	case m.ask == askReset:
		s = t.Warning.Bold(true).Render(fmt.Sprintf("Reset %s to the starting files? Yours are kept in %s.bak-<time>/ first.  y/n",
			strings.Join(m.ex.Files, ", "), m.ex.ID))
	case m.ask == askSolution:
		s = t.Warning.Bold(true).Render("Show the reference solution? From now on a pass counts as solved with help.  y/n")
	case m.note != "":
		st := t.Warning
		if m.bad {
			st = t.Error
		}
		s = st.Render(m.note)
	case m.showSol:
		s = t.Subtle.Render("The reference solution · s or esc: back to the task")
	case m.watcher != nil:
		s = t.Subtle.Render("Watching " + strings.Join(m.ex.Files, ", ") + ": every save runs the checks")
	}
	return lipgloss.NewStyle().Width(max(m.width, 1)).MaxWidth(max(m.width, 1)).Render(s)
}

// working is a spinner (a static mark with --no-animation) and a label.
func (m *Model) working(label string) string {
	if m.ctx.NoAnimation {
		return m.ctx.Theme.Subtle.Render("…") + " " + label
	}
	return m.spin.View() + " " + label
}

// hanging wraps text after prefix, to width w in all, indenting the lines
// after the first by indent spaces.
func hanging(prefix, text string, w, indent int) string {
	col := max(lipgloss.Width(prefix), indent)
	lines := strings.Split(lipgloss.NewStyle().Width(max(w-col, 10)).Render(text), "\n")
	for i, l := range lines {
		lead := prefix
		if i > 0 {
			lead = strings.Repeat(" ", indent)
		}
		lines[i] = lead + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
