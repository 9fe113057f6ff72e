package orchestrator

// The deployment controller: a ReplicaSet per template, replicas moved
// from old to new as the strategy allows.

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
)

// deployment is the desired state: how many pods of which template.
type deployment struct {
	name     string
	replicas int
	template Template
	strategy Strategy
	ro       rolloutState // revisions, pause, minReadySeconds, progress deadline (rollout.go)
}

// templateHash is the pod-template-hash: a short name for a template.
func templateHash(t Template) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s|%d|%g", t.Version, t.MemoryMB, t.CPUs)
	for _, k := range slices.Sorted(maps.Keys(t.Env)) {
		fmt.Fprintf(h, "|%s=%s", k, t.Env[k])
	}
	// A manifest's pod spec; left out when unset, so the demos' names stay.
	if len(t.Command)+len(t.Args) > 0 || t.CPURequest != 0 || t.Probes != nil || t.TerminationGrace != 0 || len(t.Spread) > 0 || t.OnePerNode {
		fmt.Fprintf(h, "|%q|%q|%g|%d|%v|%t", t.Command, t.Args, t.CPURequest, t.TerminationGrace, t.Spread, t.OnePerNode)
		if pr := t.Probes; pr != nil {
			for _, p := range []*Probe{pr.Readiness, pr.Liveness, pr.Startup} {
				if p == nil {
					fmt.Fprint(h, "|-")
				} else {
					fmt.Fprintf(h, "|%+v", *p)
				}
			}
		}
	}
	return safeEncode(uint64(h.Sum32()), 10)
}

// syncDeployment makes sure a ReplicaSet exists for the current template and
// moves replicas from the old ReplicaSets to it as the strategy allows.
func (c *Cluster) syncDeployment() {
	d := c.deploy
	if d.ro.paused {
		c.syncPaused()
		return
	}
	hash := templateHash(d.template)
	var newRS *replicaSet
	var old []*replicaSet
	for _, rs := range c.rss {
		if rs.hash == hash {
			newRS = rs
		} else {
			old = append(old, rs)
		}
	}
	if newRS == nil {
		newRS = &replicaSet{name: d.name + "-" + hash, hash: hash, template: d.template, revision: len(c.rss) + 1}
		for _, rs := range c.rss {
			newRS.revision = max(newRS.revision, rs.revision+1)
		}
		c.rss = append(c.rss, newRS)
	}
	oldPods := 0
	for _, rs := range old {
		oldPods += c.countPods(rs, true)
	}
	if oldPods == 0 && sumReplicas(old) == 0 {
		c.scaleRS(newRS, d.replicas)
		return
	}
	if d.strategy.Recreate {
		for _, rs := range old {
			c.scaleRS(rs, 0)
		}
		if oldPods == 0 {
			c.scaleRS(newRS, d.replicas)
		}
		return
	}
	// RollingUpdate, as the deployment controller computes it.
	surge, unavailable := d.strategy.Resolve(d.replicas)
	if newRS.replicas > d.replicas {
		c.scaleRS(newRS, d.replicas)
	} else if newRS.replicas < d.replicas {
		room := d.replicas + surge - sumReplicas(c.rss)
		if up := min(room, d.replicas-newRS.replicas); up > 0 {
			c.scaleRS(newRS, newRS.replicas+up)
		}
	}
	minAvailable := d.replicas - unavailable
	available := 0
	for _, rs := range c.rss {
		available += c.readyPods(rs)
	}
	newUnavailable := max(0, newRS.replicas-c.readyPods(newRS))
	budget := sumReplicas(c.rss) - minAvailable - newUnavailable
	// First old pods that are not ready anyway, then ready ones while enough stay available.
	for _, rs := range old {
		if budget <= 0 {
			break
		}
		if unready := rs.replicas - c.readyPods(rs); unready > 0 {
			n := min(unready, budget)
			c.scaleRS(rs, rs.replicas-n)
			budget -= n
		}
	}
	canDown := available - minAvailable
	for _, rs := range old {
		if canDown <= 0 {
			break
		}
		n := min(rs.replicas, canDown)
		if n > 0 {
			c.scaleRS(rs, rs.replicas-n)
			canDown -= n
		}
	}
}

func sumReplicas(rss []*replicaSet) int {
	n := 0
	for _, rs := range rss {
		n += rs.replicas
	}
	return n
}

func (c *Cluster) countPods(rs *replicaSet, withDeleting bool) int {
	n := 0
	for _, p := range c.pods {
		if p.rs == rs.name && (withDeleting || !p.deleting) {
			n++
		}
	}
	return n
}

func (c *Cluster) readyPods(rs *replicaSet) int {
	n := 0
	for _, p := range c.pods {
		if p.rs == rs.name && !p.deleting && p.ready && c.available(p) {
			n++
		}
	}
	return n
}

func (c *Cluster) scaleRS(rs *replicaSet, n int) {
	if rs.replicas == n {
		return
	}
	verb := "up"
	if n < rs.replicas {
		verb = "down"
	}
	from := rs.replicas
	rs.replicas = n
	c.record(Event{Type: Normal, Reason: ReasonScalingReplicaSet, Object: "deployment/" + c.deploy.name, Replicas: &ReplicaChange{From: from, To: n},
		Message: fmt.Sprintf("Scaled %s replica set %s from %d to %d", verb, rs.name, from, n)})
}
