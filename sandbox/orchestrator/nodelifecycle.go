package orchestrator

// The node lifecycle controller: lost nodes become NotReady, then their
// pods are evicted.

import (
	"fmt"
	"sync/atomic"
	"time"
)

// node is a named group of pods. Its kubelet renews the node's lease and
// reports container events while it is up; killing it silences both.
type node struct {
	name    string
	started time.Time     // control-plane time; the first lease renewal
	died    atomic.Int64  // control-plane time it was killed (Unix ns), 0 while up; read by the monitor's tick
	cond    NodeCondition // what the control plane believes
	noticed atomic.Bool   // the monitor found its lease expired
	evictAt time.Time     // when the unreachable taint's toleration runs out
}

// down is the truth the control plane learns only from the lease.
func (n *node) down() bool { return n.died.Load() != 0 }

// leaseExpires is when the node monitor notices the lease, as of at.
func (n *node) leaseExpires(at time.Time) time.Time {
	return n.lastRenewal(at).Add(NodeMonitorGrace)
}

// monitorTick is the node lifecycle controller's look at every node's lease,
// every NodeMonitorPeriod: a lease not renewed for NodeMonitorGrace makes
// its node NotReady. It runs from its own timer, off the loop, and posts
// only what it notices.
func (c *Cluster) monitorTick() {
	select {
	case <-c.quit:
		return
	default:
	}
	at := c.clk.Now()
	for _, n := range c.nodes {
		if !n.noticed.Load() && !at.Before(n.leaseExpires(at)) {
			n.noticed.Store(true)
			c.post(func() { c.nodeNotReady(n) })
		}
	}
	c.clk.AfterFunc(NodeMonitorPeriod, c.monitorTick)
}

// nodeNotReady taints the node unreachable: its pods leave the endpoints,
// and are evicted after the taint's toleration.
func (c *Cluster) nodeNotReady(n *node) {
	n.cond = NodeUnknown
	c.emit(Normal, ReasonNodeNotReady, "node/"+n.name, fmt.Sprintf("Node %s status is now: NodeNotReady", n.name))
	for _, p := range c.sortedPods() {
		if p.node == n.name && !p.deleting {
			c.emit(Warning, ReasonNodeNotReady, p.object(), "Node is not ready")
			c.setReady(p, false)
		}
	}
	n.evictAt = c.clk.Now().Add(TolerationSeconds)
	c.after(TolerationSeconds, func() { c.evictNode(n) })
}

// evictNode deletes the node's pods. Their dead kubelet cannot confirm, so
// they stay Terminating (until the garbage collection) while their
// ReplicaSets replace them.
func (c *Cluster) evictNode(n *node) {
	n.evictAt = time.Time{}
	for _, p := range c.sortedPods() {
		if p.node != n.name || p.deleting {
			continue
		}
		c.emit(Normal, ReasonEvicted, p.object(), "Marking for deletion Pod default/"+p.name)
		c.deletePod(p, true)
	}
}
