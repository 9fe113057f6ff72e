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
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

func init() {
	demos.Register(autoscaling.Name, func(ctx common.Context) common.Screen { return Open(ctx, autoscaling.Defaults()) })
}

// Open builds the demo screen for opts on the runtime --backend names.
func Open(ctx common.Context, opts autoscaling.Options) *Model {
	return New(ctx, demokit.DefaultOpener, opts)
}

// session holds the runtime and the engine; Close may release it from
// another goroutine while the runtime is still opening.
type session = demokit.Session[*autoscaling.Engine, orchestrator.Update]

const maxEvents = 100

// Model is the demo screen, used through a pointer.
type Model struct {
	ctx  common.Context
	opts autoscaling.Options

	width, height int
	spinner       spinner.Model
	status, note  string
	err           string

	sess   *session // its generations: updates of a cluster replaced by reset are dropped
	choice demokit.Choice

	snap   *orchestrator.Snapshot
	hpa    orchestrator.AutoscalerStatus
	load   autoscaling.Load
	events []orchestrator.Event
}

// New builds the demo screen for opts (checked when the engine starts); the
// runtime is opened with open by Init's command.
func New(ctx common.Context, open demokit.Opener, opts autoscaling.Options) *Model {
	if ctx.Theme == nil {
		ctx.Theme = theme.New(true, theme.NoColorFromEnv())
	}
	return &Model{ctx: ctx, opts: opts, sess: demokit.New[*autoscaling.Engine, orchestrator.Update](open, ctx.Backend),
		spinner: demokit.NewSpinner(), status: "choosing a backend"}
}

// Messages from commands.
type (
	hpaMsg struct {
		gen int
		st  orchestrator.AutoscalerStatus
		a   *orchestrator.Autoscaler
	}
	doneMsg struct {
		note string
		load autoscaling.Load
		err  error
	}
)

func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.sess.Open()}
	if !m.ctx.NoAnimation {
		cmds = append(cmds, m.spinner.Tick)
	}
	return tea.Batch(cmds...)
}

// startCmd starts a cluster at the minimum, its traffic at the low load,
// and the autoscaler (closing the previous ones first).
func (m *Model) startCmd() tea.Cmd {
	opts := m.opts
	return m.sess.Start(func(rt sandbox.Runtime) (*autoscaling.Engine, <-chan orchestrator.Update, error) {
		e, err := autoscaling.New(rt, opts.Clock(), opts)
		if err != nil {
			return nil, nil, err
		}
		return e, e.Cluster.Updates(), nil
	})
}

// waitSync delivers the autoscaler's status after its next sync.
func waitSync(gen int, a *orchestrator.Autoscaler) tea.Cmd {
	ch := a.Changed()
	return func() tea.Msg {
		<-ch
		return hpaMsg{gen: gen, st: a.Status(), a: a}
	}
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case demokit.ProgressMsg:
		m.status = msg.Line
		return m, msg.Next()
	case demokit.OpenedMsg:
		if msg.Err != nil {
			m.status, m.err = "", "could not start the demo: "+msg.Err.Error()
			return m, nil
		}
		m.choice = msg.Choice
		m.status = "starting the cluster"
		return m, m.startCmd()
	case demokit.StartedMsg[*autoscaling.Engine, orchestrator.Update]:
		if !m.sess.Current(msg.Gen) {
			return m, nil
		}
		if msg.Err != nil {
			m.status, m.err = "", "could not start the cluster: "+msg.Err.Error()
			return m, nil
		}
		e := msg.Engine
		m.status, m.load, m.hpa = "creating pods", autoscaling.Load{Rate: e.Profile.Low.Rate}, e.Scaler.Status()
		return m, tea.Batch(msg.Next(), waitSync(msg.Gen, e.Scaler))
	case demokit.UpdateMsg[orchestrator.Update]:
		if !m.sess.Current(msg.Gen) {
			return m, nil
		}
		m.apply(msg.Update)
		return m, msg.Next()
	case hpaMsg:
		if !m.sess.Current(msg.gen) {
			return m, nil
		}
		m.rescaleEvents(msg.st)
		m.hpa = msg.st
		if msg.a == nil {
			return m, nil
		}
		return m, waitSync(msg.gen, msg.a)
	case doneMsg:
		if msg.err != nil {
			m.err = msg.err.Error()
		} else {
			m.note, m.load = msg.note, msg.load
		}
		return m, nil
	case spinner.TickMsg:
		if m.ctx.NoAnimation {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

// rescaleEvents logs the HPA's rescales since the last status, in the
// words of its SuccessfulRescale events.
func (m *Model) rescaleEvents(st orchestrator.AutoscalerStatus) {
	last, _ := m.hpa.Last()
	for _, d := range st.History {
		if !d.At.After(last.At) || d.Desired == d.Current {
			continue
		}
		dir := "above"
		if d.Desired < d.Current {
			dir = "below"
		}
		what := "requests per second per pod"
		if st.Metric == "cpu" {
			what = "cpu resource utilization (percentage of request)"
		}
		m.events = append(m.events, orchestrator.Event{Type: orchestrator.Normal, Reason: "SuccessfulRescale", Object: "horizontalpodautoscaler/web",
			Message: fmt.Sprintf("New size: %d; reason: %s %s target", d.Desired, what, dir)})
	}
}

func (m *Model) apply(u orchestrator.Update) {
	m.events = append(m.events, u.Events...)
	if over := len(m.events) - maxEvents; over > 0 {
		m.events = append(m.events[:0], m.events[over:]...)
	}
	if u.Snapshot == nil {
		return
	}
	m.snap = u.Snapshot
	if m.status == "creating pods" && m.snap.Settled && m.snap.Traffic.Rate > 0 {
		m.status = ""
		m.note = "the load is low: press + a few times and watch the autoscaler scale out"
	}
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	c, _ := m.running()
	if c == nil || m.snap == nil {
		return nil
	}
	m.err = ""
	load := m.load
	switch {
	case key.Matches(msg, keys.LoadUp):
		load.Rate = next(rates, load.Rate, +1)
	case key.Matches(msg, keys.LoadDown):
		load.Rate = next(rates, load.Rate, -1)
	case key.Matches(msg, keys.WorkUp), key.Matches(msg, keys.WorkDown):
		if m.hpa.Metric != "cpu" {
			m.err = "the request-rate metric does not see CPU work: CPU utilization needs the docker backend"
			return nil
		}
		dir := 1
		if key.Matches(msg, keys.WorkDown) {
			dir = -1
		}
		load.Work = next(works, load.Work, dir)
	case key.Matches(msg, keys.Reset):
		m.events, m.snap, m.note = nil, nil, ""
		m.hpa = orchestrator.AutoscalerStatus{}
		m.status = "resetting"
		return m.startCmd()
	default:
		return nil
	}
	return func() tea.Msg {
		err := c.SetLoad(load.Rate, load.Work)
		return doneMsg{note: fmt.Sprintf("load: %d requests/s, %d work units each", load.Rate, load.Work), load: load, err: err}
	}
}

// Options are the knobs the demo runs with.
func (m *Model) Options() autoscaling.Options { return m.opts }

func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

func (m *Model) Keys() []key.Binding { return keys.all() }

// running is the running cluster and autoscaler, nil before they run.
func (m *Model) running() (*orchestrator.Cluster, *orchestrator.Autoscaler) {
	e, ok := m.sess.Engine()
	if !ok {
		return nil, nil
	}
	return e.Cluster, e.Scaler
}

// Close stops the autoscaler, removes every pod and closes the runtime.
func (m *Model) Close() { m.sess.Close() }
