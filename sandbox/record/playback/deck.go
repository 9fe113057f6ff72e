package playback

import (
	"sort"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

// Deck is the playhead over a tape and the engine it feeds. Safe from
// any goroutine.
//
// The seek contract, which views and their wrappers rely on: Seek moves
// the playhead, and the next engine starts there. A cluster engine
// (NewCluster, a new engine generation, as the view's own reset starts
// one) sends first one cluster.Update with every event recorded up to the
// playhead, in order, and the state there. The cold-start engine starts
// over in its own stream, as its own reset does (Function.Reset): a reset
// event, then the recorded events since the last reset up to the
// playhead, each with its snapshot, the last one the state there. After
// that, Advance sends what was recorded later, grouped as the recorder
// wrote it (a cluster update's events with the state after them).
type Deck struct {
	tp  *Tape
	clk *clock.Virtual // the engines' clock: paused with the player, as the presenter's banner shows

	mu         sync.Mutex
	t          time.Duration // the playhead
	pos        position      // how much of the stream the engine got
	restarting bool          // Seek happened; the engine has not started over yet
	seeks      int           // how many seeks: a frame played before the last one is stale
	// feed sends the engine the stream from p up to t (at most n updates
	// if n > 0).
	feed func(p position, t time.Duration, n int) (position, error)
}

// NewDeck is a deck at the tape's start, playing.
func NewDeck(tp *Tape) *Deck {
	return &Deck{tp: tp, clk: clock.NewManual(tp.Header().Started), t: tp.Start()}
}

// Tape is what the deck plays.
func (d *Deck) Tape() *Tape { return d.tp }

// Time is the playhead.
func (d *Deck) Time() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.t
}

// Seek moves the playhead to t (within the tape); nothing more reaches
// the current engine until the next one starts there. It returns the
// seek's number, for Advance.
func (d *Deck) Seek(t time.Duration) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.t, d.restarting = clamp(t, d.tp.Start(), d.tp.Duration()), true
	d.seeks++
	return d.seeks
}

// Advance plays on to t (a later time; an earlier one is ignored): the
// engine gets what was recorded up to it. seek is the number of the last
// Seek before it (0 before any): a frame computed before a later seek
// (Advance runs in a command, which may come late) does nothing.
func (d *Deck) Advance(seek int, t time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	t = min(t, d.tp.Duration())
	if seek != d.seeks || t < d.t {
		return nil
	}
	d.t = t
	if d.restarting || d.feed == nil {
		return nil
	}
	var err error
	d.pos, err = d.feed(d.pos, t, 0)
	return err
}

// Next sends the engine the stream's next update, one even where several
// share a millisecond, and moves the playhead to its time; false at the
// end. While an engine starts over after a seek, it only moves the
// playhead to the next update's time.
func (d *Deck) Next() (time.Duration, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	steps := d.tp.Steps()
	if d.restarting || d.feed == nil {
		i := sort.Search(len(steps), func(i int) bool { return steps[i] > d.t })
		if i == len(steps) {
			return d.t, false, nil
		}
		d.t = steps[i]
		return d.t, true, nil
	}
	if d.pos.next >= len(steps) {
		return d.t, false, nil
	}
	d.t = max(d.t, d.tp.timeOf(d.pos.next))
	var err error
	d.pos, err = d.feed(d.pos, d.t, 1)
	return d.t, true, err
}

// SetPaused pauses or resumes the engines' clock with the player.
func (d *Deck) SetPaused(paused bool) {
	if paused {
		d.clk.Pause()
	} else {
		d.clk.Resume()
	}
}

// NewCluster starts a cluster engine at the playhead: its first update is
// every event recorded up to there and the state there.
func (d *Deck) NewCluster() (*Cluster, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	u, pos, err := d.tp.seekCluster(d.t)
	if err != nil {
		return nil, err
	}
	c := &Cluster{deck: d, out: newStream[Update](), snap: u.Snapshot}
	c.out.push(u)
	d.pos, d.restarting = pos, false
	d.feed = func(p position, t time.Duration, n int) (position, error) {
		us, p, err := d.tp.advanceCluster(p, t, n)
		if len(us) > 0 && us[len(us)-1].Snapshot != nil {
			c.setSnapshot(us[len(us)-1].Snapshot)
		}
		c.out.push(us...)
		return p, err
	}
	return c, nil
}

// NewFunction starts a cold-start engine at the playhead: its stream
// begins with the events recorded since the last reset up to there.
func (d *Deck) NewFunction() *Function {
	f := &Function{deck: d, out: newStream[faas.Event]()}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.startFunction(f, false)
	return f
}

// startFunction sends f the events up to the playhead, after a reset
// event that clears the view when f starts over.
func (d *Deck) startFunction(f *Function, over bool) {
	evs, pos := d.tp.seekFunction(d.t)
	if over && (len(evs) == 0 || evs[0].Type != faas.Reset) {
		reset := faas.Event{Type: faas.Reset, Time: d.tp.Header().Started.Add(d.t)}
		if len(evs) > 0 {
			reset.Snapshot = evs[len(evs)-1].Snapshot
		}
		f.out.push(reset)
	}
	f.sent(evs, d.t)
	d.pos, d.restarting = pos, false
	d.feed = func(p position, t time.Duration, n int) (position, error) {
		evs, p := d.tp.advanceFunction(p, t, n)
		f.sent(evs, t)
		return p, nil
	}
}

func clamp(t, lo, hi time.Duration) time.Duration { return max(lo, min(t, hi)) }
