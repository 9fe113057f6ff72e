package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
)

// Sink receives the command of each action. It is called on the goroutine
// that took the action and must not block (queue, or write a line).
type Sink func(scenario.Command)

// Tee is a sink that hands every command to each of sinks (nil ones skipped).
func Tee(sinks ...Sink) Sink {
	return func(c scenario.Command) {
		for _, s := range sinks {
			if s != nil {
				s(c)
			}
		}
	}
}

// FunctionName is the cold-start demo's function, as the commands name it.
const FunctionName = "cold-start"

// DemoLambda and DemoKube are the names in play in the demos.
var (
	DemoLambda = Lambda{Function: FunctionName, Qualifier: "live"}
	DemoKube   = Kube{Deployment: "web", Container: orchestrator.ContainerName, Image: orchestrator.ImageName}
)

// emitter stamps and sends commands.
type emitter struct {
	sink Sink
	now  func() time.Time
}

// emit sends texts as the commands of one action taken at at.
func (m emitter) emit(at time.Time, action string, texts ...string) {
	if m.sink == nil {
		return
	}
	for _, t := range texts {
		m.sink(scenario.Command{At: at, Action: action, Text: t})
	}
}

// Cluster is e with the command of each successful action sent to sink.
// The Deployment's name is the one e's snapshot gives. It passes on e's
// control-plane clock and fast-forward (none when e has none), which the
// presenter's pause and step use.
func Cluster(e cluster.Engine, sink Sink) cluster.Engine {
	k := DemoKube
	if s := e.Snapshot(); s != nil && s.Deployment != "" {
		k.Deployment = s.Deployment
	}
	return &clusterCommands{Engine: e, k: k, emitter: emitter{sink: sink, now: time.Now}}
}

// Unwrap is the engine a decorated one wraps (e itself otherwise), for
// what only the engine's own type offers (pods left after Close).
func Unwrap(e cluster.Engine) cluster.Engine {
	if c, ok := e.(*clusterCommands); ok {
		return c.Engine
	}
	return e
}

type clusterCommands struct {
	cluster.Engine
	k Kube
	emitter
}

// pod runs a pod or node command and sends its text for the name acted on.
func (c *clusterCommands) named(action string, f func(string) (string, error), name string, text func(string) string) (string, error) {
	at := c.now()
	got, err := f(name)
	if err == nil {
		c.emit(at, action, text(got))
	}
	return got, err
}

func (c *clusterCommands) KillPod(name string) (string, error) {
	return c.named("kill-pod", c.Engine.KillPod, name, c.k.KillPod)
}

func (c *clusterCommands) DeletePod(name string) (string, error) {
	return c.named("delete-pod", c.Engine.DeletePod, name, c.k.DeletePod)
}

func (c *clusterCommands) HangPod(name string) (string, error) {
	return c.named("hang-pod", c.Engine.HangPod, name, c.k.HangPod)
}

func (c *clusterCommands) CrashLoopPod(name string) (string, error) {
	return c.named("crashloop-pod", c.Engine.CrashLoopPod, name, c.k.CrashLoopPod)
}

func (c *clusterCommands) KillNode(name string) (string, error) {
	return c.named("kill-node", c.Engine.KillNode, name, c.k.KillNode)
}

// do runs an action, stamped with the time it was taken, and sends the
// texts it then gives when it succeeded.
func (c *clusterCommands) do(action string, f func() error, texts func() []string) error {
	at := c.now()
	err := f()
	if err == nil {
		c.emit(at, action, texts()...)
	}
	return err
}

func one(s string) func() []string { return func() []string { return []string{s} } }

func (c *clusterCommands) Scale(replicas int) error {
	return c.do("scale", func() error { return c.Engine.Scale(replicas) }, one(c.k.Scale(replicas)))
}

func (c *clusterCommands) SetTemplate(t cluster.Template) error {
	old := c.Engine.Template()
	return c.do("set-template", func() error { return c.Engine.SetTemplate(t) }, func() []string { return c.k.SetTemplate(old, t) })
}

func (c *clusterCommands) SetStrategy(s cluster.Strategy) error {
	return c.do("set-strategy", func() error { return c.Engine.SetStrategy(s) }, one(c.k.SetStrategy(s)))
}

