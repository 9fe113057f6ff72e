package orchestrator

import (
	"fmt"
	"testing"
	"time"
)

func podAt(name, rs, node, status string, ready bool) PodInfo {
	return PodInfo{Name: name, ReplicaSet: rs, Node: node, Status: status, Ready: ready}
}

// The heal measurement follows the published states only: a killed pod,
// once deleted, is healed by the first new pod of its ReplicaSet to get
// ready; a node's kill shows as Down.
func TestMeasureHeals(t *testing.T) {
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	up := []NodeInfo{{Name: "node-1"}, {Name: "node-2"}}
	down := []NodeInfo{{Name: "node-1"}, {Name: "node-2", Down: true}}
	m := newMeasure()
	m.podKilled("a", "rs")
	for i, s := range []*Snapshot{
		{Time: at(0), Nodes: up, Pods: []PodInfo{podAt("a", "rs", "node-1", StatusTerminating, false), podAt("b", "rs", "node-1", StatusPending, false), podAt("x", "rs", "node-2", StatusRunning, true)}},
		{Time: at(1), Nodes: down, Pods: []PodInfo{podAt("b", "rs", "node-1", StatusRunning, true), podAt("x", "rs", "node-2", StatusRunning, true)}},
		// Scaled up before the eviction: y replaces nothing.
		{Time: at(2), Nodes: down, Pods: []PodInfo{podAt("b", "rs", "node-1", StatusRunning, true), podAt("x", "rs", "node-2", StatusRunning, true), podAt("y", "rs", "node-1", StatusRunning, true)}},
		{Time: at(3), Nodes: down, Pods: []PodInfo{podAt("b", "rs", "node-1", StatusRunning, true), podAt("x", "rs", "node-2", StatusTerminating, false), podAt("y", "rs", "node-1", StatusRunning, true), podAt("z", "rs", "node-1", StatusPending, false)}},
		{Time: at(5), Nodes: down, Pods: []PodInfo{podAt("b", "rs", "node-1", StatusRunning, true), podAt("y", "rs", "node-1", StatusRunning, true), podAt("z", "rs", "node-1", StatusRunning, true)}},
	} {
		m.observe(s)
		t.Logf("after snapshot %d: heals %+v", i, s.Heals)
	}
	heals := m.heals
	if len(heals) != 2 {
		t.Fatalf("heals %+v, want two", heals)
	}
	if h := heals[0]; h.Killed != "a" || h.Cause != "kill-pod" || h.Replacement != "b" {
		t.Errorf("first heal %+v, want a healed by b", h)
	}
	if h := heals[1]; h.Killed != "x" || h.Cause != "kill-node" || h.Replacement != "z" || h.Duration != 4*time.Second {
		t.Errorf("second heal %+v, want x healed by z 4s after the node died", h)
	}
}

// The rollout's bounds are the most pods and the fewest ready on any state
// of the rollout until it completes; a new revision starts over.
func TestMeasureRolloutBounds(t *testing.T) {
	type state struct {
		revision, total, ready int
		complete               bool
	}
	m := newMeasure()
	var got []string
	for _, st := range []state{
		{1, 3, 3, true},
		{2, 4, 3, false}, {2, 4, 2, false}, {2, 3, 3, true}, {2, 5, 1, true}, // after completion: not counted
		{3, 3, 3, false}, {3, 4, 3, false},
		{0, 9, 0, false}, // paused before the new ReplicaSet exists: not counted
	} {
		s := &Snapshot{ReadyPods: st.ready, Rollout: RolloutInfo{Revision: st.revision, Total: st.total, Complete: st.complete}}
		m.observe(s)
		got = append(got, fmt.Sprintf("%d/%d", s.Rollout.MostPods, s.Rollout.FewestReady))
	}
	want := "[3/3 4/3 4/2 4/2 4/2 3/3 4/3 4/3]"
	if fmt.Sprint(got) != want {
		t.Errorf("most pods/fewest ready %v, want %s", got, want)
	}
}
