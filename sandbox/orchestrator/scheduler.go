package orchestrator

// The scheduler: bind pending pods to nodes.

import (
	"fmt"
	"strings"
)

// schedulePending binds unscheduled pods: among the nodes that pass the
// pod's filters, the one with the fewest pods first, ties by name. NotReady
// nodes take no new pods; a node that died takes them until the control
// plane notices (they never start).
func (c *Cluster) schedulePending() {
	for _, p := range c.sortedPods() {
		if p.node != "" || p.deleting {
			continue
		}
		n, why := c.pickNode(p)
		if n == nil {
			if p.scheduleFails == 0 {
				c.emit(Warning, ReasonFailedScheduling, p.object(), fmt.Sprintf("0/%d nodes are available: %s.", len(c.nodes), why))
			}
			p.scheduleFails++
			continue
		}
		p.node = n.name
		c.emit(Normal, ReasonScheduled, p.object(), fmt.Sprintf("Successfully assigned default/%s to %s", p.name, n.name))
		c.syncPod(p)
	}
}

// Why a node is filtered out, in the scheduler's words.
const (
	filterTaint        = "had untolerated taint {node.kubernetes.io/unreachable: }"
	filterAntiAffinity = "didn't match pod anti-affinity rules"
	filterSpread       = "didn't match pod topology spread constraints"
)

// pickNode filters the nodes for p (the unreachable taint, its required
// anti-affinity, its DoNotSchedule spread constraints) and scores the rest
// by fewest pods. With no node left, why counts the filters as the
// FailedScheduling event does.
func (c *Cluster) pickNode(p *pod) (best *node, why string) {
	bound, live := map[string]int{}, map[string]int{}
	for _, q := range c.pods {
		if q.node == "" || q == p {
			continue
		}
		bound[q.node]++ // anti-affinity sees every pod on the node, terminating ones too
		if !q.deleting {
			live[q.node]++ // spreading and scoring count the pods that stay
		}
	}
	minLive := -1 // the least loaded domain a spread constraint compares with
	for _, n := range c.nodes {
		if n.cond == NodeReady && (minLive < 0 || live[n.name] < minLive) {
			minLive = live[n.name]
		}
	}
	filtered := map[string]int{}
	for _, n := range c.nodes { // nodes are in name order
		switch {
		case n.cond != NodeReady:
			filtered[filterTaint]++
			continue
		case p.template.OnePerNode && bound[n.name] > 0:
			filtered[filterAntiAffinity]++
			continue
		case !c.spreadAllows(p, live[n.name], minLive):
			filtered[filterSpread]++
			continue
		}
		if best == nil || live[n.name] < live[best.name] {
			best = n
		}
	}
	if best != nil {
		return best, ""
	}
	var parts []string
	for _, f := range []string{filterTaint, filterAntiAffinity, filterSpread} {
		if filtered[f] > 0 {
			parts = append(parts, fmt.Sprintf("%d node(s) %s", filtered[f], f))
		}
	}
	return nil, strings.Join(parts, ", ")
}

// spreadAllows: placing p on a node with onNode pods keeps every
// DoNotSchedule constraint's skew (pods there + 1 − the least loaded node)
// within its maxSkew.
func (c *Cluster) spreadAllows(p *pod, onNode, minLive int) bool {
	for _, s := range p.template.Spread {
		if s.DoNotSchedule && onNode+1-minLive > s.MaxSkew {
			return false
		}
	}
	return true
}
