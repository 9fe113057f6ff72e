package replay

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback/playbacktest"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

// The player's keys, each from a player paused at its start (after what
// the case's keys did first).
func TestPlayerKeys(t *testing.T) {
	file := selfHealingFile(t, 2*time.Minute)
	end := 2 * time.Minute
	for _, tc := range []struct {
		name    string
		keys    []string
		playing bool
		speed   float64
		at      time.Duration
		note    string
	}{
		{"space plays", []string{"space"}, true, 1, 0, ""},
		{"space twice pauses", []string{"space", "space"}, false, 1, 0, ""},
		// The synthetic run has an event every 2 s: a probe's or a kill's.
		{". steps to the next event", []string{"."}, false, 1, 2 * time.Second, ""},
		{". three times", []string{".", ".", "."}, false, 1, 6 * time.Second, ""},
		{", steps back an event", []string{".", ".", ","}, false, 1, 2 * time.Second, ""},
		{", at the start", []string{","}, false, 1, 0, "no event before this one"},
		{"] doubles the speed", []string{"]"}, false, 2, 0, ""},
		{"] three times reaches 8x", []string{"]", "]", "]"}, false, 8, 0, ""},
		{"] stops at 8x", []string{"]", "]", "]", "]"}, false, 8, 0, "8x is the limit (0.25x to 8x)"},
		{"[ stops at 0.25x", []string{"[", "[", "["}, false, 0.25, 0, "0.25x is the limit (0.25x to 8x)"},
		{"→ seeks 5 s", []string{"right", "right"}, false, 1, 10 * time.Second, ""},
		{"← seeks back 5 s", []string{"right", "right", "left"}, false, 1, 5 * time.Second, ""},
		{"← stops at the start", []string{"left"}, false, 1, 0, ""},
		{"end", []string{"end"}, false, 1, end, ""},
		{"→ stops at the end", []string{"end", "right"}, false, 1, end, ""},
		{". at the end", []string{"end", "."}, false, 1, end, "no event after this one"},
		{"home", []string{"end", "home"}, false, 1, 0, ""},
		{"space at the end plays from the start", []string{"end", "space"}, true, 1, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, d := started(t, file, 100, 30)
			for _, k := range tc.keys {
				d.Send(press(k))
			}
			if p.playing != tc.playing || speeds[p.speed] != tc.speed || p.t != tc.at || p.note != tc.note {
				t.Errorf("playing %v, speed %v, at %v, note %q; want %v, %v, %v, %q", p.playing, speeds[p.speed], p.t, p.note, tc.playing, tc.speed, tc.at, tc.note)
			}
		})
	}
}

// A click on the timeline seeks to the time under it.
func TestClickOnTheTimelineSeeks(t *testing.T) {
	file := selfHealingFile(t, 2*time.Minute)
	for _, tc := range []struct {
		x, y int
		at   time.Duration
	}{
		{99, 27, 2 * time.Minute}, // the marks row, at its end
		{0, 28, 0},                // the bar, at its start
		{50, 28, 2 * time.Minute * 50 / 99},
		{50, 29, 0}, // the status line: no seek
		{50, 10, 0}, // the view: no seek
	} {
		p, d := started(t, file, 100, 30)
		d.Send(tea.MouseClickMsg{X: tc.x, Y: tc.y, Button: tea.MouseLeft})
		if p.t != tc.at {
			t.Errorf("click at %d,%d: at %v, want %v", tc.x, tc.y, p.t, tc.at)
		}
	}
}

// A seek starts the view over at the new time with every event up to it,
// and sends the command log up to there.
func TestSeekRedrawsTheViewThere(t *testing.T) {
	p, d := started(t, selfHealingFile(t, 2*time.Minute), 100, 30)
	var commands []demokit.CommandsMsg
	d.Send(press("end"))
	if !d.Until(5*time.Second, func(msg tea.Msg) bool {
		if c, ok := msg.(demokit.CommandsMsg); ok {
			commands = append(commands, c)
		}
		return isUpdate(msg)
	}) {
		t.Fatal("no update after the seek")
	}
	view := plain(p.Demo().View())
	if !strings.Contains(view, "9/10 ready, healing") || !strings.Contains(view, "healed 00003 → 00012 in 1.00 s (kill-pod, real time; 3 heals)") {
		t.Errorf("the view at the end does not show the 3 heals of 2 minutes and the fourth kill:\n%s", view)
	}
	if len(commands) != 1 || !commands[0].Replace || len(commands[0].Commands) != 4 {
		t.Errorf("command log after the seek: %+v, want the 4 kills, replacing", commands)
	}
}

// Play passing a command record sends it to the command log.
func TestPlayPassingACommandLogsIt(t *testing.T) {
	p, _ := started(t, selfHealingFile(t, time.Minute), 100, 30)
	var got []demokit.CommandsMsg
	for _, cmd := range p.playTo(31 * time.Second)().(tea.BatchMsg) {
		if c, ok := cmd().(demokit.CommandsMsg); ok {
			got = append(got, c)
		}
	}
	if len(got) != 1 || got[0].Replace || len(got[0].Commands) != 1 || got[0].Commands[0].Text != "kubectl delete pod web-5d8f7c9b4x-00001" ||
		!got[0].Commands[0].At.Equal(playbacktest.Started.Add(30*time.Second)) {
		t.Errorf("commands sent: %+v, want the kill at 30 s", got)
	}
}

