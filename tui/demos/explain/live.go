package explain

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

// sessioned is a demo view whose session runs engines E with updates U
// (demokit.Base gives every view this method).
type sessioned[E demokit.Engine, U any] interface {
	Session() *demokit.Session[E, U]
}

// Live makes the wrapped demo send the real command of each action it
// takes to the command log, and to also when not nil (a recording): it
// decorates every engine the demo's session starts. Call it before Init.
// A screen whose engine it does not know stays as it is.
func (s *Screen) Live(also commands.Sink) *Screen {
	q := newQueue()
	sink := commands.Tee(q.add, also)
	switch v := s.inner.(type) {
	case sessioned[cluster.Engine, cluster.Update]:
		v.Session().Decorate = func(e cluster.Engine) cluster.Engine { return commands.Cluster(e, sink) }
	case sessioned[*autoscaling.Engine, cluster.Update]:
		v.Session().Decorate = func(e *autoscaling.Engine) *autoscaling.Engine { return commands.Autoscaled(e, sink) }
	case sessioned[faas.Function, faas.Event]:
		v.Session().Decorate = func(f faas.Function) faas.Function { return commands.Function(f, sink) }
	default:
		return s
	}
	s.queue = q
	return s
}

// IsLive says whether Live found the demo's engine: its actions' commands
// then come to the log.
func (s *Screen) IsLive() bool { return s.queue != nil }

// queue carries commands from the engine's goroutines to the Update
// loop without ever blocking an action: they pile up until the pump
// (wait) takes them all at once.
type queue struct {
	mu      sync.Mutex
	pending []scenario.Command
	ready   chan struct{} // has a value while pending is not empty
	done    chan struct{}
	once    sync.Once
}

func newQueue() *queue {
	return &queue{ready: make(chan struct{}, 1), done: make(chan struct{})}
}

// pumpedMsg is the commands the pump took; the screen re-arms it.
type pumpedMsg struct{ commands []scenario.Command }

func (q *queue) add(c scenario.Command) {
	q.mu.Lock()
	q.pending = append(q.pending, c)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default: // already signalled
	}
}

// wait is the command that waits for commands and takes them all.
func (q *queue) wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case <-q.ready:
		case <-q.done:
			return nil
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		cs := q.pending
		q.pending = nil
		return pumpedMsg{commands: cs}
	}
}

// close ends the pump; safe on a nil queue and more than once.
func (q *queue) close() {
	if q != nil {
		q.once.Do(func() { close(q.done) })
	}
}
