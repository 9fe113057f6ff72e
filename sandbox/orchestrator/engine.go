package orchestrator

import "github.com/coldstart-dev/coldstart/sandbox/cluster"

// The embedded control plane is the first cluster.Engine.
var (
	_ cluster.Engine      = (*Cluster)(nil)
	_ cluster.TimeControl = (*Cluster)(nil)
)
