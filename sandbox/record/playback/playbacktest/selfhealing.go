// Package playbacktest writes recordings shaped like real runs, through
// the real record.Writer, for the replay's tests and benchmarks.
package playbacktest

import (
	"fmt"
	"io"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// Started is when every recording here starts.
var Started = time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)

// Tick is how often the self-healing run publishes a snapshot, as the
// embedded control plane does.
const Tick = 250 * time.Millisecond

// KillEvery is how often the run kills a pod.
const KillEvery = 30 * time.Second

// SelfHealing writes a self-healing run of length d to w: 10 pods on 3
// nodes under 30 requests/s, a snapshot every tick (pod ages, counters
// and the request history change each time), a pod killed every 30 s (a
// command record, the kubelet's and ReplicaSet's events, the replacement
// ready a second later, a heal) and a probe event every 2 s.
func SelfHealing(w io.Writer, d time.Duration, opts ...record.Option) error {
	rw, err := record.NewWriter(w, record.Header{Demo: "self-healing", Options: []byte(`{"Replicas":10,"Nodes":3,"TimeScale":20}`),
		Backend: "docker", Runtime: "Docker 28.1 on linux/amd64 (synthetic)", Version: "test", Started: Started}, opts...)
	if err != nil {
		return err
	}
	const replicas = 10
	rs := "web-5d8f7c9b4x"
	pods := make([]cluster.PodInfo, replicas)
	born := make([]time.Duration, replicas)
	for i := range pods {
		pods[i] = cluster.PodInfo{Name: fmt.Sprintf("%s-%05d", rs, i), ReplicaSet: rs, Node: fmt.Sprintf("node-%d", i%3+1),
			Version: "v1", Phase: cluster.PhaseRunning, Status: "Running", Ready: true}
	}
	var traffic service.TrafficStats
	traffic.Rate = 30
	var heals []cluster.Heal
	next := replicas
	var killedAt time.Duration
	var killedName string
	killed := -1 // the pod whose replacement is starting
	ev := func(t time.Duration, typ cluster.EventType, reason, obj, msg string) error {
		return rw.Write(t, string(scenario.TypeEvent), cluster.Event{Time: Started.Add(t), Clock: Started.Add(20 * t), Type: typ, Reason: reason, Object: obj, Message: msg})
	}
	if err := ev(0, cluster.Normal, cluster.ReasonScalingReplicaSet, "deployment/web", fmt.Sprintf("Scaled up replica set %s from 0 to %d", rs, replicas)); err != nil {
		return err
	}
	for t := time.Duration(0); t <= d; t += Tick {
		if t > 0 && t%KillEvery == 0 { // kill a pod: its replacement starts
			i := int(t/KillEvery) % replicas
			old := pods[i].Name
			name := fmt.Sprintf("%s-%05d", rs, next)
			next++
			rw.Write(t, "command", scenario.Command{Action: "delete-pod", Text: "kubectl delete pod " + old})
			rw.Write(t, "note", scenario.Note{Text: "killed pod " + old + ": its ReplicaSet creates a replacement"})
			for _, e := range [][3]string{
				{cluster.ReasonKilling, "pod/" + old, "Stopping container web"},
				{cluster.ReasonSuccessfulCreate, "replicaset/" + rs, "Created pod: " + name},
				{cluster.ReasonScheduled, "pod/" + name, "Successfully assigned default/" + name + " to " + pods[i].Node},
				{cluster.ReasonPulled, "pod/" + name, `Container image "coldstart-workload" already present on machine`},
			} {
				if err := ev(t, cluster.Normal, e[0], e[1], e[2]); err != nil {
					return err
				}
			}
			pods[i] = cluster.PodInfo{Name: name, ReplicaSet: rs, Node: pods[i].Node, Version: "v1", Phase: cluster.PhasePending, Status: cluster.StatusContainerCreating}
			born[i], killed, killedAt, killedName = t, i, t, old
		}
		if killed >= 0 && t-killedAt >= time.Second { // the replacement is ready
			p := &pods[killed]
			ev(t, cluster.Normal, cluster.ReasonCreated, "pod/"+p.Name, "Created container web")
			ev(t, cluster.Normal, cluster.ReasonStarted, "pod/"+p.Name, "Started container web")
			p.Phase, p.Status, p.Ready = cluster.PhaseRunning, "Running", true
			heals = append(heals, cluster.Heal{Killed: killedName, Cause: "kill-pod", Replacement: p.Name, Duration: t - killedAt})
			killed = -1
		}
		if t > 0 && t%(2*time.Second) == 0 && t%KillEvery != 0 {
			ev(t, cluster.Normal, cluster.ReasonUnhealthy, "pod/"+pods[int(t/time.Second)%replicas].Name, "Readiness probe answered slowly")
		}
		s := snapshot(t, pods, born, &traffic, heals)
		if err := rw.State(t, s); err != nil {
			return err
		}
	}
	return rw.Close()
}

func snapshot(t time.Duration, pods []cluster.PodInfo, born []time.Duration, traffic *service.TrafficStats, heals []cluster.Heal) *cluster.Snapshot {
	s := &cluster.Snapshot{Time: Started.Add(t), Clock: Started.Add(20 * t), TimeScale: 20, Deployment: "web", Replicas: len(pods),
		ServiceURL: "http://127.0.0.1:40000", Heals: append([]cluster.Heal(nil), heals...)}
	for i := range pods {
		pods[i].Age = 20 * (t - born[i])
		if pods[i].Ready {
			s.ReadyPods++
			s.Endpoints = append(s.Endpoints, service.Endpoint{Pod: pods[i].Name, Version: "v1"})
		}
	}
	s.Pods = append([]cluster.PodInfo(nil), pods...)
	for n := 1; n <= 3; n++ {
		s.Nodes = append(s.Nodes, cluster.NodeInfo{Name: fmt.Sprintf("node-%d", n), Condition: cluster.NodeReady, Pods: (len(pods) + 3 - n) / 3})
	}
	s.ReplicaSets = []cluster.ReplicaSetInfo{{Name: "web-5d8f7c9b4x", Revision: 1, Version: "v1", Desired: len(pods), Current: len(pods), Ready: s.ReadyPods}}
	s.Settled = s.ReadyPods == len(pods)
	if t%time.Second == 0 { // a second of traffic: 30 requests
		traffic.OK += 30
		traffic.History = append(traffic.History, service.SecondStat{OK: 30})
		if len(traffic.History) > 30 {
			traffic.History = traffic.History[1:]
		}
	}
	traffic.P50, traffic.P99 = 1200*time.Microsecond, 4100*time.Microsecond
	s.Traffic = *traffic
	s.Traffic.History = append([]service.SecondStat(nil), traffic.History...)
	return s
}
