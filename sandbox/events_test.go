package sandbox

import "testing"

func TestQueueKeepsOrderAndClosesAfterDraining(t *testing.T) {
	q := NewEventQueue()
	for i := range 1000 { // nobody reads yet: Push must not block
		q.Push(Event{ExitCode: i})
	}
	q.Close()
	q.Push(Event{ExitCode: -1}) // after Close: dropped
	i := 0
	for e := range q.Out() {
		if e.ExitCode != i {
			t.Fatalf("event %d carries %d", i, e.ExitCode)
		}
		i++
	}
	if i != 1000 {
		t.Errorf("got %d events, want 1000", i)
	}
}

func TestQueueOfAnyType(t *testing.T) {
	q := NewQueue[string]()
	q.Push("a")
	q.Push("b")
	q.Close()
	var got []string
	for s := range q.Out() {
		got = append(got, s)
	}
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("got %q, want [a b]", got)
	}
}
