package orchestrator

import (
	"fmt"
	"testing"
	"time"
)

// receive reads from s until an update with ReadyPods == last arrives.
func receive(t *testing.T, s *stream, last int) []Update {
	t.Helper()
	var got []Update
	timeout := time.After(5 * time.Second)
	for len(got) == 0 || got[len(got)-1].Snapshot.ReadyPods != last {
		select {
		case u := <-s.out:
			got = append(got, u)
		case <-timeout:
			t.Fatalf("stream stalled after %d updates", len(got))
		}
	}
	return got
}

func snapWith(n int) *Snapshot { return &Snapshot{ReadyPods: n} }

// A reader that falls a little behind loses only refreshes without
// events: every change reaches it, in order.
func TestStreamKeepsChangesWhenTheReaderIsBehind(t *testing.T) {
	s := newStream()
	defer s.close()
	s.push(Update{Snapshot: snapWith(1)}, false) // nobody reads yet: the rest queue up
	for i := range 5 {
		s.push(Update{Snapshot: snapWith(100 + i)}, true) // the first few fit, the rest are dropped
	}
	s.push(Update{Snapshot: snapWith(2)}, false)                                      // a change without events
	s.push(Update{Snapshot: snapWith(3), Events: []Event{{Reason: "Killing"}}}, true) // a refresh carrying events

	var kept []int
	refreshes := 0
	for _, u := range receive(t, s, 3) {
		if n := u.Snapshot.ReadyPods; n >= 100 {
			refreshes++
		} else {
			kept = append(kept, n)
		}
	}
	if len(kept) != 3 || kept[0] != 1 || kept[1] != 2 || kept[2] != 3 {
		t.Errorf("changes delivered %v, want [1 2 3] in order", kept)
	}
	if refreshes == 0 || refreshes == 5 {
		t.Errorf("%d of 5 refreshes delivered to a reader that was behind; want some dropped, some kept", refreshes)
	}
}

// A reader far behind is never more than maxLag updates late: later changes
// fold into the last queued update, which keeps every event and the newest
// snapshot.
func TestStreamFoldsChangesBeyondMaxLag(t *testing.T) {
	s := newStream()
	defer s.close()
	const n = 3 * maxLag
	for i := 1; i <= n; i++ {
		s.push(Update{Snapshot: snapWith(i), Events: []Event{{Reason: "E", Message: string(rune('a' + i%26))}}}, false)
	}
	got := receive(t, s, n)
	if len(got) > maxLag+1 { // +1: the one the delivery goroutine holds
		t.Errorf("%d updates delivered to a reader %d behind, want at most %d", len(got), n, maxLag+1)
	}
	events := 0
	for i, u := range got {
		events += len(u.Events)
		if i > 0 && u.Snapshot.ReadyPods <= got[i-1].Snapshot.ReadyPods {
			t.Fatalf("snapshots out of order at %d", i)
		}
	}
	if events != n {
		t.Errorf("%d events delivered, want all %d", events, n)
	}
}

// A reader that stops reading costs bounded memory: the folded update keeps
// the newest events and counts the ones it left out.
func TestStreamBoundsWhatAStoppedReaderCosts(t *testing.T) {
	s := newStream()
	defer s.close()
	const pushed = 20_000
	for i := range pushed {
		s.push(Update{Events: []Event{{Message: fmt.Sprint(i)}}, Snapshot: snapWith(i)}, false)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	queued := 0
	for _, u := range s.buf {
		queued += len(u.Events) + u.Dropped
	}
	last := s.buf[len(s.buf)-1]
	if len(last.Events) > 2*maxFolded || last.Dropped == 0 {
		t.Fatalf("last update holds %d events, dropped %d; want at most %d kept", len(last.Events), last.Dropped, 2*maxFolded)
	}
	if queued+1 < pushed || queued > pushed { // the first may be in the reader's hands
		t.Errorf("%d events kept or counted, want %d", queued, pushed)
	}
	if got := last.Events[len(last.Events)-1].Message; got != fmt.Sprint(pushed-1) {
		t.Errorf("newest event %q, want %d", got, pushed-1)
	}
}
