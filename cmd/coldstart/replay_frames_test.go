package main

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)

func TestReplayDrawsTheLiveFramesSelfHealing(t *testing.T) {
	opts := selfhealing.Defaults()
	opts.TimeScale = 200
	m := selfhealingview.New(testContext(), fakeOpener(fake.New(clock.Real())), opts)
	killedAt := -1
	liveThenReplay(t, m, m.Sess, selfhealing.Name, opts, (*recorder).clusterUpdate, func(frames int, msg tea.Msg) bool {
		u, ok := msg.(demokit.UpdateMsg[cluster.Update])
		if !ok {
			return false
		}
		settled := u.Update.Snapshot != nil && u.Update.Snapshot.Settled
		switch {
		case killedAt < 0 && settled:
			e, _ := m.Sess.Engine()
			if _, err := e.KillPod(""); err != nil {
				t.Fatal(err)
			}
			killedAt = frames
		case killedAt >= 0 && frames > killedAt+4 && settled && len(u.Update.Snapshot.Heals) > 0:
			return true // healed, and settled again
		}
		return false
	})
}

func TestReplayDrawsTheLiveFramesColdStart(t *testing.T) {
	opts := coldstart.Defaults()
	m := coldstartview.New(testContext(), fakeOpener(fake.New(clock.Real())), opts)
	invoked := false
	liveThenReplay(t, m, m.Sess, coldstart.Name, opts, (*recorder).functionEvent, func(_ int, msg tea.Msg) bool {
		switch msg := msg.(type) {
		case demokit.StartedMsg[faas.Function, faas.Event]:
			if !invoked {
				invoked = true
				go func() { // a cold start, then a warm one
					msg.Engine.Invoke(context.Background())
					msg.Engine.Invoke(context.Background())
				}()
			}
		case demokit.UpdateMsg[faas.Event]:
			return msg.Update.Type == faas.InvokeEnd && msg.Update.Snapshot.Stats.Invocations == 2
		}
		return false
	})
}

// The other two views, on their first seconds: the replay starts them
// with the recorded options and the rollout's and the autoscaler's state.
func TestReplayDrawsTheLiveFramesRollingDeployAndAutoscaling(t *testing.T) {
	settledFor := func(n int) func(int, tea.Msg) bool {
		return func(frames int, msg tea.Msg) bool {
			u, ok := msg.(demokit.UpdateMsg[cluster.Update])
			return ok && frames >= n && u.Update.Snapshot != nil && u.Update.Snapshot.Settled
		}
	}
	t.Run(rollingdeploy.Name, func(t *testing.T) {
		opts := rollingdeploy.Defaults()
		m := rollingdeployview.New(testContext(), fakeOpener(fake.New(clock.Real())), opts)
		liveThenReplay(t, m, m.Sess, rollingdeploy.Name, opts, (*recorder).clusterUpdate, settledFor(8))
	})
	t.Run(autoscaling.Name, func(t *testing.T) {
		opts := autoscaling.Defaults()
		m := autoscalingview.New(testContext(), fakeOpener(fake.New(clock.Real())), opts)
		liveThenReplay(t, m, m.Sess, autoscaling.Name, opts, (*recorder).clusterUpdate, settledFor(8))
	})
}
