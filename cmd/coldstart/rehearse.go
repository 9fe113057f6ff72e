package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/backend"
)

// `coldstart rehearse` is for a teacher before class: it runs every demo
// headless on the backend the class will use and says which ones work.

// rehearsal is one demo's headless run; stdout and stderr are the demo's own
// output (rehearse discards the first and keeps the tail of the second to
// explain a failure).
type rehearsal struct {
	name string
	run  func(ctx context.Context, g *globals, stdout, stderr io.Writer) error
	opts any // the demo's Options the run uses, printed with the result; nil: none to print
}

// rehearsals lists the demos to rehearse. By default that is every
// `coldstart demo NAME`, run headless through the CLI itself without flags,
// so the rehearsal takes exactly the path `demo NAME --headless` takes, with
// the Options full screen opens with by default. Tests replace it.
var rehearsals = headlessDemos

func headlessDemos(g *globals) []rehearsal {
	var out []rehearsal
	for _, d := range demoCommands {
		name := d.name
		out = append(out, rehearsal{name: name, opts: d.defaults, run: func(ctx context.Context, g *globals, stdout, stderr io.Writer) error {
			root := newRootCmd()
			args := []string{"--backend", g.backend}
			for _, d := range g.lessonDirs {
				args = append(args, "--lessons", d)
			}
			root.SetArgs(append(args, "demo", name, "--headless"))
			root.SetOut(stdout)
			root.SetErr(stderr)
			root.SetIn(strings.NewReader(""))
			return root.ExecuteContext(ctx)
		}})
	}
	return out
}

func init() {
	register(func(g *globals) *cobra.Command {
		var timeout time.Duration
		cmd := &cobra.Command{
			Use:   "rehearse",
			Short: "Check before class that every demo works here: run each headless and report",
			Long: "Run every demo headless, one after the other, on the backend the demos will use (--backend),\n" +
				"and print one line per demo: whether it worked, how long it took and the demo's options\n" +
				"(the ones `coldstart demo NAME` opens with). Progress goes to stderr.\n" +
				"Exit status 0 when every demo worked, 1 otherwise.",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				if timeout <= 0 {
					return fmt.Errorf("--timeout must be positive (got %v)", timeout)
				}
				return runRehearse(cmd, g, timeout)
			},
		}
		cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Minute, "give up on a demo after this long")
		return cmd
	})
}

func runRehearse(cmd *cobra.Command, g *globals, timeout time.Duration) error {
	ctx, stop := headlessContext(cmd.Context())
	defer stop()
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	list := rehearsals(g)
	if len(list) == 0 {
		return errors.New("no demos are registered to rehearse")
	}
	// Resolve auto once, so every demo runs on the backend named in the
	// report; if Docker stops answering halfway, that shows as a failure
	// instead of a silent switch to processes.
	if g.backend == backend.Auto || g.backend == "" {
		fmt.Fprintln(stderr, "coldstart: looking for Docker (--backend auto)")
		choice := backend.Pick(ctx, func(s string) { fmt.Fprintln(stderr, "coldstart:", s) })
		fmt.Fprintf(stderr, "coldstart: auto picks %s\n", choice.Reason)
		resolved := *g
		resolved.backend = choice.Backend
		g = &resolved
	}
	width := 0
	for _, r := range list {
		width = max(width, len(r.name))
	}
	failed := 0
	for i, r := range list {
		if ctx.Err() != nil {
			fmt.Fprintf(stdout, "%-*s  skipped (interrupted)\n", width+2, r.name)
			failed++
			continue
		}
		fmt.Fprintf(stderr, "coldstart: [%d/%d] rehearsing %s on the %s backend…\n", i+1, len(list), r.name, g.backend)
		tail := &lastLines{n: 3}
		rctx, cancel := context.WithTimeout(ctx, timeout)
		start := time.Now()
		err := r.run(rctx, g, io.Discard, tail)
		took := time.Since(start)
		if err == nil && rctx.Err() != nil {
			err = rctx.Err() // a runner that stopped early without saying why
		}
		cancel()
		if err == nil {
			fmt.Fprintf(stdout, "%-*s  ok    %5.1f s%s\n", width+2, r.name, took.Seconds(), optionsNote(r.opts))
			continue
		}
		failed++
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = fmt.Errorf("timed out after %v: %w", timeout, err)
		}
		fmt.Fprintf(stdout, "%-*s  FAIL  %5.1f s  %s%s\n", width+2, r.name, took.Seconds(), oneLine(err.Error()), optionsNote(r.opts))
		if t := tail.String(); t != "" {
			fmt.Fprintf(stderr, "coldstart: %s's last words:\n%s", r.name, indent(t))
		}
	}
	if failed > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of %d demos did not work on the %s backend", failed, len(list), g.backend)}
	}
	fmt.Fprintf(stderr, "coldstart: all %d demos work on the %s backend\n", len(list), g.backend)
	return nil
}

// optionsNote is "  with {Replicas:3 ...}", or "" without options.
func optionsNote(opts any) string {
	if opts == nil {
		return ""
	}
	return fmt.Sprintf("  with %+v", opts)
}

// lastLines keeps the last n complete lines written to it, and any
// unfinished one.
type lastLines struct {
	n     int
	lines []string
	part  bytes.Buffer
}

func (l *lastLines) Write(p []byte) (int, error) {
	l.part.Write(p)
	for {
		line, err := l.part.ReadString('\n')
		if err != nil { // no newline yet: keep the fragment
			l.part.Reset()
			l.part.WriteString(line)
			return len(p), nil
		}
		l.lines = append(l.lines, strings.TrimRight(line, "\r\n"))
		if len(l.lines) > l.n {
			l.lines = l.lines[1:]
		}
	}
}

func (l *lastLines) String() string {
	lines := l.lines
	if rest := strings.TrimSpace(l.part.String()); rest != "" {
		lines = append(lines, rest)
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ") + "\n"
}
