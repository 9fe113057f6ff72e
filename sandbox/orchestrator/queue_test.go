package orchestrator

import (
	"testing"
	"time"
)

// A reader that falls behind loses only periodic refreshes: every change
// and every update with events reaches it, in order.
func TestStreamKeepsChangesWhenTheReaderIsBehind(t *testing.T) {
	s := newStream()
	defer s.close()
	snap := func(n int) *Snapshot { return &Snapshot{ReadyPods: n} }
	// Nobody reads yet: the stream's buffer fills behind the first update,
	// which the delivery goroutine holds.
	s.push(Update{Snapshot: snap(1)}, false)
	for i := range 5 {
		s.push(Update{Snapshot: snap(100 + i)}, true) // refreshes: the first few fit, the rest are dropped
	}
	s.push(Update{Snapshot: snap(2)}, false)                                      // a change without events
	s.push(Update{Snapshot: snap(3), Events: []Event{{Reason: "Killing"}}}, true) // a refresh carrying events

	var got []int
	timeout := time.After(5 * time.Second)
	for len(got) == 0 || got[len(got)-1] != 3 {
		select {
		case u := <-s.out:
			got = append(got, u.Snapshot.ReadyPods)
		case <-timeout:
			t.Fatalf("stream stalled after %v", got)
		}
	}
	var kept []int
	refreshes := 0
	for _, n := range got {
		if n >= 100 {
			refreshes++
		} else {
			kept = append(kept, n)
		}
	}
	if len(kept) != 3 || kept[0] != 1 || kept[1] != 2 || kept[2] != 3 {
		t.Errorf("changes delivered %v (all: %v), want [1 2 3] in order", kept, got)
	}
	if refreshes == 0 || refreshes == 5 {
		t.Errorf("%d of 5 refreshes delivered to a reader that was behind; want some dropped, some kept", refreshes)
	}
}
