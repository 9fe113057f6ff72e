package playback

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback/playbacktest"
)

func selfHealingTape(t *testing.T, d time.Duration) *Tape {
	t.Helper()
	var b bytes.Buffer
	if err := playbacktest.SelfHealing(&b, d); err != nil {
		t.Fatal(err)
	}
	return tapeOf(t, &b)
}

// tapeOf is the tape of the recording in b.
func tapeOf(t *testing.T, b *bytes.Buffer) *Tape {
	t.Helper()
	rec, err := record.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := NewTape(rec)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func next[U any](t *testing.T, c <-chan U) U {
	t.Helper()
	select {
	case u := <-c:
		return u
	case <-time.After(5 * time.Second):
		t.Fatal("no update")
	}
	panic("unreachable")
}

// The seek contract: an engine started at T first sends one update with
// every event recorded up to T, in order, and the state at T; then what
// was recorded later, as the playhead passes it, as the recorder wrote it.
func TestClusterStartsWithEverythingUpToTheSeek(t *testing.T) {
	tp := selfHealingTape(t, 2*time.Minute)
	d := NewDeck(tp)
	seek := d.Seek(60500 * time.Millisecond) // after the second kill at 60 s, its replacement not ready
	c, err := d.NewCluster()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	first := next(t, c.Updates())
	times, events, _ := tp.Events()
	want := 0
	for _, at := range times {
		if at <= 60500*time.Millisecond {
			want++
		}
	}
	if len(first.Events) != want {
		t.Errorf("%d events, want the %d recorded up to 60.5 s", len(first.Events), want)
	}
	for i, e := range first.Events {
		if e.Message != events[i].Message {
			t.Fatalf("event %d is %q, want %q: out of order", i, e.Message, events[i].Message)
		}
	}
	if s := first.Snapshot; s == nil || !s.Time.Equal(playbacktest.Started.Add(60500*time.Millisecond)) || s.ReadyPods != 9 || len(s.Heals) != 1 {
		t.Errorf("state at %v: %d ready, %d heals; want the one at 60.5 s: 9 ready, 1 heal", s.Time, s.ReadyPods, len(s.Heals))
	}

	// Playing on to 61.5 s: the ticks between come one update each, the
	// replacement's events with the state of 61 s, where it is ready.
	if err := d.Advance(seek, 61500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	var got []cluster.Update
	for range 3 { // 60.75, 61, 61.25, 61.5 s
		got = append(got, next(t, c.Updates()))
	}
	if s := got[1].Snapshot; !s.Time.Equal(playbacktest.Started.Add(61*time.Second)) || s.ReadyPods != 10 || len(s.Heals) != 2 || len(got[1].Events) != 2 {
		t.Errorf("state at %v: %d ready, %d heals, %d events; want 61 s, 10 ready, 2 heals, 2 events", s.Time, s.ReadyPods, len(s.Heals), len(got[1].Events))
	}
	if len(got[0].Events)+len(got[2].Events) != 0 {
		t.Error("events in the updates around 61 s")
	}
	got = append(got, next(t, c.Updates()))
	if c.Snapshot() != got[3].Snapshot {
		t.Error("Snapshot is not the latest state sent")
	}
}

// A frame computed before a seek does not play the old engine on.
func TestAdvanceBeforeASeekIsStale(t *testing.T) {
	d := NewDeck(selfHealingTape(t, time.Minute))
	d.Seek(10 * time.Second)
	d.Advance(0, 50*time.Second)
	if got := d.Time(); got != 10*time.Second {
		t.Errorf("playhead %v after a stale frame, want 10s", got)
	}
}

// Every action is refused with the recording named.
func TestActionsAreRefused(t *testing.T) {
	d := NewDeck(selfHealingTape(t, 10*time.Second))
	c, err := d.NewCluster()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	_, err = c.KillPod("")
	if !errors.Is(err, ErrActionsOff) || !strings.Contains(err.Error(), "this is a recording of self-healing on docker") {
		t.Errorf("KillPod: %v", err)
	}
	for name, err := range map[string]error{"Scale": c.Scale(3), "SetLoad": c.SetLoad(1, 1), "Pause": c.Pause()} {
		if !errors.Is(err, ErrActionsOff) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A cold-start recording: each event is one message; a reset (a seek)
// sends a reset event first, then the events since the last recorded
// reset up to the playhead.
func TestFunctionStartsOverOnReset(t *testing.T) {
	var b bytes.Buffer
	w, _ := record.NewWriter(&b, record.Header{Demo: "cold-start", Options: []byte(`{}`), Started: playbacktest.Started})
	for i, typ := range []faas.EventType{faas.EnvCreated, faas.InvokeEnd, faas.Reset, faas.EnvCreated, faas.InvokeEnd} {
		at := time.Duration(i) * time.Second
		ev := faas.Event{Time: playbacktest.Started.Add(at), Type: typ, Snapshot: faas.Snapshot{Elapsed: at, Store: int64(i)}}
		w.Write(at, "event", ev)
		w.State(at, ev.Snapshot)
	}
	w.Close()
	tp := tapeOf(t, &b)
	if !tp.Function {
		t.Fatal("a cold-start recording is not played as a function")
	}
	d := NewDeck(tp)
	f := d.NewFunction()
	defer f.Close(context.Background())
	if ev := next(t, f.Events()); ev.Type != faas.EnvCreated {
		t.Errorf("first event %s, want env_created", ev.Type)
	}
	d.Seek(time.Second + time.Millisecond)
	f.Reset(context.Background())
	var types []faas.EventType
	for range 3 {
		types = append(types, next(t, f.Events()).Type)
	}
	if want := []faas.EventType{faas.Reset, faas.EnvCreated, faas.InvokeEnd}; !slices.Equal(types, want) {
		t.Errorf("after a seek to 1 s: %v, want %v", types, want)
	}
	d.Seek(4 * time.Second)
	f.Reset(context.Background())
	types = nil
	for range 3 { // from the recorded reset at 2 s: no second one
		types = append(types, next(t, f.Events()).Type)
	}
	if want := []faas.EventType{faas.Reset, faas.EnvCreated, faas.InvokeEnd}; !slices.Equal(types, want) {
		t.Errorf("after a seek to 4 s: %v, want %v", types, want)
	}
	if s := f.Snapshot(); s.Store != 4 {
		t.Errorf("snapshot store %d, want the last event's 4", s.Store)
	}
	if inv := f.Invoke(context.Background()); !strings.Contains(inv.Err, "actions are off in a replay") {
		t.Errorf("Invoke: %+v", inv)
	}
}

// A recording with nothing after its header (cut at once) plays as an
// empty run: no state, no event, no panic.
func TestEmptyRecording(t *testing.T) {
	for _, demo := range []string{"self-healing", "cold-start"} {
		var b bytes.Buffer
		w, _ := record.NewWriter(&b, record.Header{Demo: demo, Options: []byte(`{}`), Started: playbacktest.Started})
		w.Close()
		tp := tapeOf(t, &b)
		d := NewDeck(tp)
		if tp.Function {
			f := d.NewFunction()
			f.Close(context.Background())
			continue
		}
		c, err := d.NewCluster()
		if err != nil {
			t.Fatal(err)
		}
		if u := next(t, c.Updates()); u.Snapshot != nil || len(u.Events) != 0 {
			t.Errorf("%s: first update %+v, want an empty one", demo, u)
		}
		c.Close(context.Background())
	}
}

// Next sends one update at a time, even among several of a millisecond
// (a fast fake runtime publishes many).
func TestNextSendsOneUpdate(t *testing.T) {
	var b bytes.Buffer
	w, _ := record.NewWriter(&b, record.Header{Demo: "self-healing", Options: []byte(`{}`), Started: playbacktest.Started})
	for i := range 3 {
		w.State(2*time.Millisecond, cluster.Snapshot{ReadyPods: i})
	}
	w.Close()
	d := NewDeck(tapeOf(t, &b))
	c, err := d.NewCluster()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	for want := range 3 {
		if want > 0 {
			if at, ok, err := d.Next(); !ok || err != nil || at != 2*time.Millisecond {
				t.Fatalf("Next: %v %v %v", at, ok, err)
			}
		}
		if u := next(t, c.Updates()); u.Snapshot.ReadyPods != want {
			t.Errorf("update %d has %d ready", want, u.Snapshot.ReadyPods)
		}
	}
	if _, ok, _ := d.Next(); ok {
		t.Error("Next after the last update")
	}
}
