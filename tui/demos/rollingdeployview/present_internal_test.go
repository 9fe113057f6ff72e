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
	scaled := func(msg string) cluster.Event {
		return cluster.Event{Reason: cluster.ReasonScalingReplicaSet, Object: "deployment/web", Message: msg}
	}
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
		{"surge", scaled("Scaled up replica set web-bbbbb from 1 to 2"), rolling,
			"the new ReplicaSet (v2) was scaled from 1 to 2: maxSurge 1 lets 5 pods run for 4 replicas; 4 of 4 are available"},
		{"old scaled down", scaled("Scaled down replica set web-aaaaa from 3 to 2"), rolling,
			"the old ReplicaSet (v1) was scaled from 3 to 2: maxUnavailable 1 keeps at least 3 of 4 pods available; 4 are now"},
		{"complete", scaled("Scaled down replica set web-aaaaa from 1 to 0"), done,
			"v2 is rolled out: all 4 pods run it, the old ReplicaSet (v1) is scaled to 0; it took 6.4 s, and 0 requests failed"},
		{"stalled", cluster.Event{Reason: cluster.ReasonProgressDeadlineExceeded, Message: `ReplicaSet "web-ccccc" has timed out progressing.`}, stalled,
			"v3 never became ready, so after 10m the rollout was marked ProgressDeadlineExceeded; Kubernetes does not roll back by itself, 4 old pods still serve: undo rolls back"},
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
