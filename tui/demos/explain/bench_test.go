package explain

import (
	"fmt"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// fullTimeline is a screen whose timeline holds maxEntries events of 50 pods.
func fullTimeline(b *testing.B) *Screen {
	s := Wrap(common.Context{Theme: theme.New(true, false)}, &plain{})
	s.SetSize(100, 30)
	var u cluster.Update
	for i := range maxEntries {
		u.Events = append(u.Events, ev(i, fmt.Sprintf("pod/web-7f9c-%05d", i%50), cluster.ReasonStarted))
	}
	s.Update(demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: u})
	s.toggle(timelinePanel)
	return s
}

// The panel is drawn on every frame, over the whole bounded timeline.
func BenchmarkTimelineView(b *testing.B) {
	for _, filter := range []string{"", "00007"} {
		b.Run("filter="+filter, func(b *testing.B) {
			s := fullTimeline(b)
			s.timeline.setFilter(filter)
			for b.Loop() {
				_ = s.View()
			}
		})
	}
}

// Update's share: one engine update of ten events into a full timeline.
func BenchmarkTimelineUpdate(b *testing.B) {
	s := fullTimeline(b)
	u := cluster.Update{Snapshot: &cluster.Snapshot{Deployment: "web"}}
	for i := range 10 {
		u.Events = append(u.Events, ev(i, "pod/web-7f9c-aaaaa", cluster.ReasonKilling))
	}
	msg := demokit.UpdateMsg[cluster.Update]{Gen: 1, Update: u}
	for b.Loop() {
		s.Update(msg)
	}
}
