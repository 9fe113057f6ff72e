package clock

import (
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestManualAdvanceFiresInDeadlineOrder(t *testing.T) {
	c := NewManual(t0)
	var got []string
	var seen []time.Duration
	record := func(name string) func() {
		return func() { got = append(got, name); seen = append(seen, c.Now().Sub(t0)) }
	}
	c.AfterFunc(30*time.Second, record("c"))
	c.AfterFunc(10*time.Second, record("a"))
	c.AfterFunc(10*time.Second, record("b")) // same deadline: creation order
	stopped := c.AfterFunc(20*time.Second, record("never"))
	if !stopped.Stop() {
		t.Fatal("Stop of a pending timer reported false")
	}
	if stopped.Stop() {
		t.Fatal("second Stop reported true")
	}

	c.Advance(15 * time.Second)
	if want := []string{"a", "b"}; !equal(got, want) {
		t.Fatalf("after 15s fired %v, want %v", got, want)
	}
	c.Advance(15 * time.Second)
	if want := []string{"a", "b", "c"}; !equal(got, want) {
		t.Fatalf("after 30s fired %v, want %v", got, want)
	}
	wantSeen := []time.Duration{10 * time.Second, 10 * time.Second, 30 * time.Second}
	for i := range wantSeen {
		if seen[i] != wantSeen[i] {
			t.Errorf("timer %d saw Now()=+%v, want +%v", i, seen[i], wantSeen[i])
		}
	}
	if c.Pending() != 0 {
		t.Errorf("Pending = %d, want 0", c.Pending())
	}
}

func TestManualTimerScheduledFromCallbackFiresInSameAdvance(t *testing.T) {
	c := NewManual(t0)
	n := 0
	var tick func()
	tick = func() { n++; c.AfterFunc(time.Second, tick) }
	c.AfterFunc(time.Second, tick)
	c.Advance(5 * time.Second)
	if n != 5 {
		t.Fatalf("ticks = %d, want 5", n)
	}
}

func TestScaledNowRunsFasterAndPauses(t *testing.T) {
	var mu sync.Mutex
	realNow := t0
	c := NewScaled(20)
	c.base, c.anchor = t0, t0
	c.realNow = func() time.Time { mu.Lock(); defer mu.Unlock(); return realNow }
	advanceReal := func(d time.Duration) { mu.Lock(); realNow = realNow.Add(d); mu.Unlock() }

	advanceReal(time.Second)
	if got := c.Now().Sub(t0); got != 20*time.Second {
		t.Fatalf("after 1 real second at x20: +%v, want +20s", got)
	}
	c.Pause()
	advanceReal(time.Second)
	if got := c.Now().Sub(t0); got != 20*time.Second {
		t.Fatalf("paused clock moved to +%v", got)
	}
	c.Resume()
	c.SetFactor(10)
	advanceReal(time.Second)
	if got := c.Now().Sub(t0); got != 30*time.Second {
		t.Fatalf("after resume and 1 s at x10: +%v, want +30s", got)
	}
	c.Advance(time.Minute)
	if got := c.Now().Sub(t0); got != 90*time.Second {
		t.Fatalf("after Advance(1m): +%v, want +90s", got)
	}
}

func TestScaledTimerFiresInRealTime(t *testing.T) {
	c := NewScaled(1000) // 100 s of timer in about 0.1 s real
	done := make(chan struct{})
	c.AfterFunc(100*time.Second, func() { close(done) })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("scaled timer never fired")
	}
}

func TestPausedTimerDoesNotFireUntilResumed(t *testing.T) {
	c := NewScaled(1000)
	c.Pause()
	fired := make(chan struct{})
	c.AfterFunc(time.Millisecond, func() { close(fired) })
	// A paused clock arms no real timer at all, so nothing can fire.
	if c.wake != nil {
		t.Fatal("paused clock armed a real timer")
	}
	c.Resume()
	select {
	case <-fired:
	case <-time.After(10 * time.Second):
		t.Fatal("timer never fired after Resume")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
