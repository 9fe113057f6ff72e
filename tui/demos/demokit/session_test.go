package demokit

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
)

// countingRuntime counts its Close calls.
type countingRuntime struct {
	sandbox.Runtime
	closes atomic.Int32
}

func (r *countingRuntime) Close(ctx context.Context) error {
	r.closes.Add(1)
	return r.Runtime.Close(ctx)
}

type testEngine struct {
	updates chan int
	closes  atomic.Int32
}

func (e *testEngine) Close(context.Context) error {
	if e.closes.Add(1) == 1 {
		close(e.updates)
	}
	return nil
}

func openedSession(t *testing.T) (*Session[*testEngine, int], *countingRuntime) {
	t.Helper()
	rt := &countingRuntime{Runtime: fake.New(clock.Real())}
	open := func(_ context.Context, backend string, progress func(string)) (sandbox.Runtime, Choice, error) {
		progress("preparing " + backend)
		return rt, Choice{Backend: backend, Reason: "test"}, nil
	}
	s := New[*testEngine, int](open, "fake")
	cmds := s.Open()().(tea.BatchMsg)
	opened := cmds[0]().(OpenedMsg)
	if opened.Err != nil || opened.Choice.Backend != "fake" {
		t.Fatalf("opened: %+v", opened)
	}
	p := cmds[1]().(ProgressMsg)
	if p.Line != "preparing fake" {
		t.Errorf("progress %q", p.Line)
	}
	if msg := p.Next()(); msg != nil {
		t.Errorf("after the opening's end: %v, want nil", msg)
	}
	return s, rt
}

func TestSessionPumpsTheCurrentGenerationAndClosesOnce(t *testing.T) {
	s, rt := openedSession(t)
	var engines []*testEngine
	start := func(sandbox.Runtime) (*testEngine, <-chan int, error) {
		e := &testEngine{updates: make(chan int, 4)}
		engines = append(engines, e)
		return e, e.updates, nil
	}
	first := s.Start(start)().(StartedMsg[*testEngine, int])
	if first.Err != nil || !s.Current(first.Gen) {
		t.Fatalf("first start: %+v", first)
	}
	first.Engine.updates <- 7
	u := first.Next()().(UpdateMsg[int])
	if u.Update != 7 || u.Gen != first.Gen {
		t.Errorf("update %+v", u)
	}

	second := s.Start(start)().(StartedMsg[*testEngine, int]) // a reset
	if s.Current(first.Gen) || !s.Current(second.Gen) {
		t.Error("the first generation is still current after a second Start")
	}
	if engines[0].closes.Load() != 1 {
		t.Error("a second Start did not close the first engine")
	}
	if ended, ok := u.Next()().(EndedMsg); !ok || ended.Gen != first.Gen {
		t.Errorf("the closed engine's pump gave %#v, want EndedMsg", ended)
	}
	if e, ok := s.Engine(); !ok || e != engines[1] {
		t.Error("Engine is not the second engine")
	}

	s.Close()
	s.Close()
	if n := engines[1].closes.Load(); n != 1 {
		t.Errorf("engine closed %d times, want 1", n)
	}
	if n := rt.closes.Load(); n != 1 {
		t.Errorf("runtime closed %d times, want 1", n)
	}
	if msg := s.Start(start)().(StartedMsg[*testEngine, int]); msg.Err == nil {
		t.Error("Start after Close succeeded")
	}
}

func TestCloseWhileStartingClosesTheNewEngine(t *testing.T) {
	s, _ := openedSession(t)
	e := &testEngine{updates: make(chan int)}
	starting, release := make(chan struct{}), make(chan struct{})
	start := s.Start(func(sandbox.Runtime) (*testEngine, <-chan int, error) {
		close(starting)
		<-release
		return e, e.updates, nil
	})
	result := make(chan tea.Msg)
	go func() { result <- start() }()
	<-starting
	s.Close() // the engine is not in the session yet
	close(release)
	if msg := (<-result).(StartedMsg[*testEngine, int]); msg.Err == nil {
		t.Fatal("a start that finished after Close succeeded")
	}
	if e.closes.Load() != 1 {
		t.Error("the engine started after Close was kept")
	}
}

