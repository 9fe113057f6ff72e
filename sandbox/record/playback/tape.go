// Package playback plays a recording (sandbox/record) back as the engine a
// demo view drives: a cluster.Engine or a faas.Function whose stream is the
// recorded one, from any moment of it, and whose actions are refused. A
// Tape is the recording decoded for that; a Deck is the playhead that
// feeds the engine it starts.
package playback

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
)

// Tape is a recording decoded for playback. Its events are decoded once,
// when it is made; its states (a cluster snapshot every tick) are decoded
// when played, so a long recording opens quickly and stays small.
type Tape struct {
	rec *record.Recording
	// Function: a cold-start recording, whose stream is faas.Events (each
	// with its snapshot); else a cluster's cluster.Updates.
	Function bool

	// A cluster demo's stream, as the recorder wrote it: each update's
	// events, then its state.
	updates []clusterUpdate
	events  []cluster.Event
	// The cold-start demo's stream.
	calls []faas.Event

	at       []time.Duration // the recording time of each event (of events or calls)
	commands []Command
	notes    []Note
}

// Note is a "note" record: what the view said one of its actions did.
type Note struct {
	T    time.Duration
	Text string
}

// clusterUpdate is one cluster.Update of the stream: events[first:end],
// then the state-th state (-1: events after the last state).
type clusterUpdate struct {
	at         time.Duration
	first, end int
	state      int
}

// Command is a "command" record: what a person would have typed for an
// action of the run.
type Command struct {
	T time.Duration
	scenario.Command
}

// NewTape decodes rec's events and commands.
func NewTape(rec *record.Recording) (*Tape, error) {
	tp := &Tape{rec: rec, Function: rec.Header.Demo == coldstart.Name}
	states := rec.StateTimes()
	next := 0 // the next state to close an update
	closeUpTo := func(n int) {
		for ; next < len(states) && (n < 0 || rec.StateAfter(next) <= n); next++ {
			first := 0
			if k := len(tp.updates); k > 0 {
				first = tp.updates[k-1].end
			}
			tp.updates = append(tp.updates, clusterUpdate{at: states[next], first: first, end: len(tp.events), state: next})
		}
	}
	for n, x := range rec.Records() {
		if !tp.Function {
			closeUpTo(n)
		}
		var err error
		switch x.Type {
		case string(scenario.TypeEvent):
			if tp.Function {
				var ev faas.Event
				err = json.Unmarshal(x.Body, &ev)
				tp.calls = append(tp.calls, ev)
			} else {
				var ev cluster.Event
				err = json.Unmarshal(x.Body, &ev)
				tp.events = append(tp.events, ev)
			}
			tp.at = append(tp.at, x.T)
		case "note":
			var n scenario.Note
			err = json.Unmarshal(x.Body, &n)
			note := Note{T: x.T, Text: n.Text}
			if k := len(tp.commands); k > 0 && x.T-tp.commands[k-1].T < time.Second {
				note.T = tp.commands[k-1].T // the action's note, from the moment of its command
			}
			tp.notes = append(tp.notes, note)
		case "command":
			c := Command{T: x.T}
			err = json.Unmarshal(x.Body, &c.Command)
			c.At = rec.Header.Started.Add(x.T)
			tp.commands = append(tp.commands, c)
		}
		if err != nil {
			return nil, fmt.Errorf("playback: the %s at %v: %w", x.Type, x.T, err)
		}
	}
	if !tp.Function {
		closeUpTo(-1)
		if k := len(tp.updates); len(tp.events) > 0 && (k == 0 || tp.updates[k-1].end < len(tp.events)) { // events after the last state
			first := 0
			if k > 0 {
				first = tp.updates[k-1].end
			}
			tp.updates = append(tp.updates, clusterUpdate{at: tp.at[len(tp.at)-1], first: first, end: len(tp.events), state: -1})
		}
	}
	return tp, nil
}

// Header is the recording's header.
func (tp *Tape) Header() record.Header { return tp.rec.Header }

// Truncated is the line a cut-short file was cut at (0 if whole).
func (tp *Tape) Truncated() int { return tp.rec.Truncated }

// Duration is the time of the recording's last record.
func (tp *Tape) Duration() time.Duration { return tp.rec.Duration() }

// Start is the first moment with something to show: the first state of a
// cluster recording, the first event of a cold-start one.
func (tp *Tape) Start() time.Duration {
	switch {
	case tp.Function && len(tp.at) > 0:
		return tp.at[0]
	case !tp.Function && len(tp.updates) > 0:
		return tp.updates[0].at
	}
	return 0
}

// Events are the recorded events with their recording times, for the
// timeline's marks: cluster.Events or faas.Events. Do not modify them.
func (tp *Tape) Events() (times []time.Duration, clusterEvents []cluster.Event, calls []faas.Event) {
	return tp.at, tp.events, tp.calls
}