// The demo's keys are actions: refused, in the view's error line, and
// nothing else on the screen changes.
func TestActionsAreOff(t *testing.T) {
	p, d := started(t, selfHealingFile(t, time.Minute), 100, 30)
	before := p.View()
	d.Send(press("k"))
	d.Until(200*time.Millisecond, func(tea.Msg) bool { return false })
	after := p.View()
	if !strings.Contains(plain(after), "actions are off in a replay: this is a recording of self-healing on docker") {
		t.Fatalf("no refusal on screen:\n%s", plain(after))
	}
	// The error takes the line of the view's note, as a failed action's does.
	withoutError := func(s string, line int) string {
		lines := strings.Split(plain(s), "\n")
		return strings.Join(append(lines[:line:line], lines[line+1:]...), "\n")
	}
	line := slices.IndexFunc(strings.Split(plain(after), "\n"), func(l string) bool { return strings.Contains(l, "actions are off") })
	if withoutError(before, line) != withoutError(after, line) {
		t.Errorf("k changed the screen:\nbefore:\n%s\nafter:\n%s", plain(before), plain(after))
	}
}

// A recording cut mid-line plays to its last complete line and says so.
func TestCutShortFilePlaysToItsLastLine(t *testing.T) {
	file := selfHealingFile(t, 59*time.Second) // its last line is a state, at 59 s
	cut := file[:len(file)-40]
	p, _ := started(t, cut, 100, 30)
	status := plain(p.status(p.th.Replay()))
	if !strings.Contains(status, "cut short at line") {
		t.Errorf("status %q does not say the file was cut short", status)
	}
	if dur := p.deck.Tape().Duration(); dur != 59*time.Second-playbacktest.Tick {
		t.Errorf("duration %v, want the last complete line's, %v", dur, 59*time.Second-playbacktest.Tick)
	}
}

// The player screen at a projector's 100x30, paused 40 s in (after the
// first kill's heal).
func TestPlayerGolden(t *testing.T) {
	p, d := started(t, selfHealingFile(t, 2*time.Minute), 100, 30)
	for range 8 {
		d.Send(press("right"))
	}
	if !d.Until(5*time.Second, isUpdate) {
		t.Fatal("no update after the seek")
	}
	d.Until(100*time.Millisecond, func(tea.Msg) bool { return false })
	out := p.View()
	if n := strings.Count(out, "\n") + 1; n != 30 {
		t.Errorf("%d lines, want 30", n)
	}
	golden.RequireEqual(t, []byte(out))
}

// A seek presses the view's reset key: every demo's view has one.
func TestEveryViewHasAResetKey(t *testing.T) {
	for demo, newView := range views {
		var b bytes.Buffer
		w, _ := record.NewWriter(&b, record.Header{Demo: demo, Options: []byte(`{}`), Started: playbacktest.Started})
		w.Close()
		rec, err := record.Open(&b)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := playback.NewTape(rec)
		if err != nil {
			t.Fatal(err)
		}
		view, err := newView(testContext(), playback.NewDeck(tp))
		if err != nil {
			t.Fatalf("%s: %v", demo, err)
		}
		if _, ok := resetKey(view); !ok {
			t.Errorf("%s's view has no binding whose help says \"reset\": a seek could not start it over", demo)
		}
	}
}

// The timeline and the command log work in a replay as live: t opens the
// timeline (not refused as an action), / filters it to one pod, and while
// the filter is typed letters are letters, not demo actions.
func TestTimelineInAReplay(t *testing.T) {
	p, d := started(t, selfHealingFile(t, 2*time.Minute), 100, 30)
	d.Send(press("end"))
	if !d.Until(5*time.Second, isUpdate) {
		t.Fatal("no update after the seek")
	}
	d.Send(press("t"))
	view := plain(p.View())
	if !strings.Contains(view, "Timeline") || strings.Contains(view, "actions are off") {
		t.Fatalf("t did not open the timeline in the replay:\n%s", view)
	}
	all := strings.Count(view, "web-5d8f7c9b4x-")
	d.Send(press("/"))
	if !p.CapturingInput() {
		t.Error("the filter prompt does not capture the keys: q would quit")
	}
	for _, k := range "00001" {
		d.Send(press(string(k)))
	}
	d.Send(press("k")) // a demo action's key, typed into the filter
	d.Send(press("backspace"))
	d.Send(press("enter"))
	view = plain(p.View())
	if strings.Contains(view, "actions are off") {
		t.Errorf("a key typed into the filter was refused as an action:\n%s", view)
	}
	if !strings.Contains(view, "/00001") || !strings.Contains(view, "events · esc clears") {
		t.Errorf("the timeline is not filtered to 00001:\n%s", view)
	}
	if strings.Count(view, "web-5d8f7c9b4x-00002") > 0 || all == 0 {
		t.Errorf("the filtered timeline still shows other pods (or none showed before):\n%s", view)
	}
}

// The view's note line says what the last recorded action did, as the
// live view said it: when play or "." passes the action, and after a seek.
func TestRecordedNotesNarrateTheActions(t *testing.T) {
	const first = "killed pod web-5d8f7c9b4x-00001: its ReplicaSet creates a replacement"
	const fourth = "killed pod web-5d8f7c9b4x-00004: its ReplicaSet creates a replacement"
	for _, tc := range []struct {
		name string
		keys []string
		want string
	}{
		{"stepping past the first kill", slices.Repeat([]string{"."}, 15), first},
		{"a seek past the first kill", []string{"right", "right", "right", "right", "right", "right", "right"}, first},
		{"a seek to the end", []string{"end"}, fourth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, d := started(t, selfHealingFile(t, 2*time.Minute), 100, 30)
			for _, k := range tc.keys {
				d.Send(press(k))
			}
			d.Until(5*time.Second, func(tea.Msg) bool { return strings.Contains(plain(p.Demo().View()), tc.want) })
			if view := plain(p.Demo().View()); !strings.Contains(view, "› "+tc.want) {
				t.Errorf("the note line does not say %q:\n%s", tc.want, view)
			}
		})
	}
}
