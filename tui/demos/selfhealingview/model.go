// Package selfhealingview is the live "self-healing" demo: a Deployment's
// pods on real workloads spread over nodes, a Service with steady traffic,
// and the controllers of sandbox/orchestrator healing what the learner
// breaks: killed pods, killed nodes, hung and crash-looping containers.
package selfhealingview

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

func init() {
	demos.Register(selfhealing.Name, func(ctx common.Context) common.Screen { return Open(ctx, selfhealing.Defaults()) })
}

// Open builds the demo screen for opts on the runtime --backend names.
func Open(ctx common.Context, opts selfhealing.Options) *Model {
	return New(ctx, demokit.DefaultOpener, opts)
}

// maxEvents is how many events the log keeps.
const maxEvents = 200

// Model is the demo screen. It is used through a pointer: the running
// cluster lives in the base's session, which Close may release from
// another goroutine.
type Model struct {
	demokit.Base[cluster.Engine, cluster.Update]
	demokit.Pauser // on the control-plane clock (present.go)
	ctx            common.Context
	opts           selfhealing.Options

	width, height int

	snap   *cluster.Snapshot
	events []cluster.Event
	start  time.Time // real time of the first update, the event log's zero
}

// New builds the demo screen for opts (checked when the engine starts); the
// runtime is opened with open by Init's command.
func New(ctx common.Context, open demokit.Opener, opts selfhealing.Options) *Model {
	ctx = ctx.WithDefaults()
	m := &Model{
		Base: demokit.NewBase[cluster.Engine, cluster.Update](open, ctx.Backend, "the cluster", ctx.NoAnimation),
		ctx:  ctx, opts: opts,
	}
	m.Pauser.Clock = m.presenter
	return m
}

// Start starts a cluster (the first, or a fresh one after reset) on the
// open runtime, closing the previous one first.
func (m *Model) Start() tea.Cmd {
	opts := m.opts
	return m.StartEngine(func(rt sandbox.Runtime) (cluster.Engine, error) { return selfhealing.New(rt, opts.Clock(), opts) }, cluster.Engine.Updates)
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if _, ok := msg.(demokit.DoneMsg); ok {
		m.Status = "" // an action ends what was under way ("creating pods")
	}
	_, cmd := m.Base.Update(msg, m)
	return m, cmd
}

// Started: the cluster runs, its pods are being created.
func (m *Model) Started(cluster.Engine) tea.Cmd {
	m.Status = "creating pods"
	return nil
}

// Apply folds one engine update into the view state.
func (m *Model) Apply(u cluster.Update) {
	if m.start.IsZero() && u.Snapshot != nil { // the event log counts from the first thing seen
		m.start = u.Snapshot.Time
		for _, e := range u.Events {
			if e.Time.Before(m.start) {
				m.start = e.Time
			}
		}
	}
	if u.Snapshot != nil {
		m.snap = u.Snapshot
		if m.Status == "creating pods" && u.Snapshot.Settled {
			m.Status = ""
			m.Note = "all replicas ready: break something (k, n, h, c)"
		}
	}
	m.events = demokit.AppendLast(m.events, maxEvents, u.Events...)
}

// HandleKey starts the action of a key in a command.
func (m *Model) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.Running()
	if c == nil || m.snap == nil {
		return nil
	}
	m.Err = ""
	switch {
	case key.Matches(msg, keys.KillPod):
		return demokit.Action(func() (string, error) {
			name, err := c.KillPod("")
			return fmt.Sprintf("killed pod %s: its ReplicaSet creates a replacement", name), err
		})
	case key.Matches(msg, keys.KillNode):
		return demokit.Action(func() (string, error) {
			name, err := c.KillNode("")
			return fmt.Sprintf("killed %s: its pods died; the control plane notices after %s (node-monitor-grace-period)", name, short(selfhealing.NodeMonitorGrace)), err
		})
	case key.Matches(msg, keys.Hang):
		return demokit.Action(func() (string, error) {
			name, err := c.HangPod("")
			return fmt.Sprintf("%s's /healthz now hangs: after %d failed liveness probes the kubelet restarts it", name, selfhealing.ProbeThreshold), err
		})
	case key.Matches(msg, keys.CrashLoop):
		return demokit.Action(func() (string, error) {
			name, err := c.CrashLoopPod("")
			return fmt.Sprintf("%s now crashes on start: restarts back off 10s, 20s, 40s… (k deletes a pod)", name), err
		})
	case key.Matches(msg, keys.ScaleUp), key.Matches(msg, keys.ScaleDown):
		n := m.snap.Replicas + 1
		if key.Matches(msg, keys.ScaleDown) {
			n = m.snap.Replicas - 1
		}
		return demokit.Action(func() (string, error) {
			return fmt.Sprintf("scaled the Deployment to %d replicas", n), c.Scale(n)
		})
	case key.Matches(msg, keys.FastForward):
		tc, ok := c.(cluster.TimeControl)
		if !ok {
			m.Err = "this cluster's timers run on real time: nothing to fast-forward"
			return nil
		}
		return demokit.Action(func() (string, error) {
			d, ok := tc.FastForward()
			if !ok {
				return "", errors.New("no timer is waiting: nothing to fast-forward")
			}
			return fmt.Sprintf("fast-forwarded the control-plane clock by %s", short(d)), nil
		})
	case key.Matches(msg, keys.Reset):
		m.events, m.snap, m.start, m.Note = nil, nil, time.Time{}, ""
		m.Status = "resetting"
		return m.Start()
	}
	return nil
}

// Options are the knobs the demo runs with.
func (m *Model) Options() selfhealing.Options { return m.opts }

func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

func (m *Model) Keys() []key.Binding { return keys.all() }
