package orchestrator

// The ReplicaSet controller: create or delete pods to match the replicas.

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// replicaSet owns the pods of one template revision.
type replicaSet struct {
	name     string
	revision int
	hash     string
	template Template
	replicas int
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
	c.pods[name] = p
	c.emit(Normal, ReasonSuccessfulCreate, "replicaset/"+rs.name, "Created pod: "+name)
}

func cloneTemplate(t Template) Template {
	t.Env = maps.Clone(t.Env)
	t.Command, t.Args, t.Spread = slices.Clone(t.Command), slices.Clone(t.Args), slices.Clone(t.Spread)
	if t.Probes != nil {
		pr := *t.Probes
		t.Probes = &pr // the probes themselves are never changed in place
	}
	return t
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
