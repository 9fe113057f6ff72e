package orchestrator

// Demo measurements, taken by an observer of every published state (the
// controllers know nothing of them): how long the cluster took to heal a
// kill, and the bounds a rollout kept.

import (
	"slices"
	"time"
)

// measure watches each snapshot the loop publishes, before readers get it,
// and fills in Snapshot.Heals and RolloutInfo.MostPods/FewestReady.
type measure struct {
	kills   []pendingHeal            // killed pods not deleted yet, in kill order
	queue   map[string][]pendingHeal // by ReplicaSet: deleted killed pods waiting for a replacement
	claims  map[string]pendingHeal   // replacement pod → the kill it heals at its first ready
	seen    map[string]bool          // pods in the previous snapshot
	down    map[string]bool          // nodes seen killed
	heals   []Heal
	rollout struct {
		revision     int // the rollout being measured
		complete     bool
		most, fewest int
	}
}

// pendingHeal is a killed pod waiting for its replacement's first ready.
type pendingHeal struct {
	killed, rs, cause string
	at                time.Time // real
}

func newMeasure() *measure {
	return &measure{queue: map[string][]pendingHeal{}, claims: map[string]pendingHeal{}, seen: map[string]bool{}, down: map[string]bool{}}
}

// podKilled notes a kill-pod command; a node's kill shows in the snapshots.
func (m *measure) podKilled(name, rs string) {
	m.kills = append(m.kills, pendingHeal{killed: name, rs: rs, cause: "kill-pod", at: time.Now()})
}

// observe measures s and fills in its measurements.
func (m *measure) observe(s *Snapshot) {
	pods := map[string]PodInfo{}
	for _, p := range s.Pods {
		pods[p.Name] = p
	}
	for _, n := range s.Nodes {
		if !n.Down || m.down[n.Name] {
			continue
		}
		m.down[n.Name] = true
		for _, p := range s.Pods {
			if p.Node == n.Name && p.Status != StatusTerminating {
				delete(m.claims, p.Name) // a replacement on a dead node heals nothing
				m.kills = append(m.kills, pendingHeal{killed: p.Name, rs: p.ReplicaSet, cause: "kill-node", at: s.Time})
			}
		}
	}
	// A killed pod, once deleted, waits for a new pod of its ReplicaSet.
	m.kills = slices.DeleteFunc(m.kills, func(k pendingHeal) bool {
		if p, ok := pods[k.killed]; ok && p.Status != StatusTerminating {
			return false
		}
		m.queue[k.rs] = append(m.queue[k.rs], k)
		return true
	})
	names := make([]string, 0, len(pods))
	for name := range pods {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := pods[name]
		if q := m.queue[p.ReplicaSet]; !m.seen[name] && len(q) > 0 && p.Status != StatusTerminating {
			m.claims[name], m.queue[p.ReplicaSet] = q[0], q[1:]
		}
		if k, ok := m.claims[name]; ok && p.Ready {
			m.heals = append(m.heals, Heal{Killed: k.killed, Cause: k.cause, Replacement: name, Duration: s.Time.Sub(k.at)})
			delete(m.claims, name)
		}
	}
	for name := range m.claims {
		if _, ok := pods[name]; !ok {
			delete(m.claims, name)
		}
	}
	clear(m.seen)
	for name := range pods {
		m.seen[name] = true
	}
	s.Heals = slices.Clone(m.heals)
	m.observeRollout(s)
}

// observeRollout keeps the strategy's two promises as measured on every
// state of the rollout to the current revision: the most pods not
// terminating at once and the fewest ready, until it completes.
func (m *measure) observeRollout(s *Snapshot) {
	r, ro := &s.Rollout, &m.rollout
	switch {
	case r.Revision == 0: // paused before the new template got its ReplicaSet
	case r.Revision != ro.revision:
		ro.revision, ro.most, ro.fewest = r.Revision, r.Total, s.ReadyPods
	case !ro.complete:
		ro.most, ro.fewest = max(ro.most, r.Total), min(ro.fewest, s.ReadyPods)
	}
	if r.Revision != 0 {
		ro.complete = r.Complete
	}
	r.MostPods, r.FewestReady = ro.most, ro.fewest
}
