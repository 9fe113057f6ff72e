// Package coldstartview is the live "cold-start" demo: a Lambda-like function
// service (sandbox/faas) on the real runtime, with its execution
// environments, a timeline of invocations and their measured phases, cold
// and warm latency, a billing meter and per-environment versus shared state.
package coldstartview

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

func init() {
	demos.Register(coldstart.Name, func(ctx common.Context) common.Screen { return Open(ctx, coldstart.Defaults()) })
}

// Open builds the demo screen for opts on the runtime --backend names.
func Open(ctx common.Context, opts coldstart.Options) *Model {
	return New(ctx, demokit.DefaultOpener, opts)
}

// maxRecent is how many finished invocations the timeline keeps.
const maxRecent = 40

// Model is the demo screen. It is used through a pointer: the running
// service lives in the base's session, which Close may release from
// another goroutine.
type Model struct {
	demokit.Base[faas.Function, faas.Event]
	demokit.Pauser // on the engine's clock (present.go)
	ctx            common.Context
	opts           coldstart.Options
	width, height  int

	busy   int  // actions (invocations, reaping) running in Cmds
	ready  bool // the engine runs
	snap   faas.Snapshot
	recent []faas.Invocation       // finished, newest last
	flying map[int]faas.Invocation // started, not finished
	told   faas.Event              // the latest event worth narrating (present.go)
}

// New builds the demo screen for opts (checked when the engine starts); the
// runtime is opened with open by Init's command.
func New(ctx common.Context, open demokit.Opener, opts coldstart.Options) *Model {
	ctx = ctx.WithDefaults()
	m := &Model{
		Base:   demokit.NewBase[faas.Function, faas.Event](open, ctx.Backend, "the function service", ctx.NoAnimation),
		ctx:    ctx,
		opts:   opts,
		flying: map[int]faas.Invocation{},
	}
	m.Pauser.Clock = m.presenter
	return m
}

// Messages from commands.
type (
	// clockMsg refreshes what changes with time alone: the elapsed time and
	// the always-on server's cost.
	clockMsg struct{ snap faas.Snapshot }
	doneMsg  struct{ err error } // an action command finished
)

// Start starts the function service on the open runtime.
func (m *Model) Start() tea.Cmd {
	opts := m.opts
	return m.StartEngine(func(rt sandbox.Runtime) (faas.Function, error) {
		e, err := coldstart.New(rt, opts.Clock(), opts)
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return e, nil
	}, faas.Function.Events)
}

// refresh reads the engine's snapshot a second from now.
func (m *Model) refresh() tea.Cmd {
	e := m.Running()
	if e == nil {
		return nil
	}
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clockMsg{snap: e.Snapshot()} })
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if ok, cmd := m.Base.Update(msg, m); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case clockMsg:
		// Only the time-driven fields: events carry newer snapshots of the rest.
		m.snap.Elapsed, m.snap.Stats.ServerUSD = msg.snap.Elapsed, msg.snap.Stats.ServerUSD
		return m, m.refresh()

	case demokit.EndedMsg:
		m.ready = false
		return m, nil

	case doneMsg:
		m.busy--
		if msg.err != nil {
			m.Err = msg.err.Error()
		}
		if m.busy == 0 {
			m.Status = ""
		}
		return m, nil
	}
	return m, nil
}

// Started: the service runs; the clock refresh starts.
func (m *Model) Started(e faas.Function) tea.Cmd {
	m.ready, m.Status = true, ""
	m.snap = e.Snapshot()
	return m.refresh()
}

// Apply folds one engine event into the view state.
func (m *Model) Apply(ev faas.Event) {
	m.snap = ev.Snapshot
	m.remember(ev)
	switch ev.Type {
	case faas.InvokeStart:
		m.flying[ev.Invocation.ID] = *ev.Invocation
	case faas.InvokeEnd:
		delete(m.flying, ev.Invocation.ID)
		m.recent = demokit.AppendLast(m.recent, maxRecent, *ev.Invocation)
	case faas.Reset:
		m.recent = nil
		clear(m.flying)
	}
}

// HandleKey starts the action of a key in a command.
func (m *Model) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	e := m.Running()
	if e == nil {
		return nil
	}
	m.Err = ""
	cfg := m.snap.Config
	switch {
	case key.Matches(msg, keys.Invoke):
		return m.action("invoking", func() error { e.Invoke(context.Background()); return nil })
	case key.Matches(msg, keys.Burst):
		return m.action("sending a burst", func() error { e.Burst(context.Background(), burstSize); return nil })
	case key.Matches(msg, keys.Slow):
		return m.action("waiting for a slow handler", func() error { e.InvokeWork(context.Background(), faas.SlowWork); return nil })
	case key.Matches(msg, keys.Memory):
		cfg.MemoryMB = next(memorySizes, cfg.MemoryMB)
		return m.action("", func() error { return e.Configure(cfg) })
	case key.Matches(msg, keys.Profile):
		cfg.Profile = faas.Heavy
		if m.snap.Config.Profile == faas.Heavy {
			cfg.Profile = faas.Light
		}
		return m.action("", func() error { return e.Configure(cfg) })
	case key.Matches(msg, keys.Limit):
		cfg.Concurrency = next(limits, cfg.Concurrency)
		return m.action("", func() error { return e.Configure(cfg) })
	case key.Matches(msg, keys.Skip):
		return m.action("skipping ahead past the idle timeout", func() error {
			if !e.SkipToIdleReap() {
				return errors.New("this clock cannot skip ahead")
			}
			return nil
		})
	case key.Matches(msg, keys.Reset):
		return m.action("resetting", func() error { return e.Reset(context.Background()) })
	}
	return nil
}

// action runs f in a command, with a status line while it runs.
func (m *Model) action(status string, f func() error) tea.Cmd {
	m.busy++
	if status != "" {
		m.Status = status
	}
	return func() tea.Msg { return doneMsg{err: f()} }
}

// Options are the knobs the demo runs with.
func (m *Model) Options() coldstart.Options { return m.opts }

func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

func (m *Model) Keys() []key.Binding { return keys.all() }
