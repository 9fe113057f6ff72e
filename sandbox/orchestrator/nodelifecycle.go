package orchestrator

// The node lifecycle controller: lost nodes become NotReady, then their
// pods are evicted.

import (
	"context"
	"fmt"
	"time"
)

// node is a named group of pods. Its kubelet reports container events
// while it is up; killing it silences it.
type node struct {
	name       string
	down       bool          // killed: its pods died and its kubelet is silent
	cond       NodeCondition // what the control plane believes
	notReadyAt time.Time     // when the node monitor will notice (control-plane time)
	evictAt    time.Time     // when the unreachable taint's toleration runs out
	timer      interface{ Stop() bool }
}

// killNode: the machine dies. Its containers die at once, its kubelet goes
// silent, and the control plane only notices after the node monitor's grace
// period; the pods are evicted after the unreachable taint's toleration.
func (c *Cluster) killNode(n *node) {
	if n.down {
		return
	}
	n.down = true
	now := c.clk.Now()
	n.notReadyAt = now.Add(NodeMonitorGrace)
	for _, p := range c.sortedPods() {
		if p.node != n.name || p.deleting {
			continue
		}
		p.heal = nil
		p.killedAt = &pendingHeal{killed: p.name, cause: "kill-node", at: time.Now()}
		if p.inst != "" {
			id := p.inst
			c.goOp(func(ctx context.Context) { c.rt.Kill(ctx, id) })
		}
	}
	n.timer = c.after(NodeMonitorGrace, func() { c.nodeNotReady(n) })
}

func (c *Cluster) nodeNotReady(n *node) {
	if !n.down || n.cond != NodeReady {
		return
	}
	n.cond = NodeUnknown
	c.emit(Normal, ReasonNodeNotReady, "node/"+n.name, fmt.Sprintf("Node %s status is now: NodeNotReady", n.name))
	for _, p := range c.sortedPods() {
		if p.node == n.name && !p.deleting {
			c.emit(Warning, ReasonNodeNotReady, p.object(), "Node is not ready")
			c.setReady(p, false)
		}
	}
	n.evictAt = c.clk.Now().Add(TolerationSeconds)
	n.timer = c.after(TolerationSeconds, func() { c.evictNode(n) })
}

func (c *Cluster) evictNode(n *node) {
	n.evictAt = time.Time{}
	for _, p := range c.sortedPods() {
		if p.node != n.name || p.deleting {
			continue
		}
		c.emit(Normal, ReasonEvicted, p.object(), "Marking for deletion Pod default/"+p.name)
		if p.killedAt != nil {
			c.healQ[p.rs] = append(c.healQ[p.rs], *p.killedAt)
		}
		c.deletePod(p, true)
	}
}
