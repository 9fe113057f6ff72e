// Package autoscalingview is the live "autoscaling" demo: a Deployment of
// real pods behind a Service, a HorizontalPodAutoscaler on a measured
// metric (container CPU on docker, requests per second per pod elsewhere),
// and keys that raise and lower the load. It shows the load, the metric
// against its target, the HPA's formula and what held it back, and the
// desired and current replicas over time.
package autoscalingview

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

func init() {
	demos.Register(autoscaling.Name, func(ctx common.Context) common.Screen { return Open(ctx, autoscaling.Defaults()) })
}

// Open builds the demo screen for opts on the runtime --backend names.
func Open(ctx common.Context, opts autoscaling.Options) *Model {
	return New(ctx, demokit.DefaultOpener, opts)
}

const maxEvents = 100

// Model is the demo screen, used through a pointer.
type Model struct {
	demokit.Base[*autoscaling.Engine, cluster.Update]
	demokit.Pauser // on the control-plane clock the HPA syncs on (present.go)
	ctx            common.Context
	opts           autoscaling.Options

	width, height int

	snap   *cluster.Snapshot
	hpa    cluster.AutoscalerStatus
	load   autoscaling.Load
	events []cluster.Event
}

// New builds the demo screen for opts (checked when the engine starts); the
// runtime is opened with open by Init's command.
func New(ctx common.Context, open demokit.Opener, opts autoscaling.Options) *Model {
	ctx = ctx.WithDefaults()
	m := &Model{Base: demokit.NewBase[*autoscaling.Engine, cluster.Update](open, ctx.Backend, "the cluster", ctx.NoAnimation),
		ctx: ctx, opts: opts}
	m.Pauser.Clock = m.presenter
	return m
}

// loadSetMsg ends setting the load: the load now, or why not.
type loadSetMsg struct {
	note string
	load autoscaling.Load
	err  error
}

// Start starts a cluster at the minimum, its traffic at the low load,
// and the autoscaler (closing the previous ones first).
func (m *Model) Start() tea.Cmd {
	opts := m.opts
	return m.StartEngine(func(rt sandbox.Runtime) (*autoscaling.Engine, error) { return autoscaling.New(rt, opts.Clock(), opts) }, (*autoscaling.Engine).Updates)
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if ok, cmd := m.Base.Update(msg, m); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case loadSetMsg:
		if msg.err != nil {
			m.Err = msg.err.Error()
		} else {
			m.Note, m.load = msg.note, msg.load
		}
		return m, nil
	}
	return m, nil
}

// Started: the cluster runs at the low load, its pods are being created.
func (m *Model) Started(e *autoscaling.Engine) tea.Cmd {
	m.Status, m.load, m.hpa = "creating pods", autoscaling.Load{Rate: e.Profile.Low.Rate}, *e.Snapshot().Autoscaler
	return nil
}

// Apply takes one update of the cluster: its events (the HPA's rescales
// among them, as SuccessfulRescale) and its snapshot with the HPA's status.
func (m *Model) Apply(u cluster.Update) {
	m.events = demokit.AppendLast(m.events, maxEvents, u.Events...)
	if u.Snapshot == nil {
		return
	}
	m.snap = u.Snapshot
	if st := m.snap.Autoscaler; st != nil {
		m.hpa = *st
	}
	if m.Status == "creating pods" && m.snap.Settled && m.snap.Traffic.Rate > 0 {
		m.Status = ""
		m.Note = "the load is low: press + a few times and watch the autoscaler scale out"
	}
}

func (m *Model) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.running()
	if c == nil || m.snap == nil {
		return nil
	}
	m.Err = ""
	load := m.load
	switch {
	case key.Matches(msg, keys.LoadUp):
		load.Rate = next(rates, load.Rate, +1)
	case key.Matches(msg, keys.LoadDown):
		load.Rate = next(rates, load.Rate, -1)
	case key.Matches(msg, keys.WorkUp), key.Matches(msg, keys.WorkDown):
		if m.hpa.Metric != "cpu" {
			m.Err = "the request-rate metric does not see CPU work: CPU utilization needs the docker backend"
			return nil
		}
		dir := 1
		if key.Matches(msg, keys.WorkDown) {
			dir = -1
		}
		load.Work = next(works, load.Work, dir)
	case key.Matches(msg, keys.Reset):
		m.events, m.snap, m.Note = nil, nil, ""
		m.hpa = cluster.AutoscalerStatus{}
		m.Status = "resetting"
		return m.Start()
	default:
		return nil
	}
	return func() tea.Msg {
		err := c.SetLoad(load.Rate, load.Work)
		return loadSetMsg{note: fmt.Sprintf("load: %d requests/s, %d work units each", load.Rate, load.Work), load: load, err: err}
	}
}

// Options are the knobs the demo runs with.
func (m *Model) Options() autoscaling.Options { return m.opts }

func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

func (m *Model) Keys() []key.Binding { return keys.all() }

// running is the running cluster, nil before it runs.
func (m *Model) running() cluster.Engine {
	e, ok := m.Sess.Engine()
	if !ok {
		return nil
	}
	return e.Engine
}
