package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	realcmd "github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
)

func init() {
	registerDemo(coldstart.Name, coldstart.Defaults(), func(g *globals) *cobra.Command {
		f := demoFlags{} // --script: full screen only, steps run one per enter (presenter mode)
		opts := coldstart.Defaults()
		cmd := newDemoCommand(coldstart.Name, `Run a Lambda-like function service on real workloads (containers or processes).

Full screen by default. With --headless it runs a fixed scenario and exits:
a burst of --burst concurrent invocations on an empty pool (cold starts),
a second burst (warm: the environments are reused), a real wait past the
idle timeout (the pool scales to zero), then one more invocation (cold
again). With the defaults it takes about 15 seconds, most of it the 10 s
idle wait (shorten it with --idle-timeout). One line per event on stdout
(JSON lines with --json), a summary last; progress on stderr. Every
duration is measured.`)
		cmd.RunE = func(cmd *cobra.Command, _ []string) error {
			if err := opts.Validate(); err != nil {
				return err
			}
			if f.headless {
				return runColdStartHeadless(cmd, g, f.json, opts)
			}
			var steps []coldstart.Step
			if f.script != "" {
				var err error
				if steps, err = coldstart.ParseScript(f.script); err != nil {
					return err
				}
			}
			ctx := demoContext(g)
			m := coldstartview.Open(ctx, opts)
			return runRecordedScreen(cmd, m, m.Sess, coldstart.Name, opts, (*recorder).functionEvent, ctx, tuiScript(cmd, steps))
		}
		fl := cmd.Flags()
		f.add(fl, "run the scenario without the TUI and print one line per event",
			"with --headless: JSON lines (t_ms, type, env, phase, kind, duration_ms, ...) and a summary object")
		fl.IntVar(&opts.Burst, "burst", opts.Burst, "concurrent invocations per burst")
		fl.IntVar(&opts.Concurrency, "limit", opts.Concurrency, "concurrency limit: more requests at once are throttled (429)")
		fl.IntVar(&opts.MemoryMB, "memory", opts.MemoryMB, "memory size in MB (128-10240); CPU in proportion, 1769 MB = 1 vCPU")
		fl.StringVar((*string)(&opts.Profile), "profile", string(opts.Profile), "runtime profile: light (Go/Node/Python-like init) or heavy (Java-like init)")
		fl.DurationVar(&opts.IdleTimeout, "idle-timeout", opts.IdleTimeout, "idle environments are reaped after this (real time)")
		fl.IntVar(&opts.Provisioned, "provisioned", opts.Provisioned, "provisioned concurrency: environments initialised before traffic and never reaped (0 to --limit)")
		fl.DurationVar(&opts.Timeout, "timeout", opts.Timeout, "per-invocation timeout: a longer handler is stopped")
		fl.StringVar(&f.script, "script", "", "full screen: steps run one per enter, e.g. burst,burst,idle,invoke (invoke, burst, idle, slow)")
		return cmd
	})
}

// runColdStartHeadless runs the scenario and prints every event, then the
// summary. Ctrl-C or SIGTERM stops it; everything it started is removed.
func runColdStartHeadless(cmd *cobra.Command, g *globals, asJSON bool, opts coldstart.Options) error {
	ctx, stop := headlessContext(cmd.Context())
	defer stop()
	stderr := cmd.ErrOrStderr()

	rt, choice, out, err := openHeadless(ctx, cmd, g, openBackend, coldstart.Name, opts, asJSON)
	if err != nil {
		return err
	}
	defer out.Close()
	closeRuntime := func() error {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return rt.Close(cctx)
	}
	e, err := coldstart.New(rt, opts.Clock(), opts)
	if err != nil {
		return errors.Join(err, closeRuntime())
	}
	start := out.start
	printed := make(chan error, 1)
	go func() {
		var werr error
		for ev := range e.Events() {
			out.rec.functionEvent(ev) // a failure is kept for Close
			if werr == nil {
				werr = out.Write(ev.Time, coldStartEvent(ev))
			}
		}
		printed <- werr
	}()

	if opts.Provisioned > 0 {
		fmt.Fprintf(stderr, "coldstart: provisioned concurrency %d: waiting for its environments before traffic\n", opts.Provisioned)
		if err := coldstart.WaitProvisioned(ctx, e, func(line string) { fmt.Fprintln(stderr, "coldstart:", line) }); err != nil {
			fmt.Fprintln(stderr, "coldstart:", err) // on-demand environments serve what provisioned ones cannot
		}
	}
	fmt.Fprintf(stderr, "coldstart: scenario: burst of %d, burst of %d, wait %v (idle timeout), 1 more\n", opts.Burst, opts.Burst, opts.IdleTimeout)
	runErr := coldstart.Run(ctx, realcmd.Function(e, out.rec.command), opts.Burst, nil)
	snap := e.Snapshot()

	cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	closeErr := e.Close(cctx)
	writeErr := <-printed
	left := len(e.Snapshot().Envs) // environments the runtime could not remove
	rtErr := closeRuntime()

	sum := coldstart.NewSummary(choice.Backend, rt.Describe(), opts.Burst, snap, left, time.Since(start))
	if werr := errors.Join(out.Write(time.Now(), sum), out.Close()); writeErr == nil {
		writeErr = werr
	}
	if runErr != nil && ctx.Err() != nil {
		return fmt.Errorf("interrupted; environments removed (%d left)", left)
	}
	return errors.Join(runErr, closeErr, rtErr, writeErr)
}

