// Package selfhealing is the self-healing demo's scenario: a Deployment of
// real workloads spread over nodes, behind a Service with steady traffic,
// and the steps that break it (kill a pod or a node, hang or crash a
// container) while the controllers repair it. The CLI (headless and full
// screen), rehearse and the view all build it from the same Options.
package selfhealing

import (
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Name is the demo's name in the scenario list.
const Name = "self-healing"

// Options are the demo's knobs.
type Options struct {
	Replicas  int     // the Deployment's replicas
	Nodes     int     // nodes the pods are spread over
	TimeScale float64 // control-plane timers run this many times faster than real time
}

// Defaults: 3 replicas over 3 nodes, timers x20 (a node loss heals in
// about 18 s instead of 6 minutes).
func Defaults() Options { return Options{Replicas: 3, Nodes: 3, TimeScale: 20} }

// Validate names the first knob out of range, as its flag.
func (o Options) Validate() error {
	switch {
	case o.Replicas < 1 || o.Replicas > orchestrator.MaxReplicas:
		return fmt.Errorf("--replicas %d: want 1 to %d", o.Replicas, orchestrator.MaxReplicas)
	case o.Nodes < 1 || o.Nodes > orchestrator.MaxNodes:
		return fmt.Errorf("--nodes %d: want 1 to %d", o.Nodes, orchestrator.MaxNodes)
	case o.TimeScale < 1 || o.TimeScale > 1000:
		return fmt.Errorf("--time-scale %g: want 1 (real Kubernetes timing) to 1000", o.TimeScale)
	}
	return nil
}

// Config is the cluster the demo runs.
func (o Options) Config() orchestrator.Config {
	return orchestrator.Config{
		Replicas: o.Replicas, Nodes: o.Nodes,
		Template: cluster.Template{Version: "v1", Env: workload.Light.Env()},
	}
}

// Clock is the control-plane clock at the options' time scale.
func (o Options) Clock() *clock.Virtual { return clock.NewScaled(o.TimeScale) }

// New starts the demo's cluster on rt with clk: the embedded control plane
// (an orchestrator.Cluster, which also keeps the clock and fast-forward the
// presenter uses).
func New(rt sandbox.Runtime, clk clock.Clock, o Options) (cluster.Engine, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return orchestrator.NewEngine(rt, clk, o.Config())
}

// The control plane's timings the demo teaches: Kubernetes' defaults, as
// the embedded control plane runs them.
const (
	NodeMonitorGrace  = orchestrator.NodeMonitorGrace  // node-monitor-grace-period: a silent node is marked NotReady
	TolerationSeconds = orchestrator.TolerationSeconds // a NotReady node's pods are evicted after this
	BackoffMax        = orchestrator.BackoffMax        // the crash-loop back-off's cap
	ProbeThreshold    = orchestrator.DefaultProbeThreshold
)
