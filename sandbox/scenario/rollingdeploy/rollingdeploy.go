// Package rollingdeploy is the rolling-deploy demo's scenario: a Deployment
// of real pods behind a Service under steady traffic, rolled from version
// to version with RollingUpdate (maxSurge / maxUnavailable) or Recreate, a
// bad version that stalls until its progress deadline, and undo. The CLI
// (headless and full screen), rehearse and the view all build it from the
// same Options.
package rollingdeploy

import (
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Name is the demo's name in the scenario list.
const Name = "rolling-deploy"

// Strategy names, as --strategy takes them.
const (
	Rolling  = "rolling"  // RollingUpdate
	Recreate = "recreate" // every old pod goes before the new ones start
)

// Options are the demo's knobs.
type Options struct {
	Replicas int
	Strategy string // Rolling or Recreate (or Kubernetes' RollingUpdate, Recreate)
	// MaxSurge and MaxUnavailable bound a RollingUpdate: a number or a
	// percentage of Replicas.
	MaxSurge, MaxUnavailable string
	Bad                      orchestrator.BadMode // how deploy-bad's version fails
	TimeScale                float64              // control-plane timers run this many times faster than real time
	Rate                     int                  // requests per second through the Service
}

// Defaults: 3 replicas on RollingUpdate with 25% surge and unavailable
// (surge 1, unavailable 0: 3 to 4 pods, as the lesson computes), a bad
// version that never gets ready, timers x20 (its 600 s progress deadline
// runs out after 30 s), 30 req/s.
func Defaults() Options {
	return Options{Replicas: 3, Strategy: Rolling, MaxSurge: "25%", MaxUnavailable: "25%",
		Bad: orchestrator.BadReadiness, TimeScale: 20, Rate: 30}
}

// Workload is the pods' program: a light start, then 1.5 s before /readyz
// says ready, like an app warming up, so a rollout can be watched.
var Workload = workload.Config{InitWork: workload.Light.InitWork, InitMemMB: workload.Light.InitMemMB, ReadyDelayMS: 1500}

// RolloutStrategy is the Deployment's strategy the options ask for.
func (o Options) RolloutStrategy() (cluster.Strategy, error) {
	switch o.Strategy {
	case Rolling, "RollingUpdate":
		return cluster.Strategy{MaxSurge: o.MaxSurge, MaxUnavailable: o.MaxUnavailable}, nil
	case Recreate, cluster.StrategyRecreate:
		return cluster.Strategy{Recreate: true}, nil
	}
	return cluster.Strategy{}, fmt.Errorf("--strategy %q: want rolling or recreate", o.Strategy)
}

// WithStrategy is o with the Deployment's strategy st.
func (o Options) WithStrategy(st cluster.Strategy) Options {
	if st.Recreate {
		o.Strategy = Recreate
		return o
	}
	o.Strategy, o.MaxSurge, o.MaxUnavailable = Rolling, st.MaxSurge, st.MaxUnavailable
	return o
}

// Validate names the first knob that is wrong, as its flag.
func (o Options) Validate() error {
	if _, err := o.RolloutStrategy(); err != nil {
		return err
	}
	switch {
	case o.Bad != orchestrator.BadReadiness && o.Bad != orchestrator.BadCrash:
		return fmt.Errorf("--bad %q: want readiness or crash", o.Bad)
	case o.TimeScale < 1 || o.TimeScale > 1000:
		return fmt.Errorf("--time-scale %g: want 1 to 1000", o.TimeScale)
	case o.Rate < 1 || o.Rate > 500:
		return fmt.Errorf("--rate %d: want 1 to 500 requests per second", o.Rate)
	case o.Replicas < 1 || o.Replicas > orchestrator.MaxReplicas:
		return fmt.Errorf("--replicas %d: want 1 to %d", o.Replicas, orchestrator.MaxReplicas)
	}
	if err := o.Config().Validate(); err != nil {
		return fmt.Errorf("bad flag: %w", err)
	}
	return nil
}

// Config is the cluster the demo runs.
func (o Options) Config() orchestrator.Config {
	st, _ := o.RolloutStrategy()
	return orchestrator.Config{
		Replicas: o.Replicas, TrafficRate: o.Rate,
		Template: cluster.Template{Version: "v1", Env: Workload.Env()},
		Rollout:  orchestrator.Rollout{Strategy: st},
	}
}

// Clock is the control-plane clock at the options' time scale.
func (o Options) Clock() *clock.Virtual { return clock.NewScaled(o.TimeScale) }

// New starts the demo's cluster on rt with clk.
func New(rt sandbox.Runtime, clk clock.Clock, o Options) (cluster.Engine, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return orchestrator.NewEngine(rt, clk, o.Config())
}

// BadMode is how a bad version fails.
type BadMode = orchestrator.BadMode

const (
	BadReadiness = orchestrator.BadReadiness // runs, but /readyz never answers 200
	BadCrash     = orchestrator.BadCrash     // exits at start: CrashLoopBackOff
)

// NextTemplate is t with the next version (v1 → v2), failing as bad says
// ("" for a good one).
func NextTemplate(t cluster.Template, bad BadMode) cluster.Template {
	return orchestrator.NextTemplate(t, bad)
}
