package orchestrator

// The published state: a copy of the loop's objects for views and the CLI.

import (
	"sort"
	"time"
)

// buildSnapshot copies the loop's state for readers.
func (c *Cluster) buildSnapshot() *Snapshot {
	now := c.clk.Now()
	s := &Snapshot{
		Time:       time.Now(),
		Clock:      now,
		TimeScale:  1,
		Deployment: c.deploy.name,
		Replicas:   c.deploy.replicas,
		ServiceURL: c.proxy.URL(),
		Endpoints:  c.proxy.Endpoints(),
	}
	if c.vclk != nil {
		s.TimeScale, s.Paused = c.vclk.Factor(), c.vclk.Paused()
	}
	if c.traffic != nil {
		s.Traffic = c.traffic.Stats()
	}
	perNode := map[string]int{}
	for _, p := range c.pods {
		info := p.info(now)
		s.Pods = append(s.Pods, info)
		if p.node != "" && !p.deleting {
			perNode[p.node]++
		}
		if info.Ready {
			s.ReadyPods++
		}
	}
	sort.Slice(s.Pods, func(i, j int) bool {
		a, b := s.Pods[i], s.Pods[j]
		if a.Node != b.Node {
			return a.Node < b.Node
		}
		return a.Name < b.Name
	})
	for _, n := range c.nodes {
		ni := NodeInfo{Name: n.name, Condition: n.cond, Down: n.down(), Pods: perNode[n.name]}
		if n.down() && n.cond == NodeReady {
			ni.NotReadyIn = max(0, n.leaseExpires(now).Sub(now))
		}
		if !n.evictAt.IsZero() {
			ni.EvictIn = max(0, n.evictAt.Sub(now))
		}
		s.Nodes = append(s.Nodes, ni)
	}
	for _, rs := range c.rss {
		info := ReplicaSetInfo{Name: rs.name, Revision: rs.revision, Version: rs.template.Version, Desired: rs.replicas}
		for _, p := range c.pods {
			if p.rs == rs.name && !p.deleting {
				info.Current++
				if p.ready {
					info.Ready++
				}
			}
		}
		s.ReplicaSets = append(s.ReplicaSets, info)
	}
	if at, ok := c.nextMilestone(); ok {
		s.NextDeadline = max(0, at.Sub(now))
	}
	s.Settled = c.settled()
	s.Rollout = c.rolloutInfo()
	s.Autoscaler = c.hpaStatus()
	return s
}

func (p *pod) info(now time.Time) PodInfo {
	i := PodInfo{
		Name: p.name, ReplicaSet: p.rs, Node: p.node, Version: p.template.Version,
		Phase: p.phase, Status: p.status, Ready: p.ready, Restarts: p.restarts,
		Age: now.Sub(p.created), Addr: p.addr, Instance: p.inst, Hung: p.hung, Broken: p.broken,
		BackoffDelays: append([]time.Duration(nil), p.delays...), StartupTime: p.startup,
	}
	if p.lastExit != nil {
		t := *p.lastExit
		i.LastTermination = &t
	}
	if p.restartTimer != nil && !p.restartAt.IsZero() {
		i.NextRestart = max(0, p.restartAt.Sub(now))
	}
	return i
}

// settled: the cluster needs nothing more to match the desired state.
func (c *Cluster) settled() bool {
	if len(c.pods) != c.deploy.replicas {
		return false
	}
	for _, p := range c.pods {
		if !p.ready || p.deleting || c.nodeOf(p) == nil || c.nodeOf(p).down() || p.template.Version != c.deploy.template.Version {
			return false
		}
	}
	return true
}
