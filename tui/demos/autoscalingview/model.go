// Package autoscalingview is the live "autoscaling" demo: a Deployment of
// real pods behind a Service, a HorizontalPodAutoscaler on a measured
// metric (container CPU on docker, requests per second per pod elsewhere),
// and keys that raise and lower the load. It shows the load, the metric
// against its target, the HPA's formula and what held it back, and the
// desired and current replicas over time.
package autoscalingview

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

func init() {
	demos.Register(demos.Entry{
		Name:    "autoscaling",
		Summary: "Kubernetes-like HorizontalPodAutoscaler on a measured metric: raise the load, watch it scale out, and in after the window",
		Open:    func(ctx common.Context) common.Screen { return New(ctx, demokit.DefaultOpener, DefaultOptions) },
	})
}

// engine is the cluster with its autoscaler and the load it started at.
type engine struct {
	cluster *orchestrator.Cluster
	scaler  *orchestrator.Autoscaler
	load    orchestrator.Load
}

// Close stops the autoscaler, then removes every pod.
func (e *engine) Close(ctx context.Context) error {
	e.scaler.Close()
	return e.cluster.Close(ctx)
}

// session holds the runtime and the engine; Close may release it from
// another goroutine while the runtime is still opening.
type session = demokit.Session[*engine, orchestrator.Update]

// Options are the demo's knobs.
type Options struct {
	Min, Max  int
	TimeScale float64
}

// DefaultOptions: 1 to 6 replicas, timers x20 (a 15 s sync every 0.75 s,
// the 300 s scale-down window in 15 s).
var DefaultOptions = Options{Min: 1, Max: 6, TimeScale: 20}

// Workload is the pods' program (light start, ready after 500 ms).
var Workload = workload.Config{InitWork: workload.Light.InitWork, InitMemMB: workload.Light.InitMemMB, ReadyDelayMS: 500}

const maxEvents = 100

// Model is the demo screen, used through a pointer.
type Model struct {
	ctx  common.Context
	opts Options

	width, height int
	spinner       spinner.Model
	status, note  string
	err           string

	sess   *session // its generations: updates of a cluster replaced by reset are dropped
	choice demokit.Choice

	snap   *orchestrator.Snapshot
	hpa    orchestrator.AutoscalerStatus
	load   orchestrator.Load
	events []orchestrator.Event
}

// New builds the demo screen; the runtime is opened by Init's command.
func New(ctx common.Context, open demokit.Opener, opts Options) *Model {
	if opts.Min <= 0 {
		opts.Min = DefaultOptions.Min
	}
	if opts.Max < opts.Min {
		opts.Max = max(opts.Min, DefaultOptions.Max)
	}
	if opts.TimeScale <= 0 {
		opts.TimeScale = DefaultOptions.TimeScale
	}
	if ctx.Theme == nil {
		ctx.Theme = theme.New(true, theme.NoColorFromEnv())
	}
	return &Model{ctx: ctx, opts: opts, sess: demokit.New[*engine, orchestrator.Update](open, ctx.Backend),
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
		load orchestrator.Load
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

// metricFor is the metric the runtime can measure, counted at this scale.
func metricFor(rt sandbox.Runtime, scale float64) orchestrator.Metric {
	m := orchestrator.MetricFor(rt)
	if _, ok := m.(orchestrator.RateMetric); ok {
		return orchestrator.RateMetricFor(scale)
	}
	return m
}

// startCmd starts a cluster at the minimum, its traffic at the low load,
// and the autoscaler (closing the previous ones first).
func (m *Model) startCmd() tea.Cmd {
	opts := m.opts
	return m.sess.Start(func(rt sandbox.Runtime) (*engine, <-chan orchestrator.Update, error) {
		metric := metricFor(rt, opts.TimeScale)
		prof := orchestrator.ProfileFor(metric.Name())
		clk := clock.NewScaled(opts.TimeScale)
		c, err := orchestrator.New(rt, clk, orchestrator.Config{
			Replicas: opts.Min, TrafficRate: prof.Low.Rate,
			Template: orchestrator.Template{Version: "v1", Env: Workload.Env(), CPUs: prof.CPUs},
		})
		if err != nil {
			return nil, nil, err
		}
		a, err := orchestrator.NewAutoscaler(c, clk, orchestrator.HPASpec{MinReplicas: opts.Min, MaxReplicas: opts.Max, Target: prof.Target}, metric)
		if err != nil {
			c.Close(context.Background())
			return nil, nil, err
		}
		return &engine{cluster: c, scaler: a, load: orchestrator.Load{Rate: prof.Low.Rate}}, c.Updates(), nil
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
	case demokit.StartedMsg[*engine, orchestrator.Update]:
		if !m.sess.Current(msg.Gen) {
			return m, nil
		}
		if msg.Err != nil {
			m.status, m.err = "", "could not start the cluster: "+msg.Err.Error()
			return m, nil
		}
		e := msg.Engine
		m.status, m.load, m.hpa = "creating pods", e.load, e.scaler.Status()
		return m, tea.Batch(msg.Next(), waitSync(msg.Gen, e.scaler))
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

func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

func (m *Model) Keys() []key.Binding { return keys.all() }

// running is the running cluster and autoscaler, nil before they run.
func (m *Model) running() (*orchestrator.Cluster, *orchestrator.Autoscaler) {
	e, ok := m.sess.Engine()
	if !ok {
		return nil, nil
	}
	return e.cluster, e.scaler
}

// Close stops the autoscaler, removes every pod and closes the runtime.
func (m *Model) Close() { m.sess.Close() }
