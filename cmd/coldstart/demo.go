package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
)

// demoCommands lists the constructors of `coldstart demo NAME`; each demo's
// file adds itself in an init function.
var demoCommands []func(g *globals) *cobra.Command

func registerDemo(f func(g *globals) *cobra.Command) { demoCommands = append(demoCommands, f) }

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
		for _, f := range demoCommands {
			cmd.AddCommand(f(g))
		}
		return cmd
	})
}

// demoPresent is `coldstart demo NAME --present`, read by every demo.
var demoPresent bool

// runDemoScreen runs a demo view full screen, in presenter mode with
// --present; script, when not empty, is run one step per enter.
func runDemoScreen(s common.Screen, ctx common.Context, script []string) error {
	ctx.Present = demoPresent
	return tui.RunScreen(tui.Present(s, ctx, script), ctx)
}

// runDemoView opens a registered demo view full screen.
func runDemoView(g *globals, name string, script ...string) error {
	entry, ok := demos.Lookup(name)
	if !ok {
		return fmt.Errorf("the %s view is not registered", name)
	}
	ctx := common.Context{NoAnimation: g.noAnimation, Backend: g.backend}
	return runDemoScreen(entry.Open(ctx), ctx, script)
}

// tuiScript is --script for a demo's full screen: its steps, run one per
// enter, only when the flag was given (the default is the headless run's).
func tuiScript(cmd *cobra.Command, script string) []string {
	if !cmd.Flags().Changed("script") {
		return nil
	}
	var out []string
	for _, s := range strings.Split(script, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
