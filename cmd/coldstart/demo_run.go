package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

// demoFlags are the flags every demo has beyond its scenario's Options.
type demoFlags struct {
	headless bool
	json     bool
	script   string
}

// add adds --headless and --json to fl with the demo's usage texts.
func (f *demoFlags) add(fl *pflag.FlagSet, headlessUsage, jsonUsage string) {
	fl.BoolVar(&f.headless, "headless", false, headlessUsage)
	fl.BoolVar(&f.json, "json", false, jsonUsage)
}

// clusterDemoRunE is the RunE of a cluster demo for the flags f and the
// options opts point to: it parses --script with parse and validates the
// options, then runs the steps headless with --headless, or else opens the
// demo's screen full screen (one step per enter when --script was given),
// recording the run.
func clusterDemoRunE[S ~string, O interface{ Validate() error }, E demokit.Engine](g *globals, f *demoFlags, opts *O, demo string,
	parse func(script string) ([]S, error),
	screen func(ctx common.Context, opts O) (common.Screen, *demokit.Session[E, cluster.Update]),
	headless func(cmd *cobra.Command, g *globals, asJSON bool, steps []S, opts O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		steps, err := parse(f.script)
		if err != nil {
			return err
		}
		if err := (*opts).Validate(); err != nil {
			return err
		}
		if f.headless {
			return headless(cmd, g, f.json, steps, *opts)
		}
		ctx := demoContext(g)
		view, sess := screen(ctx, *opts)
		return runRecordedScreen(cmd, view, sess, demo, *opts, (*recorder).clusterUpdate, ctx, tuiScript(cmd, steps))
	}
}

// waitFirstRollout waits, at most timeout, until the cluster's first
// rollout is done (done holds for a snapshot).
func waitFirstRollout(ctx context.Context, c cluster.Engine, timeout time.Duration, done func(*cluster.Snapshot) bool) error {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := c.WaitFor(wctx, done); err != nil {
		return fmt.Errorf("the first rollout did not finish: %w", err)
	}
	return nil
}

// removeEveryPod closes the cluster of a headless run, with a fresh context:
// also after Ctrl-C.
func removeEveryPod(c cluster.Engine, progress io.Writer) error {
	fmt.Fprintln(progress, "coldstart: removing every pod")
	cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return c.Close(cctx)
}

// writeStep writes a step's record, also when the step failed, and returns
// the write's error, else the step's (stepErr).
func writeStep(out *recordWriter, rec record, stepErr error) error {
	if err := out.Write(time.Now(), rec); err != nil {
		return err
	}
	return stepErr
}
