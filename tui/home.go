package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/tui/common"
)

// home is the first screen: continue where you left off, and the tracks with
// their progress.
type home struct {
	app           *app
	cursor        int
	width, height int
	bars          []progress.Model // one per track; animated unless NoAnimation
}

// homeEntry is one selectable row of home.
type homeEntry struct {
	title  string
	detail string // shown after the title, muted
	track  int    // index into app.tracks, -1 for other entries
	open   func() tea.Cmd
	// section, when set, is a heading shown above the entry.
	section string
	mark    string // a status mark shown instead of ▶ (exercises)
}

func newHome(a *app) *home {
	h := &home{app: a}
	h.newBars()
	return h
}

func (h *home) newBars() {
	h.bars = h.bars[:0]
	for range h.app.tracks {
		h.bars = append(h.bars, progress.New(progress.WithoutPercentage(), progress.WithWidth(20),
			progress.WithColors(h.app.ctx.Theme.Accent), progress.WithFillCharacters('━', '─')))
	}
}

// fill moves each track's bar to its share of lessons done: a short spring
// animation, or nothing to do with --no-animation (the view draws the share).
func (h *home) fill() tea.Cmd {
	if h.app.ctx.NoAnimation {
		return nil
	}
	var cmds []tea.Cmd
	for i, t := range h.app.tracks {
		cmds = append(cmds, h.bars[i].SetPercent(h.app.trackShare(t)))
	}
	return tea.Batch(cmds...)
}

// entries are built on every view so progress is always current (cheap: a
// few map lookups per lesson).
func (h *home) entries() []homeEntry {
	a := h.app
	var out []homeEntry
	if id := a.progress.Last(); a.byID[id] != nil {
		l := a.byID[id]
		out = append(out, homeEntry{
			title: "Continue: " + l.Title, detail: a.trackOf[id].Title, track: -1,
			open: func() tea.Cmd {
				scroll := a.progress.Lesson(l.ID).Scroll
				return tea.Sequence(common.Push(newLessonList(a, a.trackOf[l.ID])), common.Push(newReader(a, l, scroll)))
			},
		})
	}
	for i, t := range a.tracks {
		e := homeEntry{
			title: t.Title, detail: t.Description, track: i,
			open: func() tea.Cmd { return common.Push(newLessonList(a, t)) },
		}
		if i == 0 {
			e.section = "Tracks"
		}
		out = append(out, e)
	}
	out = append(out, a.exerciseEntries()...)
	// More practice modes (Drill, Mock interview) add their entries here.
	out = append(out, a.practiceEntries()...)
	return out
}

func (h *home) Init() tea.Cmd { return h.fill() }

func (h *home) SetSize(w, ht int) { h.width, h.height = w, ht }

func (h *home) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progress.FrameMsg:
		var cmds []tea.Cmd
		for i := range h.bars {
			var cmd tea.Cmd
			h.bars[i], cmd = h.bars[i].Update(msg)
			cmds = append(cmds, cmd)
		}
		return h, tea.Batch(cmds...)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			h.cursor = max(h.cursor-1, 0)
		case tea.MouseWheelDown:
			h.cursor = max(min(h.cursor+1, len(h.entries())-1), 0)
		}
		return h, nil
	case resumedMsg: // back from a track: show what was done meanwhile
		return h, h.fill()
	case common.ThemeChangedMsg:
		h.newBars()
		return h, h.fill()
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	h.app.notice = ""
	entries := h.entries()
	h.cursor = min(h.cursor, max(len(entries)-1, 0))
	switch {
	case key.Matches(k, listKeys.Up):
		h.cursor = max(h.cursor-1, 0)
	case key.Matches(k, listKeys.Down):
		h.cursor = max(min(h.cursor+1, len(entries)-1), 0)
	case key.Matches(k, listKeys.Open):
		if h.cursor < len(entries) {
			return h, entries[h.cursor].open()
		}
	}
	return h, nil
}

func (h *home) Keys() []key.Binding {
	return []key.Binding{listKeys.Down, listKeys.Up, listKeys.Open}
}

func (h *home) View() string {
	t := h.app.ctx.Theme
	w := min(h.width-4, maxReadingWidth) // inside the padding
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	add(t.Title.Render("coldstart") + t.Subtle.Render(" — serverless and container orchestration, hands on"))
	add("")
	if h.app.notice != "" {
		add(t.Warning.Width(w).Render(h.app.notice))
		add("")
	}
	if len(h.app.tracks) == 0 {
		add(t.Warning.Render("No lessons found."))
	}

	cursorLine := 0
	for i, e := range h.entries() {
		if e.section != "" {
			add(t.Subtle.Render("  " + e.section))
			add("")
		}
		cursor, title := "  ", e.title
		if i == h.cursor {
			cursor, title = t.Selected.Render("› "), t.Selected.Render(title)
			cursorLine = len(lines)
		}
		var line string
		if e.track >= 0 {
			tr := h.app.tracks[e.track]
			done, total := h.app.trackProgress(tr)
			bar := h.bars[e.track].ViewAs(h.app.trackShare(tr))
			if !h.app.ctx.NoAnimation {
				bar = h.bars[e.track].View()
			}
			pad := max(28-lipgloss.Width(e.title), 1)
			line = cursor + title + strings.Repeat(" ", pad) + bar + t.Subtle.Render(fmt.Sprintf(" %d/%d lessons", done, total))
		} else if e.mark != "" {
			line = cursor + e.mark + " " + title + t.Subtle.Render("  "+e.detail)
		} else {
			line = cursor + "▶ " + title + t.Subtle.Render("  ("+e.detail+")")
		}
		add(lipgloss.NewStyle().MaxWidth(w).Render(line))
		if e.track >= 0 && e.detail != "" {
			add(t.Subtle.Width(w - 6).MarginLeft(6).Render(e.detail))
		}
		add("")
	}
	// More entries than fit: keep the selected one in view.
	if room := h.height - 2; len(lines) > room && room > 0 {
		start := min(max(cursorLine-room/2, 0), len(lines)-room)
		lines = lines[start : start+room]
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(strings.Join(lines, "\n"))
}

// HandlesEsc keeps esc on home from quitting: q quits.
func (*home) HandlesEsc() bool { return true }
