package tui

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// Practice is a home entry that opens a practice screen (the drill, the mock
// interview). The commands that own those screens register them, so the app
// does not depend on them and its goldens do not change as modes are added.
type Practice struct {
	Title  string // "Drill"
	Detail string // one line, shown muted after the title
	// Open builds the screen over the app's lessons and progress.
	Open func(ctx common.Context, tracks []*lessons.Track, store *progress.Store) common.Screen
}

var (
	practiceMu    sync.RWMutex
	practiceModes []Practice
)

// RegisterPractice adds a practice mode to home, after the tracks, in
// registration order.
func RegisterPractice(p Practice) {
	practiceMu.Lock()
	defer practiceMu.Unlock()
	practiceModes = append(practiceModes, p)
}

// practiceEntries are the home entries of the registered practice modes.
func (a *app) practiceEntries() []homeEntry {
	practiceMu.RLock()
	defer practiceMu.RUnlock()
	var out []homeEntry
	for i, p := range practiceModes {
		e := homeEntry{title: p.Title, detail: p.Detail, track: -1,
			open: func() tea.Cmd { return common.Push(p.Open(a.ctx, a.tracks, a.progress)) }}
		if i == 0 {
			e.section = "Practice"
		}
		out = append(out, e)
	}
	return out
}
