// Package clock gives demo engines their notion of time. Real operations
// (starting containers, serving requests) always run in real time; the
// control plane's timers (idle reaping, backoff, probes, grace periods) run on
// a Clock, so demos can scale them ("timers x20"), pause and fast-forward
// them for a class, and tests can drive them by hand.
package clock

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Clock tells the time and runs functions later.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed on this clock.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc.
type Timer interface {
	// Stop cancels the timer; it reports whether the call stopped it.
	Stop() bool
}

// Sleep waits d on c, or until ctx is done (its error).
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	done := make(chan struct{})
	t := c.AfterFunc(d, func() { close(done) })
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Real is the wall clock.
func Real() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time                            { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Virtual is a clock whose time runs at Factor times real time, can be
// paused, and can jump forward. A manual Virtual (NewManual) does not move at
// all unless Advance is called: the fake clock of unit tests.
type Virtual struct {
	mu      sync.Mutex
	base    time.Time // virtual time at anchor
	anchor  time.Time // real time at anchor
	factor  float64
	paused  bool
	manual  bool
	timers  timerHeap
	seq     uint64
	wake    *time.Timer // real timer for the earliest deadline
	realNow func() time.Time
}

// NewScaled starts a clock at the current time that runs factor times faster
// than real time (factor 20: a 300 s timer fires after 15 real seconds).
func NewScaled(factor float64) *Virtual {
	if factor <= 0 {
		factor = 1
	}
	now := time.Now()
	return &Virtual{base: now, anchor: now, factor: factor, realNow: time.Now}
}

// NewManual starts a clock at start that only moves with Advance.
func NewManual(start time.Time) *Virtual {
	return &Virtual{base: start, anchor: start, factor: 1, manual: true, realNow: time.Now}
}

// Now is the clock's current time.
func (v *Virtual) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.nowLocked()
}

func (v *Virtual) nowLocked() time.Time {
	if v.manual || v.paused {
		return v.base
	}
	elapsed := v.realNow().Sub(v.anchor)
	return v.base.Add(time.Duration(float64(elapsed) * v.factor))
}

// reanchor fixes the current virtual time as the base, before a change of
// factor or pause state.
func (v *Virtual) reanchor() {
	v.base = v.nowLocked()
	v.anchor = v.realNow()
}

// Factor is how many times faster than real time the clock runs.
func (v *Virtual) Factor() float64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.factor
}

// SetFactor changes the speed from now on.
func (v *Virtual) SetFactor(f float64) {
	if f <= 0 {
		return
	}
	v.mu.Lock()
	v.reanchor()
	v.factor = f
	v.rescheduleLocked()
	v.mu.Unlock()
}

// Paused reports whether the clock is paused.
func (v *Virtual) Paused() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.paused
}

// Pause freezes the clock: no timer fires until Resume (or Advance).
func (v *Virtual) Pause() { v.setPaused(true) }

// Resume lets a paused clock run again.
func (v *Virtual) Resume() { v.setPaused(false) }

func (v *Virtual) setPaused(paused bool) {
	v.mu.Lock()
	v.reanchor()
	v.paused = paused
	v.rescheduleLocked()
	v.mu.Unlock()
}

// Advance jumps the clock forward by d, firing every timer that falls due on
// the way in deadline order (each sees Now() equal to its deadline). The
// callbacks run in the caller's goroutine before Advance returns.
func (v *Virtual) Advance(d time.Duration) {
	v.mu.Lock()
	target := v.nowLocked().Add(d)
	for len(v.timers) > 0 && !v.timers[0].at.After(target) {
		t := heap.Pop(&v.timers).(*vtimer)
		v.base, v.anchor = t.at, v.realNow()
		v.mu.Unlock()
		t.f()
		v.mu.Lock()
	}
	v.base, v.anchor = target, v.realNow()
	v.rescheduleLocked()
	v.mu.Unlock()
}

// Pending is the number of timers waiting to fire.
func (v *Virtual) Pending() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.timers)
}

// NextDeadline is when the earliest pending timer fires (ok false if none).
func (v *Virtual) NextDeadline() (at time.Time, ok bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.timers) == 0 {
		return time.Time{}, false
	}
	return v.timers[0].at, true
}

// AfterFunc calls f in its own goroutine once d has passed on this clock (in
// Advance's goroutine for a manual clock).
func (v *Virtual) AfterFunc(d time.Duration, f func()) Timer {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.seq++
	t := &vtimer{at: v.nowLocked().Add(d), seq: v.seq, f: f, v: v, index: -1}
	heap.Push(&v.timers, t)
	v.rescheduleLocked()
	return t
}

// rescheduleLocked arms one real timer for the earliest virtual deadline.
func (v *Virtual) rescheduleLocked() {
	if v.wake != nil {
		v.wake.Stop()
		v.wake = nil
	}
	if v.manual || v.paused || len(v.timers) == 0 {
		return
	}
	wait := time.Duration(float64(v.timers[0].at.Sub(v.nowLocked())) / v.factor)
	v.wake = time.AfterFunc(max(wait, 0), v.fireDue)
}

func (v *Virtual) fireDue() {
	v.mu.Lock()
	if v.manual || v.paused {
		v.mu.Unlock()
		return
	}
	now := v.nowLocked()
	var due []*vtimer
	for len(v.timers) > 0 && !v.timers[0].at.After(now) {
		due = append(due, heap.Pop(&v.timers).(*vtimer))
	}
	v.rescheduleLocked()
	v.mu.Unlock()
	for _, t := range due {
		go t.f()
	}
}

type vtimer struct {
	at    time.Time
	seq   uint64 // keeps equal deadlines in creation order
	f     func()
	v     *Virtual
	index int // in the heap, -1 when not pending
}

func (t *vtimer) Stop() bool {
	v := t.v
	v.mu.Lock()
	defer v.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&v.timers, t.index)
	v.rescheduleLocked()
	return true
}

type timerHeap []*vtimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].at.Equal(h[j].at) {
		return h[i].seq < h[j].seq
	}
	return h[i].at.Before(h[j].at)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*vtimer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.index = -1
	*h = old[:len(old)-1]
	return t
}
