package tui

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// lessonList is a track's lessons with their status, length and quiz score;
// "/" filters by title.
type lessonList struct {
	app   *app
	track *lessons.Track
	list  list.Model
}

// lessonItem is one row of the list.
type lessonItem struct{ l *lessons.Lesson }

func (i lessonItem) FilterValue() string { return i.l.Title }

func newLessonList(a *app, t *lessons.Track) *lessonList {
	items := make([]list.Item, len(t.Lessons))
	for i, l := range t.Lessons {
		items[i] = lessonItem{l}
	}
	l := list.New(items, lessonDelegate{a}, 0, 0)
	l.Title = t.Title
	l.SetShowHelp(false)
	l.SetShowStatusBar(false)
	l.DisableQuitKeybindings()
	l.SetStatusBarItemName("lesson", "lessons")
	l.FilterInput.Prompt = "Filter: "
	// Pre-select the lesson read last, so coming back lands on it.
	if id := a.progress.Last(); id != "" {
		for i, x := range t.Lessons {
			if x.ID == id {
				l.Select(i)
			}
		}
	}
	m := &lessonList{app: a, track: t, list: l}
	m.style()
	return m
}

// style takes the list's styles from the theme (again after it changed).
func (m *lessonList) style() {
	th := m.app.ctx.Theme
	m.list.Styles.Title = th.Title
	m.list.Styles.TitleBar = lipgloss.NewStyle().Padding(0, 0, 1, 2)
	m.list.Styles.NoItems = th.Subtle.Padding(0, 2)
}

func (m *lessonList) Init() tea.Cmd { return nil }

// SetSize leaves two lines under the list for the legend.
func (m *lessonList) SetSize(w, h int) { m.list.SetSize(min(w, maxReadingWidth), max(h-2, 1)) }

// CapturingInput is true while the filter prompt is open: q and ? are typed.
func (m *lessonList) CapturingInput() bool { return m.list.SettingFilter() }

func (m *lessonList) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if _, ok := msg.(common.ThemeChangedMsg); ok {
		m.style()
		return m, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && m.list.FilterState() == list.Unfiltered {
		switch {
		case key.Matches(k, listKeys.Back):
			return m, common.Back
		case key.Matches(k, listKeys.Open):
			if it, ok := m.list.SelectedItem().(lessonItem); ok {
				return m, m.app.openLesson(it.l)
			}
			return m, nil
		}
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && m.list.FilterState() == list.FilterApplied && k.String() == "enter" {
		if it, ok := m.list.SelectedItem().(lessonItem); ok {
			return m, m.app.openLesson(it.l)
		}
	}
	if w, ok := msg.(tea.MouseWheelMsg); ok {
		switch w.Button {
		case tea.MouseWheelUp:
			m.list.CursorUp()
		case tea.MouseWheelDown:
			m.list.CursorDown()
		}
		return m, nil
	}
	if _, ok := msg.(list.FilterMatchesMsg); ok {
		// The list filters in a Cmd, and results for an older filter text
		// can arrive last. A track's few lessons filter in microseconds, so
		// filter again, in order, for the text in the prompt now.
		state := m.list.FilterState()
		m.list.SetFilterText(m.list.FilterValue())
		m.list.SetFilterState(state)
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

func (m *lessonList) Keys() []key.Binding {
	if m.list.SettingFilter() {
		return []key.Binding{listKeys.ApplyFilter, listKeys.CancelFilter}
	}
	back := listKeys.Back
	if m.list.FilterState() == list.FilterApplied {
		back = listKeys.ClearFilter
	}
	return []key.Binding{listKeys.Down, listKeys.Up, listKeys.Open, listKeys.Filter, back}
}

func (m *lessonList) View() string {
	t := m.app.ctx.Theme
	legend := t.OK.Render(theme.MarkDone) + t.Subtle.Render(" done   ") +
		t.Warning.Render(theme.MarkInProgress) + t.Subtle.Render(" in progress   ") +
		t.Subtle.Render(theme.MarkTodo+" not started   quiz: right/total")
	return m.list.View() + "\n\n  " + legend
}

// lessonDelegate draws a lesson row: status mark (not colour alone), title,
// minutes and quiz score.
type lessonDelegate struct{ app *app }

func (d lessonDelegate) Height() int                         { return 1 }
func (d lessonDelegate) Spacing() int                        { return 0 }
func (d lessonDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d lessonDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	it, ok := item.(lessonItem)
	if !ok {
		return
	}
	t := d.app.ctx.Theme
	l := it.l
	mark, markStyle := theme.MarkTodo, t.Subtle
	switch d.app.status(l) {
	case Done:
		mark, markStyle = theme.MarkDone, t.OK
	case InProgress:
		mark, markStyle = theme.MarkInProgress, t.Warning
	}
	cursor, title := "  ", fmt.Sprintf("%d. %s", l.Order, l.Title)
	if index == m.Index() {
		cursor, title = t.Selected.Render("› "), t.Selected.Render(title)
	}
	var meta []string
	if l.Minutes > 0 {
		meta = append(meta, fmt.Sprintf("%d min", l.Minutes))
	}
	if n := len(l.Quizzes); n > 0 {
		right, answered := d.app.quizScore(l)
		if answered == 0 {
			meta = append(meta, fmt.Sprintf("quiz –/%d", n))
		} else {
			meta = append(meta, fmt.Sprintf("quiz %d/%d", right, n))
		}
	}
	if len(l.Demos) > 0 {
		meta = append(meta, "▶ demo")
	}
	left := cursor + markStyle.Render(mark) + " " + title
	right := t.Subtle.Render(strings.Join(meta, " · "))
	width := m.Width()
	gap := max(width-lipgloss.Width(left)-lipgloss.Width(right)-2, 1)
	fmt.Fprint(w, lipgloss.NewStyle().MaxWidth(width).Render(left+strings.Repeat(" ", gap)+right))
}

// HandlesEsc: esc clears the filter before it goes back.
func (*lessonList) HandlesEsc() bool { return true }
