package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/backend"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
	"github.com/coldstart-dev/coldstart/tui"
)

// `coldstart doctor` checks what the demos need and says what auto would
// pick. It exits 0 when coldstart can run (with Docker or without).
func init() {
	register(func(*globals) *cobra.Command {
		return &cobra.Command{
			Use:   "doctor",
			Short: "Check Docker, the demo backends, the workload image and the terminal",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return runDoctor(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
			},
		}
	})
}

type check struct {
	w      io.Writer
	failed int
}

func (c *check) line(mark, what, format string, args ...any) {
	fmt.Fprintf(c.w, "%s %-10s %s\n", mark, what, fmt.Sprintf(format, args...))
}
func (c *check) ok(what, format string, args ...any)   { c.line("✓", what, format, args...) }
func (c *check) warn(what, format string, args ...any) { c.line("!", what, format, args...) }
func (c *check) fail(what, format string, args ...any) {
	c.failed++
	c.line("✗", what, format, args...)
}

func runDoctor(ctx context.Context, out, errOut io.Writer) error {
	c := &check{w: out}
	progress := func(s string) { fmt.Fprintf(errOut, "  … %s\n", s) }

	dockerOK := false
	pctx, cancel := context.WithTimeout(ctx, backend.PingTimeout)
	eng, err := docker.Connect(pctx)
	cancel()
	if err != nil {
		c.warn("docker", "%v", err)
	} else {
		defer eng.Close()
		c.ok("docker", "%s at %s", eng, eng.Host)
		start := time.Now()
		img, err := eng.PrepareImage(ctx, progress)
		switch {
		case err != nil:
			c.warn("image", "the workload image cannot be prepared: %v", err)
		case img.Cached:
			c.ok("image", "%s ready (cached; checked in %d ms)", img.Ref, time.Since(start).Milliseconds())
			dockerOK = true
		default:
			c.ok("image", "%s built in %d ms", img.Ref, img.Took.Milliseconds())
			dockerOK = true
		}
	}

	processOK := false
	if path, args, err := workload.HostCommand(ctx); err != nil {
		c.warn("process", "child processes cannot run the workload: %v", err)
	} else {
		processOK = true
		c.ok("process", "child processes run %s %s", path, args[0])
	}

	choice := backend.Pick(ctx, progress)
	switch {
	case !dockerOK && !processOK:
		c.fail("backend", "no backend can run the demos (see above)")
	case choice.Backend == backend.Process && !processOK:
		c.fail("backend", "auto would pick %s, which cannot run here", choice.Reason)
	default:
		c.ok("backend", "auto picks %s", choice.Reason)
	}

	doctorTerminal(c)
	if c.failed > 0 {
		return &exitError{code: 1, err: fmt.Errorf("coldstart cannot run its demos here (%d problem(s) above)", c.failed)}
	}
	fmt.Fprintln(out, "coldstart can run here.")
	return nil
}

func doctorTerminal(c *check) {
	profile := colorprofile.Detect(os.Stdout, os.Environ())
	if !term.IsTerminal(os.Stdout.Fd()) {
		c.warn("terminal", "stdout is not a terminal: the lessons TUI needs one (headless demos work: coldstart demo NAME --headless); colours: %s", profile)
		return
	}
	w, h, err := term.GetSize(os.Stdout.Fd())
	switch {
	case err != nil:
		c.warn("terminal", "size unknown (%v); colours: %s", err, profile)
	case w < tui.MinWidth || h < tui.MinHeight:
		c.warn("terminal", "%dx%d is too small: enlarge it to at least %dx%d; colours: %s", w, h, tui.MinWidth, tui.MinHeight, profile)
	default:
		c.ok("terminal", "%dx%d, colours: %s", w, h, profile)
	}
}
