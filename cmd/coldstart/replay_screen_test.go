package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
	"github.com/coldstart-dev/coldstart/tui/replay"
	"github.com/coldstart-dev/coldstart/tui/replay/replaytest"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The replay draws what the live run drew: a demo runs live on the fake
// runtime, recorded through the full screen's recorder, with its view's
// frame taken after each update; its replay, stepped one event at a time,
// must draw the same frames. Only the backend line differs: it says the
// run is a recording.

const frameW, frameH = 100, 36

func testContext() common.Context {
	return common.Context{Theme: theme.New(true, true), NoAnimation: true, Backend: "fake"}
}

func fakeOpener(rt *fake.Runtime) demokit.Opener {
	return func(context.Context, string, func(string)) (sandbox.Runtime, demokit.Choice, error) {
		return rt, demokit.Choice{Backend: "fake", Reason: "test"}, nil
	}
}

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

// liveThenReplay runs view live, recorded as the full screen records it,
// taking its frame after each update until done (told each message and
// the frames so far) says the run is over; then replays the recording
// and compares the frames.
func liveThenReplay[E demokit.Engine, U any](t *testing.T, view common.Screen, sess *demokit.Session[E, U], demo string, opts any,
	record func(*recorder, U) error, done func(frames int, msg tea.Msg) bool) {
	path := filepath.Join(t.TempDir(), demo+".jsonl")
	rec := &screenRecording[U]{demo: demo, opts: opts, path: path, record: record}
	sess.Tap = rec
	d := replaytest.Start(t, view, frameW, frameH)
	var live []string
	ok := d.Until(30*time.Second, func(msg tea.Msg) bool {
		if u, isUpdate := msg.(demokit.UpdateMsg[U]); isUpdate && sess.Current(u.Gen) {
			live = append(live, view.View())
		}
		return done(len(live), msg)
	})
	sess.Close()
	rec.close(io.Discard)
	if !ok {
		t.Fatalf("the live run did not end in time (%d frames)", len(live))
	}
	got := replayFrames(t, path, func(msg tea.Msg) bool { _, ok := msg.(demokit.UpdateMsg[U]); return ok })
	sameFrames(t, live, got)
}

// replayFrames plays the recording at path paused, one "." at a time, and
// takes the demo view's frame after each update.
func replayFrames(t *testing.T, path string, isUpdate func(tea.Msg) bool) []string {
	t.Helper()
	r, err := openRecording(path, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	p, err := replay.Open(testContext(), r)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	d := replaytest.Start(t, p, frameW, frameH+3)
	d.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}) // pause: "." steps
	var frames []string
	take := func(msg tea.Msg) bool {
		if isUpdate(msg) {
			frames = append(frames, p.Demo().View())
		}
		return false
	}
	settle := func() { d.Until(300*time.Millisecond, take) }
	settle()
	for range r.Records() { // at most one step per record
		n := len(frames)
		d.Send(tea.KeyPressMsg{Code: '.', Text: "."})
		settle()
		if len(frames) == n {
			break
		}
	}
	return frames
}

// sameFrames compares the live frames with the replay's, but for the
// backend line.
func sameFrames(t *testing.T, live, replayed []string) {
	t.Helper()
	strip := func(frame string) string {
		var out []string
		for _, l := range strings.Split(frame, "\n") {
			if !strings.HasPrefix(ansi.Strip(l), "backend ") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	if len(replayed) < len(live) {
		t.Errorf("the replay drew %d frames, the live run %d", len(replayed), len(live))
	}
	for i := range min(len(live), len(replayed)) {
		if a, b := strip(live[i]), strip(replayed[i]); a != b {
			t.Fatalf("frame %d of %d differs:\nlive:\n%s\nreplay:\n%s", i+1, len(live), a, b)
		}
	}
}
