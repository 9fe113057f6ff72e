package rollingdeployview

import (
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
)

func TestNarration(t *testing.T) {
	rolling := cluster.RolloutInfo{Strategy: "RollingUpdate", MaxSurge: 1, MaxUnavailable: 1, Revision: 2, Version: "v2",
		Replicas: 4, Available: 4, UpdatedAvailable: 1, Old: 3, ProgressDeadline: 600 * time.Second}
	rss := []cluster.ReplicaSetInfo{{Name: "web-aaaaa", Version: "v1", Revision: 1}, {Name: "web-bbbbb", Version: "v2", Revision: 2}}
	// The narration reads the event's fields: its message says something
	// else, so a reader of the text would get it wrong.
	scaled := func(from, to int) cluster.Event {
		return cluster.Event{Reason: cluster.ReasonScalingReplicaSet, Object: "deployment/web",
			Message: "Scaled sideways replica set web-zzzzz from 7 to 9", Replicas: &cluster.ReplicaChange{From: from, To: to}}
	}
	first := rolling
	first.Revision, first.Version = 1, "v1"
	done := rolling
	done.Complete, done.Took, done.UpdatedAvailable, done.Old = true, 6400*time.Millisecond, 4, 0
	stalled := rolling
	stalled.Version, stalled.Failed, stalled.Old = "v3", true, 4
	for _, tc := range []struct {
		name string
		ev   cluster.Event
		r    cluster.RolloutInfo
		want string
	}{
		{"first", scaled(0, 4), first, "the Deployment created ReplicaSet web-aaaaa (v1) with 4 pods"},
		{"surge", scaled(1, 2), rolling,
			"the new ReplicaSet (v2) was scaled from 1 to 2: maxSurge 1 lets 5 pods run for 4 replicas; 4 of 4 are available"},
		{"old scaled down", scaled(3, 2), rolling,
			"the old ReplicaSet (v1) was scaled from 3 to 2: maxUnavailable 1 keeps at least 3 of 4 pods available; 4 are now"},
		{"complete", scaled(1, 0), done,
			"v2 is rolled out: all 4 pods run it, the old ReplicaSet (v1) is scaled to 0; it took 6.4 s, and 0 requests failed"},
		{"stalled", cluster.Event{Reason: cluster.ReasonProgressDeadlineExceeded, Message: `ReplicaSet "web-ccccc" has timed out progressing.`}, stalled,
			"v3 never became ready, so after 10m the rollout was marked ProgressDeadlineExceeded; Kubernetes does not roll back by itself, 4 old pods still serve: undo rolls back"},
		{"no fields", cluster.Event{Reason: cluster.ReasonScalingReplicaSet, Message: "Scaled up replica set web-bbbbb from 1 to 2"}, rolling, ""},
		{"noise", cluster.Event{Reason: cluster.ReasonStarted, Message: "Started container web"}, rolling, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Model{snap: &cluster.Snapshot{Rollout: tc.r, ReplicaSets: rss, Traffic: service.TrafficStats{}}, events: []cluster.Event{tc.ev}}
			if got := m.Narration(); got != tc.want {
				t.Errorf("narration\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// The presenter layout of the recorded run fits 100x21 (the frame's body at
// 100x30) and drops the event log.
func TestPresentViewFits(t *testing.T) {
	m := newTestModel(true, 100, 21)
	out := m.PresentView()
	if n := len(strings.Split(out, "\n")); n > 21 {
		t.Errorf("%d lines, want at most 21", n)
	}
	if strings.Contains(out, "Events") {
		t.Errorf("the presenter layout shows the event log:\n%s", out)
	}
	if len(m.Figures()) < 3 {
		t.Errorf("figures %v", m.Figures())
	}
}

// A scale-down names the old ReplicaSet at the new count: with two old ones
// (a bad version rolled back) the one the event left at To.
func TestScaledReplicaSet(t *testing.T) {
	s := &cluster.Snapshot{Rollout: cluster.RolloutInfo{Revision: 3}, ReplicaSets: []cluster.ReplicaSetInfo{
		{Name: "web-v1", Revision: 1, Desired: 2}, {Name: "web-v2", Revision: 2, Desired: 0}, {Name: "web-v3", Revision: 3, Desired: 3}}}
	for _, tc := range []struct {
		up   bool
		to   int
		want string
	}{{true, 3, "web-v3"}, {false, 2, "web-v1"}, {false, 0, "web-v2"}, {false, 1, "web-v2"}} {
		if got := scaledReplicaSet(s, tc.up, tc.to).Name; got != tc.want {
			t.Errorf("up %v to %d: %s, want %s", tc.up, tc.to, got, tc.want)
		}
	}
}
