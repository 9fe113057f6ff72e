package demokit

import (
	"errors"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// view is the smallest Demo: it records what Base handed it.
type view struct {
	b       Base[*testEngine, int]
	started int
	applied []int
}

func (v *view) Start() tea.Cmd {
	return v.b.Sess.Start(func(sandbox.Runtime) (*testEngine, <-chan int, error) {
		e := &testEngine{updates: make(chan int, 1)}
		return e, e.updates, nil
	})
}
func (v *view) Started(*testEngine) tea.Cmd { v.started++; return nil }
func (v *view) Apply(u int)                 { v.applied = append(v.applied, u) }

func TestBaseRunsTheLifecycle(t *testing.T) {
	s, _ := openedSession(t)
	v := &view{b: Base[*testEngine, int]{Sess: s, what: "the engine", noAnimation: true}}
	defer v.b.Close()

	ok, cmd := v.b.Update(OpenedMsg{Choice: Choice{Backend: "fake"}, Desc: "fake runtime"}, v)
	if !ok || v.b.Status != "starting the engine" || v.b.Choice.Backend != "fake" || v.b.Desc != "fake runtime" {
		t.Fatalf("opened: handled %v, base %+v", ok, v.b)
	}
	started := cmd().(StartedMsg[*testEngine, int])
	if _, cmd = v.b.Update(started, v); v.started != 1 || cmd == nil {
		t.Fatalf("started %d times, next %v", v.started, cmd)
	}
	v.b.Update(UpdateMsg[int]{Gen: started.Gen, Update: 7}, v)
	v.b.Update(UpdateMsg[int]{Gen: started.Gen - 1, Update: 8}, v) // an engine replaced by a reset
	if len(v.applied) != 1 || v.applied[0] != 7 {
		t.Errorf("applied %v, want [7]: the stale generation's update is dropped", v.applied)
	}
	if ok, _ := v.b.Update(tea.KeyPressMsg{Code: 'x'}, v); ok {
		t.Error("a key was handled by the base")
	}
}

func TestBaseSaysWhatFailed(t *testing.T) {
	for _, tc := range []struct {
		msg  tea.Msg
		want string
	}{
		{OpenedMsg{Err: errors.New("no docker")}, "could not start the demo: no docker"},
		{StartedMsg[*testEngine, int]{Gen: 0, Err: errors.New("bad flag")}, "could not start the engine: bad flag"},
	} {
		v := &view{b: Base[*testEngine, int]{Sess: New[*testEngine, int](nil, "fake"), what: "the engine", Status: "waiting"}}
		if ok, _ := v.b.Update(tc.msg, v); !ok || v.b.Err != tc.want || v.b.Status != "" {
			t.Errorf("%T: err %q status %q, want %q and none", tc.msg, v.b.Err, v.b.Status, tc.want)
		}
	}
}

// An action's end shows on the note line, or its error on the error line
// (the note of the one before stays).
func TestBaseShowsHowAnActionEnded(t *testing.T) {
	v := &view{b: Base[*testEngine, int]{Sess: New[*testEngine, int](nil, "fake")}}
	if ok, _ := v.b.Update(Action(func() (string, error) { return "killed pod web-1", nil })(), v); !ok || v.b.Note != "killed pod web-1" {
		t.Fatalf("handled %v, note %q", ok, v.b.Note)
	}
	v.b.Update(DoneMsg{Err: errors.New("no such pod")}, v)
	if v.b.Err != "no such pod" || v.b.Note != "killed pod web-1" {
		t.Errorf("err %q note %q", v.b.Err, v.b.Note)
	}
}

// A view's Pauser before its clock is set is a demo without one.
func TestPauserWithoutAClock(t *testing.T) {
	var p Pauser
	p.SetPaused(true)
	if p.Paused() {
		t.Error("paused without a clock")
	}
	if msg := p.Step()().(common.StepDoneMsg); msg.Err == nil {
		t.Error("a step without a clock did not fail")
	}
}

type keyView struct {
	view
	keys []string
}

func (v *keyView) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	v.keys = append(v.keys, msg.String())
	return nil
}

// A view that is a KeyHandler gets its keys through Base.Update.
func TestBaseHandsKeysToAKeyHandler(t *testing.T) {
	v := &keyView{}
	v.b = Base[*testEngine, int]{Sess: New[*testEngine, int](nil, "fake")}
	if ok, _ := v.b.Update(tea.KeyPressMsg{Code: 'k', Text: "k"}, v); !ok || len(v.keys) != 1 || v.keys[0] != "k" {
		t.Errorf("handled %v, keys %v", ok, v.keys)
	}
}

// noteTap keeps the notes a session's tap is given.
type noteTap struct{ notes []string }

func (n *noteTap) Opened(Choice, string)      {}
func (n *noteTap) Update(int)                 {}
func (n *noteTap) Note(_ time.Time, s string) { n.notes = append(n.notes, s) }

// A tap that keeps notes (a recording) gets each action's note, from a
// command (not on the Update goroutine), and no failed action's.
func TestBaseTapsTheNotesOfActions(t *testing.T) {
	tap := &noteTap{}
	v := &view{b: Base[*testEngine, int]{Sess: New[*testEngine, int](nil, "fake")}}
	v.b.Sess.Tap = tap
	_, cmd := v.b.Update(DoneMsg{Note: "killed pod web-1"}, v)
	if len(tap.notes) != 0 || cmd == nil {
		t.Fatalf("the note was tapped on the Update goroutine, or not at all: %q, cmd %v", tap.notes, cmd)
	}
	cmd()
	if _, cmd := v.b.Update(DoneMsg{Err: errors.New("no such pod")}, v); cmd != nil {
		cmd()
	}
	if !slices.Equal(tap.notes, []string{"killed pod web-1"}) {
		t.Errorf("tapped %q, want the one note", tap.notes)
	}
}
