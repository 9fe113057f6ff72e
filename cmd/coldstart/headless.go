package main

// Shared helpers for `coldstart demo NAME --headless`: every headless demo
// opens its backend the same way, writes one record per line (text or JSON
// lines) and stops cleanly on Ctrl-C or SIGTERM.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	realcmd "github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// headlessContext is ctx cancelled by SIGINT or SIGTERM, so a headless demo
// stops, removes what it started and exits. Call stop when done: it restores
// the default signal handling (a second Ctrl-C then ends the process).
func headlessContext(ctx context.Context) (_ context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

// openBackend opens the runtime --backend asks for, printing progress (the
// search for Docker, image preparation) and the choice on stderr. The caller
// closes the runtime with a fresh context, also after Ctrl-C.
func openBackend(ctx context.Context, g *globals, stderr io.Writer) (sandbox.Runtime, backend.Choice, error) {
	rt, choice, err := backend.Open(ctx, g.backend, func(s string) { fmt.Fprintln(stderr, "coldstart:", s) })
	if err != nil {
		return nil, choice, err
	}
	fmt.Fprintf(stderr, "coldstart: backend %s\n", choice.Reason)
	return rt, choice, nil
}

// backendOpener opens the runtime of a headless run (openBackend; tests
// swap in a fake runtime).
type backendOpener func(ctx context.Context, g *globals, stderr io.Writer) (sandbox.Runtime, backend.Choice, error)

// openHeadless opens a headless run of demo: the runtime open gives and
// the writer of its records to stdout (with --record, to the recording
// too). When the writer fails it closes the runtime again. The caller
// closes both.
func openHeadless(ctx context.Context, cmd *cobra.Command, g *globals, open backendOpener, demo string, opts any, asJSON bool) (sandbox.Runtime, backend.Choice, *recordWriter, error) {
	rt, choice, err := open(ctx, g, cmd.ErrOrStderr())
	if err != nil {
		return nil, choice, nil, err
	}
	out, err := newHeadlessWriter(cmd, demo, opts, asJSON, choice, rt)
	if err != nil {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return nil, choice, nil, errors.Join(err, rt.Close(cctx))
	}
	return rt, choice, out, nil
}

// clusterScript runs a cluster demo's script headless on rt, writing its
// records to out and progress to stderr (runAutoscaling, runRollingDeploy).
// It closes its cluster (not rt) and returns the summary.
type clusterScript[St ~string, O any, S record] func(ctx context.Context, rt sandbox.Runtime, opts O, steps []St, out *recordWriter, stderr io.Writer) (S, error)

// clusterHeadless is the --headless run of a cluster demo: it opens the
// backend, runs the script on it, closes the runtime with a fresh context
// (also after Ctrl-C) and writes the summary last, once ended has named the
// backend in it (ended says how many pods the run left).
func clusterHeadless[St ~string, O any, S record](demo string, run clusterScript[St, O, S], ended func(sum *S, backend string) (podsLeft int)) func(cmd *cobra.Command, g *globals, asJSON bool, steps []St, opts O) error {
	return func(cmd *cobra.Command, g *globals, asJSON bool, steps []St, opts O) error {
		ctx, stop := headlessContext(cmd.Context())
		defer stop()
		stderr := cmd.ErrOrStderr()
		rt, choice, out, err := openHeadless(ctx, cmd, g, openBackend, demo, opts, asJSON)
		if err != nil {
			return err
		}
		defer out.Close()
		sum, runErr := run(ctx, rt, opts, steps, out, stderr)
		left := ended(&sum, choice.Backend)
		fmt.Fprintln(stderr, "coldstart: closing the", choice.Backend, "backend")
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		rtErr := rt.Close(cctx)
		werr := errors.Join(out.Write(time.Now(), sum), out.Close())
		if runErr != nil && ctx.Err() != nil {
			return fmt.Errorf("interrupted; pods removed (%d left)", left)
		}
		return errors.Join(runErr, rtErr, werr)
	}
}

// record is one line of headless output. Text mode prints String(); JSON
// mode puts the record, which must encode as a JSON object, in the
// envelope every demo shares (sandbox/scenario/SCHEMA.md), under the key of
// its type.
type record interface {
	fmt.Stringer
	RecordType() scenario.Type
}

// recordWriter writes one demo's records as lines, stamped with the
// milliseconds since start, and with --record also to a recording. It is
// safe for concurrent use.
type recordWriter struct {
	mu    sync.Mutex
	w     io.Writer
	demo  string
	json  bool
	start time.Time
	rec   *recorder // nil without --record
}

func newRecordWriter(w io.Writer, demo string, asJSON bool, start time.Time) *recordWriter {
	return &recordWriter{w: w, demo: demo, json: asJSON, start: start}
}

// newHeadlessWriter is the headless run's writer to stdout, starting now,
// recording to --record when given. Close it when the run ends (also after
// Ctrl-C): that flushes the recording.
func newHeadlessWriter(cmd *cobra.Command, demo string, opts any, asJSON bool, choice backend.Choice, rt sandbox.Runtime) (*recordWriter, error) {
	out := newRecordWriter(cmd.OutOrStdout(), demo, asJSON, time.Now())
	rec, err := openRecorder(demoRecord, demo, opts, choice.Backend, rt.Describe(), out.start)
	if err != nil {
		return nil, err
	}
	if rec != nil {
		fmt.Fprintln(cmd.ErrOrStderr(), "coldstart: recording to", demoRecord)
	}
	out.rec = rec
	return out, nil
}

// Close closes the recording, if any.
func (rw *recordWriter) Close() error { return rw.rec.Close() }

// ms is at's t_ms: whole milliseconds since start.
func (rw *recordWriter) ms(at time.Time) int64 { return at.Sub(rw.start).Milliseconds() }

// Write prints rec as observed at time at (t_ms = at - start); a step or
// the summary also goes to the recording (events and snapshots are
// recorded as the engine gave them, before they became lines).
func (rw *recordWriter) Write(at time.Time, rec record) error {
	if t := rec.RecordType(); t == scenario.TypeStep || t == scenario.TypeSummary {
		if err := rw.rec.headless(at, rec); err != nil {
			return err
		}
	}
	tms := rw.ms(at)
	var line []byte
	if rw.json {
		body, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if len(body) < 2 || body[0] != '{' {
			return fmt.Errorf("headless record %T does not encode as a JSON object", rec)
		}
		env := scenario.Envelope{TMS: tms, Demo: rw.demo, Type: rec.RecordType()}
		switch env.Type {
		case scenario.TypeEvent:
			env.Event = body
		case scenario.TypeSnapshot:
			env.Snapshot = body
		case scenario.TypeStep:
			env.Step = body
		case scenario.TypeSummary:
			env.Summary = body
		default:
			return fmt.Errorf("headless record %T has no record type", rec)
		}
		if line, err = json.Marshal(env); err != nil {
			return err
		}
	} else {
		line = fmt.Appendf(nil, "%7d ms  %s", tms, rec.String())
	}
	line = append(line, '\n')
	rw.mu.Lock()
	defer rw.mu.Unlock()
	_, err := rw.w.Write(line)
	return err
}

// podsLeft is how many pods a closed engine left behind (the embedded
// control plane counts them; other engines report 0).
func podsLeft(e cluster.Engine) int {
	if c, ok := realcmd.Unwrap(e).(interface{ PodsLeft() int }); ok {
		return c.PodsLeft()
	}
	return 0
}

// noEndpointTime is how long since from the Service had no ready endpoint
// (the embedded control plane keeps that history; 0 for other engines).
func noEndpointTime(e cluster.Engine, from time.Time) time.Duration {
	c, ok := realcmd.Unwrap(e).(*orchestrator.Cluster)
	if !ok {
		return 0
	}
	var d time.Duration
	for _, gap := range orchestrator.EndpointGaps(c.ReadyHistory(), from, time.Now()) {
		d += gap.Took
	}
	return d
}

// clusterSnapshot is an orchestrator snapshot in the records' shape.
func clusterSnapshot(s *cluster.Snapshot) scenario.Snapshot {
	r := scenario.Snapshot{Replicas: s.Replicas, Ready: s.ReadyPods, Pods: []scenario.Pod{}, Nodes: []scenario.Node{}, Endpoints: []string{},
		Traffic: scenario.Traffic{Rate: s.Traffic.Rate, OK: s.Traffic.OK, Failed: s.Traffic.Failed, Retried: s.Traffic.Retried,
			P50MS: float64(s.Traffic.P50.Microseconds()) / 1000, P99MS: float64(s.Traffic.P99.Microseconds()) / 1000,
			ByVersion: s.Traffic.ByVersion}}
	if r.Traffic.ByVersion == nil {
		r.Traffic.ByVersion = map[string]int64{}
	}
	for _, p := range s.Pods {
		r.Pods = append(r.Pods, scenario.Pod{Name: p.Name, Node: p.Node, Version: p.Version, Phase: string(p.Phase), Status: p.Status, Ready: p.Ready, Restarts: p.Restarts})
	}
	for _, n := range s.Nodes {
		r.Nodes = append(r.Nodes, scenario.Node{Name: n.Name, Condition: string(n.Condition), Down: n.Down})
	}
	for _, e := range s.Endpoints {
		r.Endpoints = append(r.Endpoints, e.Pod)
	}
	return r
}

// clusterEvent is an orchestrator event in the records' shape.
func clusterEvent(e cluster.Event) scenario.Event {
	return scenario.Event{Severity: string(e.Type), Reason: e.Reason, Object: e.Object, Message: e.Message}
}

// eventLine is an event record with its text line.
type eventLine struct {
	scenario.Event
	text string
}

func (e eventLine) String() string          { return e.text }
func (eventLine) RecordType() scenario.Type { return scenario.TypeEvent }
