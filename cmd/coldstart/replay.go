package main

// `coldstart replay FILE`: a recording (record.go) played full screen in
// the demo's own view (tui/replay), printed as the headless run printed
// it, or drawn as a chart.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	recording "github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/record/chart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/replay"
)

type replayFlags struct {
	headless bool
	json     bool
	chart    string
	list     bool
	last     bool
	present  bool
	commands bool
}

func init() {
	register(func(g *globals) *cobra.Command {
		f := replayFlags{}
		cmd := &cobra.Command{
			Use:   "replay [FILE]",
			Short: "Play a recorded demo run full screen, or print or chart it (coldstart demo NAME --record FILE)",
			Long: `Replay a recording made with coldstart demo NAME --record FILE, or one of
the last runs the full screen kept (--list, --last).

By default it plays the run full screen in the demo's own view, driven by
the recording (no Docker needed, whatever it was recorded on): space plays
and pauses, . and , step to the next and previous event, [ and ] set the
speed (0.25x to 8x), ← and → seek 5 s, home and end jump, and a click on
the timeline under the view seeks there. The timeline marks kills (✗),
heals and ready pods or environments (✓), scaling (↕), rollout steps and
new configurations (▲) and throttles (!). The demo's own keys are actions,
off in a replay. P (or --present) is presenter mode, narrated as live.

With --headless it prints the run as coldstart demo NAME --headless printed
it (JSON lines with --json); with --chart out.svg or out.png it draws the
demo's chart. A recording cut short (Ctrl-C, a kill) plays up to its last
complete line.`,
			Args: cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				if f.list {
					return listKept(cmd.OutOrStdout())
				}
				path, err := replayPath(args, f.last)
				if err != nil {
					return err
				}
				rec, err := openRecording(path, cmd.ErrOrStderr())
				if err != nil {
					return err
				}
				if f.commands { // replay_commands.go
					return replayCommands(rec, cmd.OutOrStdout())
				}
				if !f.headless && f.chart == "" {
					return replayScreen(g, rec, f.present)
				}
				if f.chart != "" {
					if err := drawChart(rec, f.chart); err != nil {
						return err
					}
					fmt.Fprintln(cmd.ErrOrStderr(), "coldstart: wrote", f.chart)
				}
				if f.headless {
					return replayHeadless(rec, cmd.OutOrStdout(), f.json)
				}
				return nil
			},
		}
		fl := cmd.Flags()
		fl.BoolVar(&f.headless, "headless", false, "print the run as coldstart demo NAME --headless did")
		fl.BoolVar(&f.json, "json", false, "with --headless: JSON lines, as --headless --json prints them")
		fl.StringVar(&f.chart, "chart", "", "draw the demo's chart to this .svg or .png file")
		fl.BoolVar(&f.list, "list", false, "list the runs the full screen kept (demo, when, duration, size)")
		fl.BoolVar(&f.last, "last", false, "replay the newest run the full screen kept")
		fl.BoolVar(&f.present, "present", false, "full screen: presenter mode from the start (P toggles it)")
		fl.BoolVar(&f.commands, "commands", false, "print the real commands of the run's actions (kubectl, aws lambda ...) as a shell script")
		return cmd
	})
}

// replayPath is the recording to replay: FILE, or with --last the newest
// kept run.
func replayPath(args []string, last bool) (string, error) {
	switch {
	case last && len(args) > 0:
		return "", errors.New("give a FILE or --last, not both")
	case last:
		kept, err := keptRuns()
		if err != nil {
			return "", err
		}
		if len(kept) == 0 {
			return "", errors.New("no kept runs yet: run a demo full screen first, or give a FILE")
		}
		return kept[0].path, nil
	case len(args) == 0:
		return "", errors.New("give a recording FILE (or --last, --list)")
	}
	return args[0], nil
}

