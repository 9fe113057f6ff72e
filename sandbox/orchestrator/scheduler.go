package orchestrator

// The scheduler: bind pending pods to nodes.

import "fmt"

// schedulePending binds unscheduled pods: the node with the fewest pods
// first, ties by name. NotReady nodes take no new pods; a node that died
// takes them until the control plane notices (they never start).
func (c *Cluster) schedulePending() {
	for _, p := range c.sortedPods() {
		if p.node != "" || p.deleting {
			continue
		}
		n := c.pickNode()
		if n == nil {
			if p.scheduleFails == 0 {
				c.emit(Warning, ReasonFailedScheduling, p.object(), fmt.Sprintf("0/%d nodes are available: %d node(s) had untolerated taint {node.kubernetes.io/unreachable: }.", len(c.nodes), len(c.nodes)))
			}
			p.scheduleFails++
			continue
		}
		p.node = n.name
		c.emit(Normal, ReasonScheduled, p.object(), fmt.Sprintf("Successfully assigned default/%s to %s", p.name, n.name))
		c.syncPod(p)
	}
}

func (c *Cluster) pickNode() *node {
	count := map[string]int{}
	for _, p := range c.pods {
		if p.node != "" && !p.deleting {
			count[p.node]++
		}
	}
	var best *node
	for _, n := range c.nodes { // nodes are in name order
		if n.cond != NodeReady {
			continue
		}
		if best == nil || count[n.name] < count[best.name] {
			best = n
		}
	}
	return best
}
