package docker

import (
	"testing"

	"github.com/moby/moby/api/types/events"
)

func TestRecentSkipsOnlyReplays(t *testing.T) {
	var c recent
	die := events.Message{Action: events.ActionDie, Actor: events.Actor{ID: "a"}, TimeNano: 20}
	earlier := events.Message{Action: events.ActionDie, Actor: events.Actor{ID: "b"}, TimeNano: 10}
	if !c.add(die) || !c.add(earlier) {
		t.Fatal("a new event, even one stamped earlier than the last, was skipped")
	}
	if c.add(die) || c.add(earlier) {
		t.Error("a replayed event was handled twice")
	}
	for i := range int64(2000) {
		c.add(events.Message{Actor: events.Actor{ID: "x"}, TimeNano: 100 + i})
	}
	if len(c.ring) > 1024 || len(c.keys) != len(c.ring) {
		t.Errorf("remembers %d keys, %d in order; want at most 1024", len(c.keys), len(c.ring))
	}
}
