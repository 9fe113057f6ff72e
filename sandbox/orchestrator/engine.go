package orchestrator

import (
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// The embedded control plane is the first cluster.Engine.
var (
	_ cluster.Engine      = (*Cluster)(nil)
	_ cluster.TimeControl = (*Cluster)(nil)
)

// NewEngine is New as a cluster.Engine: nil, not a nil *Cluster, when it
// fails.
func NewEngine(rt sandbox.Runtime, clk clock.Clock, cfg Config) (cluster.Engine, error) {
	c, err := New(rt, clk, cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}
