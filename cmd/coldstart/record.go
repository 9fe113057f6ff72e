package main

// `coldstart demo NAME --record FILE`: the run, as the engine saw it, in a
// recording (sandbox/record/FORMAT.md) that `coldstart replay` prints and
// charts. Events and states are the engine's own (cluster.Event and
// cluster.Snapshot, or faas.Event and faas.Snapshot); steps and the summary
// are the headless records, under their own types; the real command of
// each action is a "command" record.

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	recording "github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// recordOptions are every recording's writer options: states that change
// only clocks and counters are held back up to 250 ms (FORMAT.md), which
// keeps ten minutes under 3 MB. The frame-by-frame replay tests record
// every state instead, so that each live frame has its replayed twin.
var recordOptions = []recording.Option{recording.DemoClocks()}

// demoRecord is `coldstart demo NAME --record FILE`, read by every demo.
var demoRecord string

// recorder writes one run to a recording file. A nil recorder records
// nothing, so a run without --record calls it all the same.
type recorder struct {
	f     *os.File
	w     *recording.Writer
	start time.Time
}

// coldstartVersion is this binary's module version ("(devel)" from a
// checkout).
func coldstartVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// openRecorder creates path (gzipped when it ends in .gz) and writes the
// header: the demo, its options, where it runs and when it started. An
// empty path is no recording: nil, nil.
func openRecorder(path, demo string, opts any, backend, runtime string, start time.Time) (*recorder, error) {
	if path == "" {
		return nil, nil
	}
	o, err := json.Marshal(opts)
	if err != nil {
		return nil, fmt.Errorf("--record: %s's options: %w", demo, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--record: %w", err)
	}
	ropts := append([]recording.Option(nil), recordOptions...)
	if strings.HasSuffix(path, ".gz") {
		ropts = append(ropts, recording.Compressed())
	}
	h := recording.Header{Demo: demo, Options: o, Backend: backend, Runtime: runtime, Version: coldstartVersion(), Started: start}
	w, err := recording.NewWriter(f, h, ropts...)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("--record: %w", err)
	}
	return &recorder{f: f, w: w, start: start}, nil
}

// since is at as the recording's time.
func (r *recorder) since(at time.Time) time.Duration { return at.Sub(r.start) }

// clusterUpdate records an update of a cluster engine: its events, then
// its snapshot.
func (r *recorder) clusterUpdate(u cluster.Update) error {
	if r == nil {
		return nil
	}
	for _, e := range u.Events {
		if err := r.w.Write(r.since(e.Time), "event", e); err != nil {
			return err
		}
	}
	if s := u.Snapshot; s != nil {
		return r.w.State(r.since(s.Time), s)
	}
	return nil
}

// functionEvent records an event of the function service, then the
// snapshot it carries.
func (r *recorder) functionEvent(ev faas.Event) error {
	if r == nil {
		return nil
	}
	if err := r.w.Write(r.since(ev.Time), "event", ev); err != nil {
		return err
	}
	return r.w.State(r.since(ev.Time), ev.Snapshot)
}

// final records the engine's snapshot read after its stream ended, which
// the summary and the last lines come from, as a "final" record (not a
// state: the stream's states stay as the stream gave them).
func (r *recorder) final(at time.Time, s *cluster.Snapshot) error {
	if r == nil {
		return nil
	}
	return r.w.Write(r.since(at), "final", s)
}

// command records the real command of an action (sandbox/commands) at
// its time; a failure is kept for Close, as the writer's errors are.
func (r *recorder) command(c scenario.Command) {
	if r != nil {
		r.w.Write(r.since(c.At), "command", c)
	}
}

// note records the note of a full-screen action ("killed pod …"), which a
// replay shows as the live view did.
func (r *recorder) note(at time.Time, text string) {
	if r != nil {
		r.w.Write(r.since(at), "note", scenario.Note{Text: text})
	}
}

// headless records a step or the summary under its type.
func (r *recorder) headless(at time.Time, rec record) error {
	if r == nil {
		return nil
	}
	return r.w.Write(r.since(at), string(rec.RecordType()), rec)
}

// Close flushes the recording and closes its file.
func (r *recorder) Close() error {
	if r == nil {
		return nil
	}
	err := r.w.Close()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	return err
}