func (c *clusterCommands) Pause() error  { return c.do("pause", c.Engine.Pause, one(c.k.Pause())) }
func (c *clusterCommands) Resume() error { return c.do("resume", c.Engine.Resume, one(c.k.Resume())) }

func (c *clusterCommands) Undo(toRevision int) (int, error) {
	var rev int
	err := c.do("undo", func() (err error) { rev, err = c.Engine.Undo(toRevision); return err }, one(c.k.Undo(toRevision)))
	return rev, err
}

func (c *clusterCommands) SetLoad(rate, work int) error {
	return c.do("set-load", func() error { return c.Engine.SetLoad(rate, work) }, one(c.k.SetLoad(rate, work)))
}

func (c *clusterCommands) Autoscale(spec cluster.HPASpec, metric string) error {
	return c.do("autoscale", func() error { return c.Engine.Autoscale(spec, metric) }, func() []string {
		if s := c.Engine.Snapshot(); s != nil && s.Autoscaler != nil && metric == "" {
			metric = s.Autoscaler.Metric // the one the engine chose
		}
		return []string{c.k.Autoscale(spec.WithDefaults(), metric)}
	})
}

// Clock is the engine's control-plane clock; nil when it has none.
func (c *clusterCommands) Clock() clock.Clock {
	if cc, ok := c.Engine.(interface{ Clock() clock.Clock }); ok {
		return cc.Clock()
	}
	return nil
}

// FastForward is the engine's (cluster.TimeControl); false when it has none.
func (c *clusterCommands) FastForward() (time.Duration, bool) {
	tc, ok := c.Engine.(cluster.TimeControl)
	if !ok {
		return 0, false
	}
	at := c.now()
	d, ok := tc.FastForward()
	if ok {
		c.emit(at, "fast-forward", FastForward(d))
	}
	return d, ok
}

// FastForward has no command: the demo jumped its control-plane clock.
func FastForward(d time.Duration) string {
	return fmt.Sprintf("# nothing to type: wait %v (the demo fast-forwarded its control-plane timers)", d.Round(time.Millisecond))
}

// Function is f with the command of each action sent to sink: an
// invocation's as it is sent, a configuration's once it is accepted.
func Function(f faas.Function, sink Sink) faas.Function {
	return &functionCommands{Function: f, l: DemoLambda, emitter: emitter{sink: sink, now: time.Now}}
}

type functionCommands struct {
	faas.Function
	l Lambda
	emitter
}

func (f *functionCommands) Invoke(ctx context.Context) faas.Invocation {
	f.emit(f.now(), "invoke", f.l.Invoke())
	return f.Function.Invoke(ctx)
}

func (f *functionCommands) InvokeWork(ctx context.Context, units int) faas.Invocation {
	f.emit(f.now(), "invoke", f.l.InvokeWork(units))
	return f.Function.InvokeWork(ctx, units)
}

func (f *functionCommands) Burst(ctx context.Context, n int) []faas.Invocation {
	f.emit(f.now(), "burst", f.l.Burst(n))
	return f.Function.Burst(ctx, n)
}

func (f *functionCommands) Configure(cfg faas.Config) error {
	old, at := f.Function.Config(), f.now()
	err := f.Function.Configure(cfg)
	if err == nil {
		f.emit(at, "configure", f.l.Configure(old, cfg)...)
	}
	return err
}

func (f *functionCommands) SkipToIdleReap() bool {
	idle, at := f.Function.Config().IdleTimeout, f.now()
	ok := f.Function.SkipToIdleReap()
	if ok {
		f.emit(at, "skip-idle", f.l.SkipToIdleReap(idle.String()))
	}
	return ok
}

func (f *functionCommands) Reset(ctx context.Context) error {
	at := f.now()
	err := f.Function.Reset(ctx)
	if err == nil {
		f.emit(at, "reset", f.l.Reset())
	}
	return err
}

// Autoscaled is the autoscaling demo's engine with its cluster decorated
// (Cluster), after sending the command of the HorizontalPodAutoscaler the
// demo created when it started.
func Autoscaled(e *autoscaling.Engine, sink Sink) *autoscaling.Engine {
	c := Cluster(e.Engine, sink).(*clusterCommands)
	if s := e.Snapshot(); s != nil && s.Autoscaler != nil {
		c.emit(c.now(), "autoscale", c.k.Autoscale(s.Autoscaler.Spec, s.Autoscaler.Metric))
	}
	e.Engine = c
	return e
}
