package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// runTUI opens the interactive reader. (Placeholder until the TUI lands.)
func runTUI(cmd *cobra.Command, g *globals) error {
	return errors.New("the TUI is not built yet")
}
