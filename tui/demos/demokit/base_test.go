package demokit

import (
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
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