// openRecording reads path, with a note on stderr if it was cut short.
func openRecording(path string, stderr io.Writer) (*recording.Recording, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rec, err := recording.Open(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if rec.Truncated > 0 {
		fmt.Fprintf(stderr, "coldstart: %s was cut short at line %d: replaying up to the last complete line (%s)\n",
			path, rec.Truncated, rec.Duration().Round(time.Millisecond))
	}
	return rec, nil
}

// replayScreen plays rec full screen.
func replayScreen(g *globals, rec *recording.Recording, present bool) error {
	ctx := screenContext(g)
	ctx.Present = present
	s, err := replay.Open(ctx, rec)
	if err != nil {
		return err
	}
	err = runReplayScreen(s, ctx)
	if errors.Is(err, tui.ErrNotTerminal) {
		return errors.New("the full-screen replay needs a terminal: use --headless (--json) to print the run, or --chart out.svg|out.png to draw it")
	}
	return err
}

// runReplayScreen runs the replay screen; tests replace it to look at the
// screen instead.
var runReplayScreen = func(s common.Screen, ctx common.Context) error { return tui.RunScreen(s, ctx) }

// drawChart writes rec's chart to path, its format by the extension.
func drawChart(rec *recording.Recording, path string) error {
	format, err := chart.Format(path)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = chart.Draw(rec, f, format, chart.DefaultSize)
	return errors.Join(err, f.Close())
}

// replayer prints a demo's recording with the live run's printers.
type replayer struct {
	update func(cluster.Update) error                     // an orchestration demo's stream
	event  func(at time.Time, body json.RawMessage) error // cold-start: one faas.Event
	// final writes what the live run wrote, at time at, from the engine's
	// snapshot read after the stream ended (a "final" record).
	final func(at time.Time, s *cluster.Snapshot) error
	// step, summary and snapshot decode the headless records a demo kept
	// (self-healing keeps its closing snapshot, read after the stream).
	step, summary, snapshot func(json.RawMessage) (record, error)
}

// replayers are the demos a recording can come from, by name.
var replayers = map[string]func(out *recordWriter) replayer{
	selfhealing.Name: func(out *recordWriter) replayer {
		return replayer{update: healingPrinter(out), step: decodeAs[selfhealing.StepRecord],
			summary: decodeAs[selfhealing.Summary], snapshot: decodeAs[healingSnapshot]}
	},
	rollingdeploy.Name: func(out *recordWriter) replayer {
		return replayer{update: rolloutPrinter(out, nil), step: decodeAs[rollingdeploy.StepRecord], summary: decodeAs[rollingdeploy.Summary]}
	},
	autoscaling.Name: func(out *recordWriter) replayer {
		decisions := decisionPrinter()
		final := func(at time.Time, s *cluster.Snapshot) error {
			var err error
			for _, r := range decisions(s) {
				err = errors.Join(err, out.Write(at, r))
			}
			return err
		}
		return replayer{update: rolloutPrinter(out, decisions), final: final,
			step: decodeAs[autoscaling.StepRecord], summary: decodeAs[autoscaling.Summary]}
	},
	coldstart.Name: func(out *recordWriter) replayer {
		event := func(at time.Time, b json.RawMessage) error {
			var ev faas.Event
			if err := json.Unmarshal(b, &ev); err != nil {
				return err
			}
			return out.Write(at, coldStartEvent(ev))
		}
		return replayer{event: event, summary: decodeAs[coldstart.Summary]}
	},
}

// decodeAs is a recorded step or summary as the demo's record type.
func decodeAs[R record](b json.RawMessage) (record, error) {
	var r R
	err := json.Unmarshal(b, &r)
	return r, err
}

// replayHeadless prints rec to w as the live headless run printed it: the
// events and states go through the demo's printers in recorded order (the
// events of one update come before its state), the steps and the summary
// as they were. Times are the recording's (the live run's monotonic
// clock), not the wall-clock times inside the bodies, which can drift.
func replayHeadless(rec *recording.Recording, w io.Writer, asJSON bool) error {
	demo := rec.Header.Demo
	newReplayer, ok := replayers[demo]
	if !ok {
		return fmt.Errorf("replay: no demo called %q", demo)
	}
	out := newRecordWriter(w, demo, asJSON, rec.Header.Started)
	r := newReplayer(out)
	at := func(t time.Duration) time.Time { return rec.Header.Started.Add(t) }

	states, next := rec.StateTimes(), 0
	var pending []cluster.Event
	var last *cluster.Snapshot
	// play sends the states written before the n-th record (all of them if
	// n < 0) down the stream.
	play := func(n int) error {
		for ; next < len(states) && (n < 0 || rec.StateAfter(next) <= n); next++ {
			if r.update == nil {
				continue
			}
			raw, err := rec.State(next)
			if err != nil {
				return err
			}
			var s cluster.Snapshot
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("replay: the state at %v: %w", states[next], err)
			}
			s.Time = at(states[next])
			last = &s
			if err := r.update(cluster.Update{Events: pending, Snapshot: last}); err != nil {
				return err
			}
			pending = nil
		}
		return nil
	}
	// end sends what is left of the stream: the events after its last state
	// go with that state.
	end := func() error {
		if err := play(-1); err != nil || len(pending) == 0 || last == nil || r.update == nil {
			return err
		}
		err := r.update(cluster.Update{Events: pending, Snapshot: last})
		pending = nil
		return err
	}

	for n, x := range rec.Records() {
		if err := play(n); err != nil {
			return err
		}
		var err error
		switch scenario.Type(x.Type) {
		case scenario.TypeEvent:
			if r.event != nil {
				err = r.event(at(x.T), x.Body)
				break
			}
			var e cluster.Event
			if err = json.Unmarshal(x.Body, &e); err == nil {
				e.Time = at(x.T)
				pending = append(pending, e)
			}
		case "final":
			var s cluster.Snapshot
			if err = json.Unmarshal(x.Body, &s); err == nil && r.final != nil {
				if err = end(); err == nil {
					err = r.final(at(x.T), &s)
				}
			}
		case scenario.TypeStep, scenario.TypeSummary, scenario.TypeSnapshot:
			decode := map[scenario.Type]func(json.RawMessage) (record, error){
				scenario.TypeStep: r.step, scenario.TypeSummary: r.summary, scenario.TypeSnapshot: r.snapshot,
			}[scenario.Type(x.Type)]
			if x.Type == string(scenario.TypeSummary) {
				err = end()
			}
			if decode == nil || err != nil {
				break
			}
			var body record
			if body, err = decode(x.Body); err == nil {
				err = out.Write(at(x.T), body)
			}
		}
		if err != nil {
			return fmt.Errorf("replay: the %s at %v: %w", x.Type, x.T, err)
		}
	}
	return end()
}
