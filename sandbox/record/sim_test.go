package record

import (
	"fmt"
	"time"
)

// A synthetic cluster demo, shaped like sandbox/cluster's Snapshot: 10 pods
// on 3 nodes in 2 ReplicaSets, traffic counters and a 30 s request history
// that change every tick, a pod killed and replaced every 30 s, and an event
// every 2 s.
type simSnapshot struct {
	Time, Clock  time.Time
	TimeScale    float64
	Paused       bool
	Deployment   string
	Replicas     int
	ReadyPods    int
	Pods         []simPod
	Nodes        []simNode
	ReplicaSets  []simRS
	Endpoints    []simEndpoint
	ServiceURL   string
	Traffic      simTraffic
	Heals        []simHeal
	NextDeadline time.Duration
	Settled      bool
	Rollout      simRollout
}

type simPod struct {
	Name       string        `json:"name"`
	ReplicaSet string        `json:"replicaset"`
	Node       string        `json:"node"`
	Version    string        `json:"version"`
	Phase      string        `json:"phase"`
	Status     string        `json:"status"`
	Ready      bool          `json:"ready"`
	Restarts   int           `json:"restarts"`
	Age        time.Duration `json:"age_ms"`
}

type simNode struct {
	Name      string `json:"name"`
	Condition string `json:"condition"`
	Down      bool   `json:"down"`
	Pods      int    `json:"pods"`
}

type simRS struct {
	Name     string `json:"name"`
	Revision int    `json:"revision"`
	Version  string `json:"version"`
	Desired  int    `json:"desired"`
	Current  int    `json:"current"`
	Ready    int    `json:"ready"`
}

type simEndpoint struct{ Pod, Version, Addr string }

type simTraffic struct {
	Rate                         int
	OK, Failed, Retried, Skipped int64
	ByVersion                    map[string]int64
	History                      []struct{ OK, Failed, Retried int }
	P50, P99                     time.Duration
}

type simHeal struct {
	Killed      string `json:"killed"`
	Cause       string `json:"cause"`
	Replacement string `json:"replacement"`
}

type simRollout struct {
	Strategy                                 string `json:"strategy"`
	MaxSurge, MaxUnavailable, Revision       int
	Version                                  string `json:"version"`
	Replicas, Total, Updated, Available, Old int
}

type simEvent struct {
	Time, Clock     time.Time
	Type, Reason    string
	Object, Message string
}

// sim produces the snapshots and events of a run, one tick at a time.
type sim struct {
	// steadyArrays leaves pod ages and the request history still, to
	// measure what arrays that change every tick cost.
	steadyArrays bool

	tick  int
	start time.Time
	snap  simSnapshot
	next  int // for pod names
}

const simTick = 250 * time.Millisecond

func newSim() *sim {
	s := &sim{start: time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)}
	s.snap = simSnapshot{
		TimeScale: 1, Deployment: "web", Replicas: 10, ReadyPods: 10,
		ServiceURL:  "http://127.0.0.1:38211",
		Nodes:       []simNode{{"node-1", "Ready", false, 4}, {"node-2", "Ready", false, 3}, {"node-3", "Ready", false, 3}},
		ReplicaSets: []simRS{{"web-7f9c5d", 2, "v2", 10, 10, 10}, {"web-5b8d4c", 1, "v1", 0, 0, 0}},
		Traffic:     simTraffic{Rate: 50, ByVersion: map[string]int64{"v1": 1200, "v2": 0}, History: make([]struct{ OK, Failed, Retried int }, 30)},
		Settled:     true,
		Rollout:     simRollout{Strategy: "RollingUpdate", MaxSurge: 3, MaxUnavailable: 2, Revision: 2, Version: "v2", Replicas: 10, Total: 10, Updated: 10, Available: 10},
	}
	for i := range 10 {
		s.snap.Pods = append(s.snap.Pods, s.newPod(fmt.Sprintf("node-%d", i%3+1)))
	}
	return s
}

func (s *sim) newPod(node string) simPod {
	s.next++
	return simPod{Name: fmt.Sprintf("web-7f9c5d-%05x", s.next*7919), ReplicaSet: "web-7f9c5d", Node: node,
		Version: "v2", Phase: "Running", Status: "Running", Ready: true}
}

// step advances one tick and returns its time, the snapshot and the event
// of the tick, if any.
func (s *sim) step() (time.Duration, *simSnapshot, *simEvent) {
	s.tick++
	at := time.Duration(s.tick) * simTick
	now := s.start.Add(at)
	sn := &s.snap
	sn.Time, sn.Clock = now, now.Add(3*time.Hour)
	for i := range sn.Pods {
		if !s.steadyArrays {
			sn.Pods[i].Age += simTick
		}
	}
	sn.Traffic.OK += 12 + int64(s.tick%3)
	sn.Traffic.ByVersion["v2"] += 12
	sn.Traffic.P50 = time.Duration(2000+s.tick%7*130) * time.Microsecond
	sn.Traffic.P99 = time.Duration(9000+s.tick%11*410) * time.Microsecond
	h := sn.Traffic.History
	if s.tick%4 == 0 && !s.steadyArrays { // a new second: the history moves along
		copy(h, h[1:])
		h[len(h)-1] = struct{ OK, Failed, Retried int }{}
	}
	if !s.steadyArrays {
		h[len(h)-1].OK += 12
	}
	sn.Endpoints = sn.Endpoints[:0]
	for _, p := range sn.Pods {
		if p.Ready {
			sn.Endpoints = append(sn.Endpoints, simEndpoint{p.Name, p.Version, "127.0.0.1:4" + p.Name[len(p.Name)-4:]})
		}
	}
	// Every 30 s a pod is killed; its replacement is ready 4 s later.
	var ev *simEvent
	switch k := s.tick % 120; {
	case k == 0:
		victim := &sn.Pods[s.tick/120%10]
		sn.Heals = append(sn.Heals, simHeal{victim.Name, "kill-pod", ""})
		*victim = s.newPod(victim.Node)
		victim.Ready, victim.Status, victim.Phase = false, "ContainerCreating", "Pending"
		sn.ReadyPods, sn.Settled = 9, false
		ev = &simEvent{now, sn.Clock, "Normal", "Killing", "pod/" + sn.Heals[len(sn.Heals)-1].Killed, "Stopping container web"}
	case k == 16 && len(sn.Heals) > 0:
		p := &sn.Pods[s.tick/120%10]
		p.Ready, p.Status, p.Phase = true, "Running", "Running"
		sn.ReadyPods, sn.Settled = 10, true
		sn.Heals[len(sn.Heals)-1].Replacement = p.Name
	case k%8 == 0:
		ev = &simEvent{now, sn.Clock, "Normal", "Pulled", "pod/" + sn.Pods[k%10].Name, `Container image "coldstart/workload:v2" already present on machine`}
	}
	if len(sn.Heals) > 5 {
		sn.Heals = sn.Heals[1:]
	}
	return at, sn, ev
}