// Commands are the "command" records with a < T ≤ b.
func (tp *Tape) Commands(a, b time.Duration) []Command {
	i := sort.Search(len(tp.commands), func(i int) bool { return tp.commands[i].T > a })
	j := sort.Search(len(tp.commands), func(i int) bool { return tp.commands[i].T > b })
	return tp.commands[i:max(i, j)]
}

// NoteAt is the text of the last note with a < T ≤ b, if any: what the
// view's note line says at b.
func (tp *Tape) NoteAt(a, b time.Duration) (string, bool) {
	j := sort.Search(len(tp.notes), func(i int) bool { return tp.notes[i].T > b })
	if j == 0 || tp.notes[j-1].T <= a {
		return "", false
	}
	return tp.notes[j-1].Text, true
}

// Steps are the times the stream delivers something (an update, or a
// cold-start event), in order: where "next event" stops.
func (tp *Tape) Steps() []time.Duration {
	if tp.Function {
		return tp.at
	}
	out := make([]time.Duration, len(tp.updates))
	for i, u := range tp.updates {
		out[i] = u.at
	}
	return out
}

// position is how much of the stream was delivered: updates (or calls)
// and, of a cluster's next update, the events already sent with a seek.
type position struct{ next, events int }

// seekCluster is the update a cluster engine starts at t with: every event
// recorded up to t and the state at t, and the position after it. At the
// tape's start it is the stream's first update alone, as live (several
// may share its millisecond).
func (tp *Tape) seekCluster(t time.Duration) (cluster.Update, position, error) {
	n := sort.Search(len(tp.at), func(i int) bool { return tp.at[i] > t })
	k := sort.Search(len(tp.updates), func(i int) bool { return tp.updates[i].at > t })
	if k > 0 && t == tp.Start() {
		k, n = 1, tp.updates[0].end
	}
	u := cluster.Update{Events: slices.Clip(tp.events[:n])}
	if k == 0 || tp.updates[k-1].state < 0 && k == 1 {
		return u, position{k, n}, nil
	}
	state := tp.updates[k-1].state
	if state < 0 { // events after the last state: with that state
		state = tp.updates[k-2].state
	}
	raw, err := tp.rec.State(state)
	if err != nil {
		return u, position{k, n}, err
	}
	u.Snapshot, err = decodeSnapshot(raw)
	return u, position{k, n}, err
}

// advanceCluster is the stream from p up to t: the updates whose state
// was written by then, each with its events not sent yet; at most n of
// them if n > 0.
func (tp *Tape) advanceCluster(p position, t time.Duration, n int) ([]cluster.Update, position, error) {
	var out []cluster.Update
	for ; p.next < len(tp.updates) && tp.updates[p.next].at <= t && (n <= 0 || len(out) < n); p.next++ {
		cu := tp.updates[p.next]
		u := cluster.Update{Events: slices.Clip(tp.events[max(cu.first, p.events):cu.end])}
		p.events = max(p.events, cu.end)
		if cu.state >= 0 {
			raw, err := tp.rec.State(cu.state)
			if err != nil {
				return out, p, err
			}
			if u.Snapshot, err = decodeSnapshot(raw); err != nil {
				return out, p, err
			}
		} else if len(out) > 0 {
			u.Snapshot = out[len(out)-1].Snapshot
		}
		out = append(out, u)
	}
	return out, p, nil
}

// FirstState is the first recorded cluster state cond holds for, nil if
// none does.
func (tp *Tape) FirstState(cond func(*cluster.Snapshot) bool) (*cluster.Snapshot, error) {
	for i := range tp.rec.StateTimes() {
		raw, err := tp.rec.State(i)
		if err != nil {
			return nil, err
		}
		s, err := decodeSnapshot(raw)
		if err != nil || cond(s) {
			return s, err
		}
	}
	return nil, nil
}

func decodeSnapshot(raw json.RawMessage) (*cluster.Snapshot, error) {
	var s cluster.Snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("playback: a state: %w", err)
	}
	return &s, nil
}

// seekFunction is what a cold-start engine starts at t with: the events
// since the last reset up to t (the view forgets what came before one).
func (tp *Tape) seekFunction(t time.Duration) ([]faas.Event, position) {
	n := sort.Search(len(tp.at), func(i int) bool { return tp.at[i] > t })
	from := 0
	for i := n - 1; i >= 0; i-- {
		if tp.calls[i].Type == faas.Reset {
			from = i
			break
		}
	}
	return slices.Clip(tp.calls[from:n]), position{next: n}
}

// advanceFunction is the cold-start stream from p up to t; at most n
// events if n > 0.
func (tp *Tape) advanceFunction(p position, t time.Duration, n int) ([]faas.Event, position) {
	end := sort.Search(len(tp.at), func(i int) bool { return tp.at[i] > t })
	if n > 0 {
		end = min(end, p.next+n)
	}
	if end <= p.next {
		return nil, p
	}
	return tp.calls[p.next:end], position{next: end}
}

// timeOf is when the stream's i-th update (or cold-start event) was
// recorded.
func (tp *Tape) timeOf(i int) time.Duration {
	if tp.Function {
		return tp.at[i]
	}
	return tp.updates[i].at
}
