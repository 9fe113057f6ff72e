package orchestrator

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// deployment is the desired state: how many pods of which template.
type deployment struct {
	name     string
	replicas int
	template Template
	strategy Strategy
	ro       rolloutState // revisions, pause, minReadySeconds, progress deadline (rollout.go)
}


// replicaSet owns the pods of one template revision.
type replicaSet struct {
	name     string
	revision int
	hash     string
	template Template
	replicas int
}

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

// templateHash is the pod-template-hash: a short name for a template.
func templateHash(t Template) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s|%d|%g", t.Version, t.MemoryMB, t.CPUs)
	for _, k := range slices.Sorted(maps.Keys(t.Env)) {
		fmt.Fprintf(h, "|%s=%s", k, t.Env[k])
	}
	return safeEncode(uint64(h.Sum32()), 10)
}

// Kubernetes' alphabet for generated names: no vowels, no look-alikes.
const nameAlphabet = "bcdfghjklmnpqrstvwxz2456789"

func safeEncode(x uint64, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = nameAlphabet[x%uint64(len(nameAlphabet))]
		x /= uint64(len(nameAlphabet))
	}
	return string(b)
}

func hashSuffix(rsName string) string {
	i := strings.LastIndexByte(rsName, '-')
	return rsName[i+1:]
}

func (c *Cluster) nodeOf(p *pod) *node {
	for _, n := range c.nodes {
		if n.name == p.node {
			return n
		}
	}
	return nil
}

func (c *Cluster) sortedPods() []*pod {
	ps := slices.Collect(maps.Values(c.pods))
	sort.Slice(ps, func(i, j int) bool { return ps[i].name < ps[j].name })
	return ps
}

// reconcile runs every controller once: Deployment, ReplicaSets, scheduler.
// The loop calls it after every batch of work, so a change anywhere (a pod
// gone, a pod ready, a spec change) is acted on at once.
func (c *Cluster) reconcile() {
	c.syncDeployment()
	for _, rs := range c.rss {
		c.syncReplicaSet(rs)
	}
	c.schedulePending()
	c.syncRollout()
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
	c.emit(Normal, ReasonScalingReplicaSet, "deployment/"+c.deploy.name, fmt.Sprintf("Scaled %s replica set %s from %d to %d", verb, rs.name, from, n))
}

// syncReplicaSet creates or deletes pods so the ReplicaSet has its replicas.
// Pods being deleted no longer count: their replacements start at once.
func (c *Cluster) syncReplicaSet(rs *replicaSet) {
	var active []*pod
	for _, p := range c.sortedPods() {
		if p.rs == rs.name && !p.deleting {
			active = append(active, p)
		}
	}
	switch diff := rs.replicas - len(active); {
	case diff > 0:
		for range diff {
			c.createPod(rs)
		}
	case diff < 0:
		sort.SliceStable(active, func(i, j int) bool { return c.deleteFirst(active[i], active[j]) })
		for _, p := range active[:-diff] {
			c.emit(Normal, ReasonSuccessfulDelete, "replicaset/"+rs.name, "Deleted pod: "+p.name)
			c.deletePod(p, false)
		}
	}
}

// deleteFirst orders pods as a ReplicaSet picks them for deletion:
// unscheduled, then pending, then not ready, then more restarts, then newer.
func (c *Cluster) deleteFirst(a, b *pod) bool {
	if (a.node == "") != (b.node == "") {
		return a.node == ""
	}
	if (a.phase == PhaseRunning) != (b.phase == PhaseRunning) {
		return a.phase != PhaseRunning
	}
	if a.ready != b.ready {
		return !a.ready
	}
	if a.restarts != b.restarts {
		return a.restarts > b.restarts
	}
	return a.created.After(b.created)
}

func (c *Cluster) createPod(rs *replicaSet) {
	name := ""
	for name == "" || c.pods[name] != nil {
		name = rs.name + "-" + safeEncode(c.rnd.Uint64(), 5)
	}
	p := &pod{name: name, rs: rs.name, template: cloneTemplate(rs.template), created: c.clk.Now(), phase: PhasePending, status: StatusPending}
	if q := c.healQ[rs.name]; len(q) > 0 {
		p.heal = &q[0]
		c.healQ[rs.name] = q[1:]
	}
	c.pods[name] = p
	c.emit(Normal, ReasonSuccessfulCreate, "replicaset/"+rs.name, "Created pod: "+name)
}

func cloneTemplate(t Template) Template {
	t.Env = maps.Clone(t.Env)
	return t
}

// schedulePending binds unscheduled pods: the node with the fewest pods
// first, ties by name. Down nodes take no new pods.
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
		c.startContainer(p, "")
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
		if n.down || n.cond != NodeReady {
			continue
		}
		if best == nil || count[n.name] < count[best.name] {
			best = n
		}
	}
	return best
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

// nextMilestone is the earliest control-plane deadline worth jumping to.
func (c *Cluster) nextMilestone() (time.Time, bool) {
	var at time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (at.IsZero() || t.Before(at)) {
			at = t
		}
	}
	for _, n := range c.nodes {
		if n.down && n.cond == NodeReady {
			consider(n.notReadyAt)
		}
		consider(n.evictAt)
	}
	for _, p := range c.pods {
		if p.restartTimer != nil {
			consider(p.restartAt)
		}
	}
	consider(c.hpaMilestone())
	return at, !at.IsZero()
}
