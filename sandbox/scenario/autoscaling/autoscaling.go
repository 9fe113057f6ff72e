// Package autoscaling is the autoscaling demo's scenario: a Deployment of
// real pods behind a Service, a HorizontalPodAutoscaler on a measured
// metric (container CPU on docker, requests per second per pod elsewhere),
// and load steps that make it scale out and back in. The CLI (headless and
// full screen), rehearse and the view all build it from the same Options.
package autoscaling

import (
	"context"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Name is the demo's name in the scenario list.
const Name = "autoscaling"

// Options are the demo's knobs.
type Options struct {
	Min, Max  int     // the HPA's minReplicas and maxReplicas
	TimeScale float64 // control-plane timers (15 s sync, 300 s window) run this many times faster
}

// Defaults: 1 to 6 replicas, timers x20 (a 15 s sync every 0.75 s, the
// 300 s scale-down window in 15 s).
func Defaults() Options { return Options{Min: 1, Max: 6, TimeScale: 20} }

// Validate names the first knob that is wrong, as its flag.
func (o Options) Validate() error {
	if o.TimeScale < 1 || o.TimeScale > 200 {
		return fmt.Errorf("--time-scale %g: want 1 to 200", o.TimeScale)
	}
	if err := (cluster.HPASpec{MinReplicas: o.Min, MaxReplicas: o.Max, Target: 1}).Validate(); err != nil {
		return fmt.Errorf("bad flag: %w", err)
	}
	return nil
}

// Clock is the control-plane clock at the options' time scale.
func (o Options) Clock() *clock.Virtual { return clock.NewScaled(o.TimeScale) }

// Workload is the pods' program (light start, ready after 500 ms).
var Workload = workload.Config{InitWork: workload.Light.InitWork, InitMemMB: workload.Light.InitMemMB, ReadyDelayMS: 500}

// Spec is the HPA for a metric's profile.
func (o Options) Spec(p Profile) cluster.HPASpec {
	return cluster.HPASpec{MinReplicas: o.Min, MaxReplicas: o.Max, Target: p.Target}.WithDefaults()
}

// Config is the cluster: at the minimum, under the profile's low load.
func (o Options) Config(p Profile) orchestrator.Config {
	return orchestrator.Config{
		Replicas: o.Min, TrafficRate: p.Low.Rate,
		Template: cluster.Template{Version: "v1", Env: Workload.Env(), CPUs: p.CPUs},
	}
}

// StepTimeout bounds one load step in real time: the scale-down window and
// a dozen syncs at this time scale, plus a minute for slow starts.
func (o Options) StepTimeout() time.Duration {
	spec := o.Spec(Profile{Target: 1})
	return time.Minute + time.Duration(float64(spec.DownWindow+12*spec.SyncPeriod)/o.TimeScale)
}

// Engine is the cluster, autoscaled.
type Engine struct {
	cluster.Engine
	Clock   clock.Clock
	Metric  string  // "cpu" or "rps": what the HPA measures
	Profile Profile // the metric's target and loads
}

// readyTimeout bounds the wait for the HPA's first status in the snapshot.
const readyTimeout = 10 * time.Second

// New starts the demo on rt with clk: a cluster at the minimum under the
// low load, and the HorizontalPodAutoscaler on the metric rt measures best.
// It returns once the HPA's status is in the snapshot.
func New(rt sandbox.Runtime, clk clock.Clock, o Options) (*Engine, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	metric := orchestrator.DefaultMetric(rt)
	prof := ProfileFor(metric)
	c, err := orchestrator.New(rt, clk, o.Config(prof))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	if err = c.Autoscale(o.Spec(prof), metric); err == nil {
		_, err = c.WaitFor(ctx, func(s *cluster.Snapshot) bool { return s.Autoscaler != nil })
	}
	if err != nil {
		c.Close(context.Background())
		return nil, err
	}
	return &Engine{Engine: c, Clock: clk, Metric: metric, Profile: prof}, nil
}
