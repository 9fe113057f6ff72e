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
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
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

// liveThenReplay runs view live, recorded as the full screen records it,
// taking its frame after each update until done (told each message and
// the frames so far) says the run is over; then replays the recording
// and compares the frames.
func liveThenReplay[E demokit.Engine, U any](t *testing.T, view common.Screen, sess *demokit.Session[E, U], demo string, opts any,
	record func(*recorder, U) error, done func(frames int, msg tea.Msg) bool) {
	// Every state, so each live frame has its twin: with the clock-only
	// states held back (sandbox/record's tests judge that), a loaded
	// machine's extra ticks would be frames the replay never draws.
	saved := recordOptions
	recordOptions = nil
	t.Cleanup(func() { recordOptions = saved })
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
	for range len(r.Records()) + len(r.StateTimes()) { // at most one step per line
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