func TestCloseWhileOpeningReleasesTheRuntime(t *testing.T) {
	opening := make(chan struct{})
	rt := &countingRuntime{Runtime: fake.New(clock.Real())}
	s := New[*testEngine, int](func(ctx context.Context, _ string, _ func(string)) (sandbox.Runtime, Choice, error) {
		close(opening)
		<-ctx.Done() // slow image preparation, cancelled by Close
		return rt, Choice{}, nil
	}, "fake")
	open := s.Open()().(tea.BatchMsg)[0]
	result := make(chan tea.Msg)
	go func() { result <- open() }()
	<-opening
	s.Close()
	if msg := (<-result).(OpenedMsg); msg.Err == nil {
		t.Fatal("opening finished after Close without an error")
	}
	if rt.closes.Load() != 1 {
		t.Error("a runtime opened after Close was kept")
	}
}

func TestNoOpener(t *testing.T) {
	s := New[*testEngine, int](nil, "auto")
	if msg := s.Open()().(tea.BatchMsg)[0]().(OpenedMsg); msg.Err == nil {
		t.Error("no opener: no error")
	}
}

// recordingTap notes what a Tap sees.
type recordingTap struct {
	opened  []Choice
	updates []int
}

func (r *recordingTap) Opened(c Choice, _ string) { r.opened = append(r.opened, c) }
func (r *recordingTap) Update(u int)              { r.updates = append(r.updates, u) }

// A Tap sees the opening, then every update of every engine in order, in
// the commands that read them.
func TestSessionTapSeesTheOpeningAndEveryUpdate(t *testing.T) {
	tap := &recordingTap{}
	rt := &countingRuntime{Runtime: fake.New(clock.Real())}
	open := func(context.Context, string, func(string)) (sandbox.Runtime, Choice, error) {
		return rt, Choice{Backend: "fake"}, nil
	}
	s := New[*testEngine, int](open, "fake")
	s.Tap = tap
	s.Open()().(tea.BatchMsg)[0]()
	if len(tap.opened) != 1 || tap.opened[0].Backend != "fake" {
		t.Fatalf("Opened calls %v: want one, with the backend", tap.opened)
	}
	start := func(sandbox.Runtime) (*testEngine, <-chan int, error) {
		e := &testEngine{updates: make(chan int, 4)}
		return e, e.updates, nil
	}
	for _, batch := range [][]int{{1, 2}, {3}} { // a reset starts a second engine
		m := s.Start(start)().(StartedMsg[*testEngine, int])
		next := m.Next
		for _, u := range batch {
			m.Engine.updates <- u
			msg := next()().(UpdateMsg[int])
			next = msg.Next
		}
	}
	if got := fmt.Sprint(tap.updates); got != "[1 2 3]" {
		t.Errorf("the tap saw %s: want [1 2 3]", got)
	}
	s.Close()
}

// Decorate wraps every engine a Start makes: the view and Close get the
// wrapped one (the command log's decorator).
func TestDecorateWrapsEveryStartedEngine(t *testing.T) {
	s, _ := openedSession(t)
	var inner []*testEngine
	s.Decorate = func(e *testEngine) *testEngine {
		inner = append(inner, e)
		return &testEngine{updates: make(chan int)}
	}
	start := func(sandbox.Runtime) (*testEngine, <-chan int, error) {
		e := &testEngine{updates: make(chan int)}
		return e, e.updates, nil
	}
	msg := s.Start(start)().(StartedMsg[*testEngine, int])
	got, _ := s.Engine()
	if len(inner) != 1 || msg.Engine == inner[0] || got != msg.Engine {
		t.Errorf("the started engine is not the decorated one (%d decorated)", len(inner))
	}
	s.Close()
	if got.closes.Load() != 1 {
		t.Error("Close did not close the decorated engine")
	}
}
