package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// demoCommand is `coldstart demo NAME` for one demo of sandbox/scenario's
// list.
type demoCommand struct {
	name string
	// defaults are the Options a run without flags uses (its flags'
	// defaults come from them); rehearse prints them.
	defaults any
	command  func(g *globals) *cobra.Command
}

// demoCommands lists every `coldstart demo NAME`; each demo's file adds
// itself in an init function.
var demoCommands []demoCommand

func registerDemo(name string, defaults any, f func(g *globals) *cobra.Command) {
	demoCommands = append(demoCommands, demoCommand{name: name, defaults: defaults, command: f})
}

// newDemoCommand is the cobra command of the demo called name, its Short
// the list's summary.
func newDemoCommand(name, long string) *cobra.Command {
	d, ok := scenario.Lookup(name)
	if !ok {
		panic("coldstart demo " + name + ": not in sandbox/scenario's list")
	}
	return &cobra.Command{Use: d.Name, Short: d.Summary, Long: long, Args: cobra.NoArgs}
}

func init() {
	register(func(g *globals) *cobra.Command {
		cmd := &cobra.Command{
			Use:   "demo [NAME]",
			Short: "Run a live demo full screen, or headless with --headless",
			Long: "Run one live demo straight away. With no name, list the demos.\n" +
				"Every demo runs real workloads: containers on your Docker Engine, or child processes when Docker is not reachable (--backend).",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				for _, c := range cmd.Commands() {
					if c.IsAvailableCommand() {
						fmt.Fprintf(w, "%s\t%s\n", c.Name(), c.Short)
					}
				}
				return w.Flush()
			},
		}
		cmd.PersistentFlags().BoolVar(&demoPresent, "present", false,
			"presenter mode for a projector: large layout, key numbers big, one-sentence narration; space pauses the timers, . steps them (P toggles it in the TUI)")
		cmd.PersistentFlags().StringVar(&demoRecord, "record", "",
			"record the run to `FILE` (gzipped if it ends in .gz) for coldstart replay; full screen without it the run is kept anyway (the last 10: coldstart replay --list)")
		for _, d := range demoCommands {
			cmd.AddCommand(d.command(g))
		}
		return cmd
	})
}

// demoPresent is `coldstart demo NAME --present`, read by every demo.
var demoPresent bool

// demoContext is the Context of a full-screen demo, made once: the view,
// the presenter frame and the host share its theme, which the host rebuilds
// in place when the terminal reports a light background.
func demoContext(g *globals) common.Context { return screenContext(g) }

// runDemoScreen runs a demo view (built with ctx) full screen, in presenter
// mode with --present; script, when not empty, is run one step per enter.
// Tests replace it to look at the screen instead.
var runDemoScreen = func(s common.Screen, ctx common.Context, script []string) error {
	ctx.Present = demoPresent // the frame's, which P toggles
	return tui.RunScreen(tui.Present(s, ctx, script), ctx)
}

// joinSteps is the default --script: steps, comma-separated.
func joinSteps[S ~string](steps []S) string {
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = string(s)
	}
	return strings.Join(names, ",")
}

// tuiScript is --script for a demo's full screen: its steps, run one per
// enter, only when the flag was given (the default is the headless run's).
func tuiScript[S ~string](cmd *cobra.Command, steps []S) []string {
	if !cmd.Flags().Changed("script") {
		return nil
	}
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = string(s)
	}
	return out
}
