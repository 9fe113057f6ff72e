package record

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	jsonpatch "github.com/evanphx/json-patch/v5"
)

// Recording is a whole recording in memory, ready to scrub.
type Recording struct {
	Header Header
	// Truncated is the line number of a last line that was cut short and
	// dropped (the run was killed mid-write); 0 if the file is whole.
	Truncated int

	records   []Record // not states, in time order
	states    []state  // keyframes and deltas, in time order
	keyframes []int    // indexes into states
	end       time.Duration

	// The last state StateAt built, so playback and scrubbing forward apply
	// only the deltas since.
	mu      sync.Mutex
	built   int
	builtAt json.RawMessage
}

type state struct {
	t        time.Duration
	keyframe bool
	body     json.RawMessage // the full state, or the patch from the one before
	after    int             // how many records came before it in the file
}

// Duration is the time of the last record of any kind.
func (rec *Recording) Duration() time.Duration { return rec.end }

// Records are the non-state records in time order. Do not modify them.
func (rec *Recording) Records() []Record { return rec.records }

// RecordsBetween are the non-state records with a ≤ T ≤ b.
func (rec *Recording) RecordsBetween(a, b time.Duration) []Record {
	i := sort.Search(len(rec.records), func(i int) bool { return rec.records[i].T >= a })
	j := sort.Search(len(rec.records), func(i int) bool { return rec.records[i].T > b })
	if i >= j {
		return nil
	}
	return rec.records[i:j]
}

// RecordsOf are the non-state records of one type ("event", "step"...).
func (rec *Recording) RecordsOf(typ string) []Record {
	var out []Record
	for _, r := range rec.records {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// StateTimes are the times the state changed, for marks on a timeline.
func (rec *Recording) StateTimes() []time.Duration {
	out := make([]time.Duration, len(rec.states))
	for i, s := range rec.states {
		out[i] = s.t
	}
	return out
}

// StateAt is the state as it was at t: the last keyframe at or before t with
// the deltas up to t applied. It is nil if no state was recorded by t. Do
// not modify it: it may be returned again.
func (rec *Recording) StateAt(t time.Duration) (json.RawMessage, error) {
	last := sort.Search(len(rec.states), func(i int) bool { return rec.states[i].t > t }) - 1
	if last < 0 {
		return nil, nil
	}
	return rec.stateUpTo(last)
}

// State is the i-th state written (0 ≤ i < len(StateTimes())), even when
// several share a millisecond, which StateAt cannot tell apart: playback
// that must see every state, in order, walks them with it.
func (rec *Recording) State(i int) (json.RawMessage, error) {
	if i < 0 || i >= len(rec.states) {
		return nil, fmt.Errorf("state %d: the recording has %d", i, len(rec.states))
	}
	return rec.stateUpTo(i)
}

// StateAfter is how many of Records() came before the i-th state in the
// file: records and states of the same millisecond keep their order.
func (rec *Recording) StateAfter(i int) int { return rec.states[i].after }

// stateUpTo builds the state with the deltas up to states[last] applied.
func (rec *Recording) stateUpTo(last int) (json.RawMessage, error) {
	t := rec.states[last].t
	k := sort.Search(len(rec.keyframes), func(i int) bool { return rec.keyframes[i] > last }) - 1
	from := rec.keyframes[k] // the reader only accepts deltas after a keyframe
	doc := rec.states[from].body
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.builtAt != nil && from <= rec.built && rec.built <= last {
		from, doc = rec.built, rec.builtAt
	}
	apply := applyPatch
	if rec.Header.Format == 1 {
		apply = jsonpatch.MergePatch // arrays were replaced whole
	}
	for _, s := range rec.states[from+1 : last+1] {
		next, err := apply(doc, s.body)
		if err != nil {
			return nil, fmt.Errorf("state at %v: delta at %v: %w", t, s.t, err)
		}
		doc = next
	}
	rec.built, rec.builtAt = last, doc
	return doc, nil
}
