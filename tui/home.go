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
		out = append(out, homeEntry{
			title: t.Title, detail: t.Description, track: i,
			open: func() tea.Cmd { return common.Push(newLessonList(a, t)) },
		})
	}
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
	switch {
	case key.Matches(k, listKeys.Up):
		h.cursor = max(h.cursor-1, 0)
	case key.Matches(k, listKeys.Down):
		h.cursor = min(h.cursor+1, len(entries)-1)
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
	var b strings.Builder
	b.WriteString(t.Title.Render("coldstart") + t.Subtle.Render(" — serverless and container orchestration, hands on") + "\n\n")

	entries := h.entries()
	h.cursor = min(h.cursor, max(len(entries)-1, 0))
	for i, e := range entries {
		if e.section != "" {
			b.WriteString(t.Subtle.Render("  "+e.section) + "\n\n")
		}
		cursor := "  "
		title := e.title
		if i == h.cursor {
			cursor = t.Selected.Render("› ")
			title = t.Selected.Render(title)
		}
		line := cursor + title
		if e.track >= 0 {
			tr := h.app.tracks[e.track]
			done, total := h.app.trackProgress(tr)
			bar := h.bars[e.track].ViewAs(h.app.trackShare(tr))
			if !h.app.ctx.NoAnimation {
				bar = h.bars[e.track].View()
			}
			pad := max(28-lipgloss.Width(e.title), 1)
			line += strings.Repeat(" ", pad) + bar + t.Subtle.Render(fmt.Sprintf(" %d/%d lessons", done, total))
		} else {
			line = cursor + "▶ " + title + t.Subtle.Render("  ("+e.detail+")")
		}
		b.WriteString(lipgloss.NewStyle().MaxWidth(w).Render(line) + "\n")
		if e.track >= 0 && e.detail != "" {
			b.WriteString(t.Subtle.Width(w-6).MarginLeft(6).Render(e.detail) + "\n")
		}
		b.WriteString("\n")
		if e.track < 0 && i == 0 && len(entries) > 1 {
			b.WriteString(t.Subtle.Render("  Tracks") + "\n\n")
		}
	}
	if len(h.app.tracks) == 0 {
		b.WriteString(t.Warning.Render("No lessons found.") + "\n")
	}
	if h.app.notice != "" {
		b.WriteString("\n" + t.Warning.Render(h.app.notice) + "\n")
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(b.String())
}
