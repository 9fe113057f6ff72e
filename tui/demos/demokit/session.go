// Package demokit is the plumbing the live demo views share: opening the
// runtime with progress, starting a demo engine on it, pumping the engine's
// updates into Bubble Tea messages, and closing everything exactly once.
package demokit

import (
	"context"
	"errors"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
)

// Choice is the backend in use and why it was chosen.
type Choice struct{ Backend, Reason string }

// Opener starts the runtime the demo runs on (backend "auto", "docker" or
// "process"), reporting slow steps such as image preparation to progress.
type Opener func(ctx context.Context, backend string, progress func(string)) (sandbox.Runtime, Choice, error)

// DefaultOpener opens the runtime through sandbox/backend.
func DefaultOpener(ctx context.Context, name string, progress func(string)) (sandbox.Runtime, Choice, error) {
	rt, c, err := backend.Open(ctx, name, progress)
	return rt, Choice{Backend: c.Backend, Reason: c.Reason}, err
}

// Engine is a demo engine (faas.Function, cluster.Engine...).
type Engine interface {
	Close(ctx context.Context) error
}

// closeTimeout bounds closing an engine or runtime with a fresh context.
const closeTimeout = 60 * time.Second

// Session holds a demo's runtime and engine E, whose updates are U. The
// view's Update goroutine opens and starts it; Close may come from another
// goroutine at any time, even while the runtime is still opening.
type Session[E Engine, U any] struct {
	open    Opener
	backend string
	gen     int // engine generation; Update goroutine only

	// Tap, when set before Init, sees the run from the commands, never on
	// the Update goroutine (a recording writes to a file): Opened once the
	// runtime is open, then every update of every engine, in order.
	Tap Tap[U]
	// Decorate, when set before Init, wraps every engine the session
	// starts (sandbox/commands' decorators, for the command log): the view
	// and its steps then drive the wrapped engine.
	Decorate func(E) E

	replay func() (E, error) // replay.go; set, it starts every engine

	mu      sync.Mutex
	rt      sandbox.Runtime
	engine  E
	running bool // engine is set
	cancel  context.CancelFunc
	closed  bool
}

// Tap sees a session's run (Session.Tap).
type Tap[U any] interface {
	Opened(c Choice, desc string)
	Update(u U)
}

// New is a session that opens backend with open.
func New[E Engine, U any](open Opener, backend string) *Session[E, U] {
	return &Session[E, U]{open: open, backend: backend}
}

// Messages of a session.
type (
	// ProgressMsg is a slow step of the opening; Next waits for the following one.
	ProgressMsg struct {
		Line string
		ch   <-chan string
	}
	// OpenedMsg ends the opening: the runtime is open, or Err says why not.
	OpenedMsg struct {
		Choice Choice
		Desc   string // the runtime's Describe
		Err    error
	}
	// StartedMsg ends a Start: the engine of generation Gen runs, or Err says why not.
	StartedMsg[E any, U any] struct {
		Gen     int
		Engine  E
		Err     error
		updates <-chan U
		tap     Tap[U]
	}
	// UpdateMsg is one update of the engine of generation Gen.
	UpdateMsg[U any] struct {
		Gen    int
		Update U
		ch     <-chan U
		tap    Tap[U]
	}
	// EndedMsg says the updates of generation Gen ended: the engine closed.
	EndedMsg struct{ Gen int }
)

// Open returns the command that opens the runtime: ProgressMsgs, then OpenedMsg.
func (s *Session[E, U]) Open() tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	progress := make(chan string, 16)
	open, backend, tap := s.open, s.backend, s.Tap
	openCmd := func() tea.Msg {
		defer close(progress)
		report := func(line string) {
			select {
			case progress <- line:
			default: // the status line shows the latest; never block the opening
			}
		}
		if open == nil {
			return OpenedMsg{Err: errors.New("no runtime opener")}
		}
		rt, choice, err := open(ctx, backend, report)
		if err != nil {
			return OpenedMsg{Err: err}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed { // the screen was left while we were opening
			rt.Close(context.Background())
			return OpenedMsg{Err: errors.New("closed")}
		}
		s.rt = rt
		if tap != nil {
			tap.Opened(choice, rt.Describe())
		}
		return OpenedMsg{Choice: choice, Desc: rt.Describe()}
	}
	return tea.Batch(openCmd, waitProgress(progress))
}

// Next waits for the opening's next progress line.
func (m ProgressMsg) Next() tea.Cmd { return waitProgress(m.ch) }

func waitProgress(ch <-chan string) tea.Cmd {
	return func() tea.Msg {
		line, ok := <-ch
		if !ok {
			return nil
		}
		return ProgressMsg{Line: line, ch: ch}
	}
}

// Start returns the command that starts an engine on the open runtime with
// start (the first, or a fresh one after a reset, closing the previous one
// first). Updates of older generations are then stale (see Current).
func (s *Session[E, U]) Start(start func(rt sandbox.Runtime) (E, <-chan U, error)) tea.Cmd {
	s.gen++
	gen, tap, decorate := s.gen, s.Tap, s.Decorate
	return func() tea.Msg {
		var zero E
		s.mu.Lock()
		rt, old, had := s.rt, s.engine, s.running
		s.engine, s.running = zero, false
		closed := s.closed
		s.mu.Unlock()
		if had {
			ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
			old.Close(ctx)
			cancel()
		}
		if closed || rt == nil {
			return StartedMsg[E, U]{Gen: gen, Err: errors.New("closed")}
		}
		e, updates, err := start(rt)
		if err != nil {
			return StartedMsg[E, U]{Gen: gen, Err: err}
		}
		if decorate != nil {
			e = decorate(e)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed { // left while starting: Close did not see this engine
			e.Close(context.Background())
			return StartedMsg[E, U]{Gen: gen, Err: errors.New("closed")}
		}
		s.engine, s.running = e, true
		return StartedMsg[E, U]{Gen: gen, Engine: e, updates: updates, tap: tap}
	}
}

// Current says whether gen is the latest Start's generation; messages of
// older ones are dropped.
func (s *Session[E, U]) Current(gen int) bool { return gen == s.gen }

// Gen is the latest Start's generation.
func (s *Session[E, U]) Gen() int { return s.gen }

// Next waits for the started engine's first update.
func (m StartedMsg[E, U]) Next() tea.Cmd { return waitUpdate(m.Gen, m.updates, m.tap) }

// Next waits for the engine's following update.
func (m UpdateMsg[U]) Next() tea.Cmd { return waitUpdate(m.Gen, m.ch, m.tap) }

func waitUpdate[U any](gen int, ch <-chan U, tap Tap[U]) tea.Cmd {
	return func() tea.Msg {
		u, ok := <-ch
		if !ok {
			return EndedMsg{Gen: gen}
		}
		if tap != nil {
			tap.Update(u)
		}
		return UpdateMsg[U]{Gen: gen, Update: u, ch: ch, tap: tap}
	}
}

// Engine is the running engine, if any.
func (s *Session[E, U]) Engine() (E, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.engine, s.running
}

// Close stops the demo once: the engine, then the runtime, each with a
// fresh context (Ctrl-C must leave nothing behind). Safe from any goroutine.
func (s *Session[E, U]) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if s.running {
		s.engine.Close(ctx)
	}
	if s.rt != nil {
		s.rt.Close(ctx)
	}
}
