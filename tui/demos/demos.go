// Package demos is the registry of live demo views. Each demo view package
// (tui/demos/<name>view) registers itself from an init func, for a demo of
// the one list (sandbox/scenario); the app opens a demo by the name a
// lesson gives in its front matter. A name that is not registered yet is
// shown as "coming soon".
package demos

import (
	"sort"
	"sync"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/explain"
)

// Entry describes one demo the TUI can open.
type Entry struct {
	Name    string // as in lesson front matter: "cold-start", "self-healing", ...
	Summary string // one line for lists and the lesson footer, from sandbox/scenario
	// Open builds the demo screen with its default knobs, inside the
	// timeline and the command log (tui/demos/explain). The screen starts
	// its runtime in a tea.Cmd from Init and releases it in Close.
	Open func(ctx common.Context) common.Screen
}

var (
	mu      sync.RWMutex
	entries = map[string]Entry{}
)

// Register adds the view of the demo called name, with the summary of the
// one list. It panics on a duplicate or on a name the list does not have
// (programming errors).
func Register(name string, open func(ctx common.Context) common.Screen) {
	d, ok := scenario.Lookup(name)
	if !ok {
		panic("demos: " + name + " is not in sandbox/scenario's list of demos")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := entries[name]; dup {
		panic("demos: duplicate registration of " + name)
	}
	live := func(ctx common.Context) common.Screen { return explain.Wrap(ctx, open(ctx)).Live(nil) }
	entries[name] = Entry{Name: d.Name, Summary: d.Summary, Open: live}
}

// Lookup finds a registered demo.
func Lookup(name string) (Entry, bool) {
	mu.RLock()
	defer mu.RUnlock()
	e, ok := entries[name]
	return e, ok
}

// All lists the registered demos by name.
func All() []Entry {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Entry, 0, len(entries))
	for _, e := range entries {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
