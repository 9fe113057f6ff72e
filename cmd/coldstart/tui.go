package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// runTUI opens the interactive lesson reader, resuming where the learner
// left off.
func runTUI(cmd *cobra.Command, g *globals) error {
	cat, problems := loadCatalog(g)
	// The progress notice (a corrupt file kept aside) is shown inside the TUI.
	store, notice := openProgress()
	notes := []string{notice}
	if n := len(problems); n > 0 {
		notes = append(notes, fmt.Sprintf("%d lesson problem(s) were skipped; run `coldstart lint` to see them.", n))
	}
	return tui.RunApp(tui.Options{
		Context:  tuiContext(g),
		Tracks:   cat.Tracks(),
		Progress: store,
		Notice:   strings.TrimSpace(strings.Join(notes, " ")),
		// Exercises are listed on home and linked from lessons (exercise_tui.go).
		Exercises: appExercises(g, cat),
	})
}

// tuiContext is the Context every TUI screen gets from the global flags.
func tuiContext(g *globals) common.Context {
	return common.Context{NoAnimation: g.noAnimation, Backend: g.backend}
}
