package demokit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A presenter's "." after a node kill reaches NotReady in one press: the
// step jumps to the cluster's next milestone, not to its next probe tick.
func TestClusterClockStepReachesTheNextMilestone(t *testing.T) {
	clk := clock.NewManual(t0)
	rt := fake.New(clock.Real())
	c, err := selfhealing.New(rt, clk, selfhealing.Options{Replicas: 3, Nodes: 3, TimeScale: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Close(ctx)
		rt.Close(ctx)
	})
	wait := func(what string, cond func(*cluster.Snapshot) bool) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if _, err := c.WaitFor(ctx, cond); err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
	}
	wait("settled", func(s *cluster.Snapshot) bool { return s.Settled })
	if _, err := c.KillNode("node-2"); err != nil {
		t.Fatal(err)
	}

	msg := ClusterClock(c).Step()().(common.StepDoneMsg)
	if msg.Err != nil {
		t.Fatal(msg.Err)
	}
	wait("node-2 NotReady after one step", func(s *cluster.Snapshot) bool {
		return s.Nodes[1].Condition == cluster.NodeUnknown
	})
	want := fmt.Sprintf("stepped the control-plane clock %s to its next milestone", selfhealing.NodeMonitorGrace)
	if msg.Note != want {
		t.Errorf("note %q, want %q", msg.Note, want)
	}
}

func TestPresenterClockStep(t *testing.T) {
	milestone := func(d time.Duration, ok bool, clk *clock.Virtual) func() (time.Duration, bool) {
		return func() (time.Duration, bool) {
			if ok {
				clk.Advance(d)
			}
			return d, ok
		}
	}
	cases := []struct {
		name      string
		noClock   bool
		timer     time.Duration // 0: none waits
		milestone func(*clock.Virtual) func() (time.Duration, bool)
		wantNote  string
		wantErr   string
		wantMoved time.Duration
		wantFired bool
	}{
		{name: "not running", noClock: true, wantErr: "not running"},
		{name: "no timer", wantErr: "no timer"},
		{name: "next timer", timer: time.Second, wantNote: "timer 1s", wantMoved: time.Second, wantFired: true},
		{name: "milestone first", timer: time.Second,
			milestone: func(v *clock.Virtual) func() (time.Duration, bool) { return milestone(50*time.Second, true, v) },
			wantNote:  "milestone 50s", wantMoved: 50 * time.Second, wantFired: true},
		{name: "no milestone: next timer", timer: 2 * time.Second,
			milestone: func(v *clock.Virtual) func() (time.Duration, bool) { return milestone(0, false, v) },
			wantNote:  "timer 2s", wantMoved: 2 * time.Second, wantFired: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewManual(t0)
			fired := false
			if tc.timer > 0 {
				clk.AfterFunc(tc.timer, func() { fired = true })
			}
			p := PresenterClock{
				Clock: clk, NotRunning: "not running", NoTimer: "no timer",
				Stepped: func(d time.Duration) string { return "timer " + d.String() },
				Reached: func(d time.Duration) string { return "milestone " + d.String() },
			}
			if tc.noClock {
				p.Clock = nil
			}
			if tc.milestone != nil {
				p.Milestone = tc.milestone(clk)
			}
			msg := p.Step()().(common.StepDoneMsg)
			if got := errText(msg.Err); got != tc.wantErr {
				t.Fatalf("err %q, want %q", got, tc.wantErr)
			}
			if msg.Note != tc.wantNote {
				t.Errorf("note %q, want %q", msg.Note, tc.wantNote)
			}
			if moved := clk.Now().Sub(t0); moved != tc.wantMoved {
				t.Errorf("clock moved %v, want %v", moved, tc.wantMoved)
			}
			if fired != tc.wantFired {
				t.Errorf("timer fired %v, want %v", fired, tc.wantFired)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
