package record

import (
	"encoding/json"
	"sort"
	"time"
)

// Cursor is a playhead over a recording's non-state records. After SeekTo
// its current record is the latest one at or before its time (none before
// the first); Next and Prev step one record at a time, even among records
// of the same millisecond.
type Cursor struct {
	rec *Recording
	i   int // the current record; -1 before the first
	t   time.Duration
}

// Cursor starts a playhead at time 0.
func (rec *Recording) Cursor() *Cursor {
	c := &Cursor{rec: rec}
	c.SeekTo(0)
	return c
}

// Time is the playhead's time.
func (c *Cursor) Time() time.Duration { return c.t }

// Current is the latest record at or before the playhead.
func (c *Cursor) Current() (Record, bool) {
	if c.i < 0 {
		return Record{}, false
	}
	return c.rec.records[c.i], true
}

// SeekTo moves the playhead to t.
func (c *Cursor) SeekTo(t time.Duration) {
	c.t = max(t, 0)
	c.i = sort.Search(len(c.rec.records), func(i int) bool { return c.rec.records[i].T > c.t }) - 1
}

// Next steps to the next record and moves the playhead to its time; false
// at the end.
func (c *Cursor) Next() (Record, bool) {
	if c.i+1 >= len(c.rec.records) {
		return Record{}, false
	}
	c.i++
	r := c.rec.records[c.i]
	c.t = r.T
	return r, true
}

// Prev steps back to the record before the current one; false (and the
// playhead at 0) when there is none.
func (c *Cursor) Prev() (Record, bool) {
	if c.i <= 0 {
		c.i, c.t = -1, 0
		return Record{}, false
	}
	c.i--
	r := c.rec.records[c.i]
	c.t = r.T
	return r, true
}

// AdvanceTo plays forward to t and returns the records passed on the way,
// the ones after the current record up to t: one frame of playback.
func (c *Cursor) AdvanceTo(t time.Duration) []Record {
	from := c.i + 1
	c.SeekTo(max(t, c.t))
	return c.rec.records[from : c.i+1]
}

// State is the state at the playhead.
func (c *Cursor) State() (json.RawMessage, error) { return c.rec.StateAt(c.t) }