// coldStartPhase names the measured phase an environment event reports.
var coldStartPhase = map[faas.EventType]string{faas.EnvStarted: "start", faas.EnvReady: "ready", faas.EnvInit: "init"}

// coldStartEvent is one engine event as a headless record: an event whose
// reason is the engine's event type, with what it measured.
func coldStartEvent(ev faas.Event) eventLine {
	r := scenario.FunctionEvent{Env: ev.Env, Cause: ev.Reason, EnvsAlive: len(ev.Snapshot.Envs)}
	if p, ok := coldStartPhase[ev.Type]; ok {
		d := coldStartRound(float64(ev.Duration.Microseconds()) / 1000)
		r.Phase, r.DurationMS = p, &d
	}
	object, severity := "env/"+ev.Env, scenario.Normal
	if inv := ev.Invocation; inv != nil {
		object = fmt.Sprintf("invocation/%d", inv.ID)
		r.Invocation, r.Kind = inv.ID, string(inv.Kind)
		if ev.Type == faas.InvokeEnd {
			p := inv.Phases
			d := coldStartRound(p.TotalMS)
			r.Status, r.Phase, r.DurationMS, r.Error = string(inv.Status), "total", &d, inv.Err
			r.StartMS, r.ReadyMS, r.InitMS = coldStartRound(p.StartMS), coldStartRound(p.ReadyMS), coldStartRound(p.InitMS)
			r.HandlerMS, r.StoreMS = coldStartRound(p.HandlerMS), coldStartRound(p.StoreMS)
			r.BilledMS, r.EnvCount, r.Store = inv.BilledMS, inv.EnvCount, inv.Store
			if inv.Status != faas.StatusOK {
				severity = scenario.Warning
			}
		}
	}
	text := coldStartText(string(ev.Type), r)
	return eventLine{scenario.Event{Severity: severity, Reason: string(ev.Type), Object: object, Message: oneLine(text), Function: &r}, text}
}

// coldStartText is an engine event's text line.
func coldStartText(typ string, r scenario.FunctionEvent) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s", typ)
	if r.Invocation > 0 {
		fmt.Fprintf(&b, " #%-3d %-9s", r.Invocation, r.Kind)
	}
	if r.Env != "" {
		fmt.Fprintf(&b, " %-6s", r.Env)
	}
	switch {
	case typ == string(faas.InvokeEnd) && r.Status == string(faas.StatusOK):
		if r.Kind == string(faas.KindCold) {
			fmt.Fprintf(&b, " start %s · ready %s (init %s) ·", coldStartMS(r.StartMS), coldStartMS(r.ReadyMS), coldStartMS(r.InitMS))
		}
		fmt.Fprintf(&b, " handler %s · total %s · billed %d ms · env count %d · store %d",
			coldStartMS(r.HandlerMS), coldStartMS(*r.DurationMS), r.BilledMS, r.EnvCount, r.Store)
	case typ == string(faas.InvokeEnd):
		fmt.Fprintf(&b, " %s: %s", r.Status, r.Error)
	case r.Phase != "":
		fmt.Fprintf(&b, " %s %s", r.Phase, coldStartMS(*r.DurationMS))
	}
	if r.Cause != "" {
		fmt.Fprintf(&b, " (%s)", r.Cause)
	}
	return strings.TrimRight(b.String(), " ")
}

func coldStartMS(ms float64) string { return fmt.Sprintf("%.1f ms", ms) }

func coldStartRound(x float64) float64 { return math.Round(x*1000) / 1000 }
