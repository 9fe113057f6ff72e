package chart

import (
	"bytes"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// The recordings here are written the way the demos write them: real
// cluster and faas values, marshalled by record.Writer, so a renamed field
// breaks a test rather than a chart.

// entry is one line to record: a state, or an "event" record (or another
// type, if typ is set).
type entry struct {
	at    time.Duration
	state any
	event any
	typ   string
}

func state(at float64, s any) entry { return entry{at: secs(at), state: s} }
func event(at float64, e any) entry { return entry{at: secs(at), event: e} }
func summary(at float64) entry {
	return entry{at: secs(at), event: map[string]int{"kills": 2}, typ: "summary"}
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// recording writes the entries for demo and opens the result.
func recording(t testing.TB, demo string, entries ...entry) *record.Recording {
	t.Helper()
	var buf bytes.Buffer
	w, err := record.NewWriter(&buf, record.Header{Demo: demo, Backend: "process", Runtime: "test", Version: "v0.0.0-test", Started: start})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch {
		case e.state != nil:
			err = w.State(e.at, e.state)
		case e.typ != "":
			err = w.Write(e.at, e.typ, e.event)
		default:
			err = w.Write(e.at, "event", e.event)
		}
		if err != nil {
			t.Fatalf("at %v: %v", e.at, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rec, err := record.Open(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

var start = time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)

// --- cluster demos ---

func pod(name, version, node string, ready bool) cluster.PodInfo {
	p := cluster.PodInfo{Name: name, ReplicaSet: "web-" + version, Node: node, Version: version,
		Phase: cluster.PhaseRunning, Status: cluster.StatusRunning, Ready: ready, Age: 30 * time.Second}
	if !ready {
		p.Phase, p.Status = cluster.PhasePending, cluster.StatusContainerCreating
	}
	return p
}

func terminating(p cluster.PodInfo) cluster.PodInfo {
	p.Status, p.Ready = cluster.StatusTerminating, false
	return p
}

func nodes(down ...string) []cluster.NodeInfo {
	var out []cluster.NodeInfo
	for _, n := range []string{"node-1", "node-2", "node-3"} {
		info := cluster.NodeInfo{Name: n, Condition: cluster.NodeReady, Pods: 1}
		for _, d := range down {
			info.Down = info.Down || d == n
		}
		out = append(out, info)
	}
	return out
}

// snap is a cluster snapshot at t seconds with these pods; ReadyPods and
// the endpoints follow from them.
func snap(at float64, replicas int, pods ...cluster.PodInfo) cluster.Snapshot {
	s := cluster.Snapshot{
		Time: start.Add(secs(at)), Clock: start.Add(secs(at)), TimeScale: 1,
		Deployment: "web", Replicas: replicas, Pods: pods, Nodes: nodes(),
		ServiceURL: "http://127.0.0.1:8080",
		Traffic:    service.TrafficStats{Rate: 20, OK: int64(at * 20), ByVersion: map[string]int64{"v1": int64(at * 20)}},
		Rollout: cluster.RolloutInfo{Strategy: cluster.StrategyRollingUpdate, MaxSurge: 1, MaxUnavailable: 0,
			Revision: 1, Version: "v1", Replicas: replicas, Complete: true, Progressing: "True"},
	}
	for _, p := range pods {
		if p.Ready {
			s.ReadyPods++
			s.Endpoints = append(s.Endpoints, service.Endpoint{Pod: p.Name, Version: p.Version, Addr: "127.0.0.1:9000"})
		}
	}
	return s
}

func kevent(at float64, typ cluster.EventType, reason, object, msg string) cluster.Event {
	return cluster.Event{Time: start.Add(secs(at)), Clock: start.Add(secs(at)), Type: typ, Reason: reason, Object: object, Message: msg}
}

// selfHealingRun: a pod killed and replaced, then a node killed, noticed,
// its pods evicted and replaced.
func selfHealingRun(t testing.TB) *record.Recording {
	a, b, c := pod("web-a", "v1", "node-1", true), pod("web-b", "v1", "node-2", true), pod("web-c", "v1", "node-3", true)
	d, e := pod("web-d", "v1", "node-1", true), pod("web-e", "v1", "node-3", true)
	healD := cluster.Heal{Killed: "web-a", Cause: "kill-pod", Replacement: "web-d", Duration: 3 * time.Second}
	healE := cluster.Heal{Killed: "web-b", Cause: "kill-node", Replacement: "web-e", Duration: 49 * time.Second}

	s0 := snap(0, 3, a, b, c)
	s2 := snap(2, 3, terminating(a), b, c, pod("web-d", "v1", "node-1", false))
	s5 := snap(5, 3, b, c, d)
	s5.Heals = []cluster.Heal{healD}
	s8 := snap(8, 3, b, c, d)
	s8.Nodes, s8.Heals = nodes("node-2"), []cluster.Heal{healD}
	lost := b
	lost.Ready = false // its node is NotReady
	s48 := snap(48, 3, lost, c, d)
	s48.Nodes, s48.Heals = nodes("node-2"), []cluster.Heal{healD}
	s48.Nodes[1].Condition = cluster.NodeUnknown
	s53 := snap(53, 3, c, d, pod("web-e", "v1", "node-3", false))
	s53.Nodes, s53.Heals = s48.Nodes, []cluster.Heal{healD}
	s57 := snap(57, 3, c, d, e)
	s57.Nodes, s57.Heals = s48.Nodes, []cluster.Heal{healD, healE}

	return recording(t, "self-healing",
		state(0, s0),
		event(2, kevent(2, cluster.Normal, cluster.ReasonKilling, "pod/web-a", "Stopping container web")),
		event(2, kevent(2, cluster.Normal, cluster.ReasonSuccessfulCreate, "replicaset/web-v1", "Created pod: web-d")),
		state(2, s2),
		state(5, s5),
		state(8, s8),
		event(48, kevent(48, cluster.Normal, cluster.ReasonNodeNotReady, "node/node-2", "Node node-2 status is now: NodeNotReady")),
		event(48, kevent(48, cluster.Warning, cluster.ReasonNodeNotReady, "pod/web-b", "Node is not ready")),
		state(48, s48),
		event(53, kevent(53, cluster.Normal, cluster.ReasonEvicted, "pod/web-b", "Marking for deletion Pod default/web-b")),
		state(53, s53),
		state(57, s57),
		summary(60),
	)
}

// rollingDeployRun: three v1 pods replaced by v2 with maxSurge 1 and
// maxUnavailable 1.
func rollingDeployRun(t testing.TB) *record.Recording {
	v1 := func(n string) cluster.PodInfo { return pod("web-v1-"+n, "v1", "node-1", true) }
	v2 := func(n string, ready bool) cluster.PodInfo { return pod("web-v2-"+n, "v2", "node-2", ready) }
	rollout := func(s cluster.Snapshot, rev int) cluster.Snapshot {
		s.Rollout.MaxSurge, s.Rollout.MaxUnavailable = 1, 1
		if rev == 2 {
			s.Rollout.Revision, s.Rollout.Version, s.Rollout.Complete = 2, "v2", false
		}
		s.ReplicaSets = []cluster.ReplicaSetInfo{{Name: "web-v1", Revision: 1, Version: "v1", Desired: 3}, {Name: "web-v2", Revision: 2, Version: "v2"}}
		return s
	}
	return recording(t, "rolling-deploy",
		state(0, rollout(snap(0, 3, v1("a"), v1("b"), v1("c")), 1)),
		event(1, kevent(1, cluster.Normal, cluster.ReasonScalingReplicaSet, "deployment/web", "Scaled up replica set web-v2 from 0 to 1")),
		state(1, rollout(snap(1, 3, v1("a"), v1("b"), v1("c"), v2("a", false)), 2)),
		state(3, rollout(snap(3, 3, terminating(v1("a")), v1("b"), v1("c"), v2("a", true), v2("b", false)), 2)),
		state(5, rollout(snap(5, 3, v1("c"), v2("a", true), v2("b", false), v2("c", false)), 2)),
		state(7, rollout(snap(7, 3, terminating(v1("c")), v2("a", true), v2("b", true), v2("c", true)), 2)),
		summary(8),
	)
}

// decision is one HPA sync at control-plane second clock.
func decision(clock float64, current int, metric float64, raw, stabilized, desired int) cluster.HPADecision {
	return cluster.HPADecision{At: start.Add(secs(clock)), Current: current, Measured: current, Metric: metric,
		Target: 50, Ratio: metric / 50, Raw: raw, Stabilized: stabilized, Desired: desired, Reason: "test"}
}

// hpaSnap is a snapshot of an autoscaled cluster with the HPA's history so far.
func hpaSnap(at float64, replicas, ready int, metric string, history ...cluster.HPADecision) cluster.Snapshot {
	var pods []cluster.PodInfo
	for i := range max(replicas, ready) {
		pods = append(pods, pod("web-"+string(rune('a'+i)), "v1", "node-1", i < ready))
	}
	s := snap(at, replicas, pods...)
	unit := map[string]string{"rps": "req/s", "cpu": "%"}[metric]
	s.Autoscaler = &cluster.AutoscalerStatus{
		Spec:   cluster.HPASpec{Target: 50}.WithDefaults(),
		Metric: metric, Unit: unit, Describe: "test", History: history, Syncs: len(history),
	}
	return s
}

// autoscalingRun: a load spike scales 2 → 5; the load drops, the window
// holds the scale-in for two syncs, then a fast forward lets it go to 1.
// If release is false the run ends while it is still held.
func autoscalingRun(t testing.TB, metric string, release bool) *record.Recording {
	h := []cluster.HPADecision{
		decision(15, 2, 120, 5, 5, 5),
		decision(30, 5, 48, 5, 5, 5),  // within the tolerance
		decision(45, 5, 10, 1, 5, 5),  // held
		decision(60, 5, 10, 1, 5, 5),  // held
		decision(375, 5, 10, 1, 1, 1), // after a 300 s fast forward
	}
	entries := []entry{
		state(0, hpaSnap(0, 2, 2, metric)),
		state(15, hpaSnap(15, 5, 2, metric, h[:1]...)),
		state(20, hpaSnap(20, 5, 5, metric, h[:1]...)),
		state(30, hpaSnap(30, 5, 5, metric, h[:2]...)),
		state(45, hpaSnap(45, 5, 5, metric, h[:3]...)),
		state(60, hpaSnap(60, 5, 5, metric, h[:4]...)),
	}
	if release {
		rescale := kevent(75, cluster.Normal, cluster.ReasonSuccessfulRescale, "horizontalpodautoscaler/web", "New size: 1; reason: All metrics below target")
		rescale.Replicas, rescale.HPA = &cluster.ReplicaChange{From: 5, To: 1}, &h[4]
		entries = append(entries,
			event(75, rescale),
			state(75, hpaSnap(75, 1, 5, metric, h...)),
			state(77, hpaSnap(77, 1, 1, metric, h...)))
	}
	return recording(t, "autoscaling", append(entries, summary(80))...)
}

// --- cold start ---

func env(name string, state faas.EnvState) faas.EnvInfo {
	return faas.EnvInfo{Name: name, State: state, MemoryMB: 512, Profile: faas.Light, Version: 1}
}

func fsnap(envs ...faas.EnvInfo) faas.Snapshot {
	return faas.Snapshot{Config: faas.Defaults, Version: 1, Runtime: "process", Enforces: "nothing", Envs: envs}
}

func invoked(at float64, id int, kind faas.Kind, totalMS float64, s faas.Snapshot) faas.Event {
	inv := &faas.Invocation{ID: id, Kind: kind, Status: faas.StatusOK, Env: "env-1", MemoryMB: 512, Profile: faas.Light,
		Phases: faas.Phases{HandlerMS: 2, TotalMS: totalMS}}
	switch kind {
	case faas.KindCold:
		inv.Phases.StartMS, inv.Phases.ReadyMS, inv.Phases.InitMS = 300, 400, 40
	case faas.KindThrottled:
		inv.Status, inv.Env, inv.Phases.HandlerMS = faas.StatusThrottled, "", 0
	}
	return faas.Event{Time: start.Add(secs(at)), Type: faas.InvokeEnd, Env: inv.Env, Invocation: inv, Snapshot: s}
}

// coldStartRun: a cold invocation, two warm ones, then a burst of three
// against a concurrency of two, and the idle environments reaped.
func coldStartRun(t testing.TB) *record.Recording {
	one := fsnap(env("env-1", faas.StateIdle))
	two := fsnap(env("env-1", faas.StateIdle), env("env-2", faas.StateIdle))
	return recording(t, "cold-start",
		state(0, fsnap()),
		event(0.1, faas.Event{Time: start.Add(secs(0.1)), Type: faas.EnvCreated, Env: "env-1", Snapshot: fsnap(env("env-1", faas.StateStarting))}),
		state(0.1, fsnap(env("env-1", faas.StateStarting))),
		event(0.85, invoked(0.85, 1, faas.KindCold, 750.5, one)),
		state(0.85, one),
		event(2, invoked(2, 2, faas.KindWarm, 4.25, one)),
		event(3, invoked(3, 3, faas.KindWarm, 3.5, one)),
		state(5, fsnap(env("env-1", faas.StateBusy), env("env-2", faas.StateStarting))),
		event(5, invoked(5, 4, faas.KindThrottled, 0.05, two)),
		event(5.01, invoked(5.01, 5, faas.KindWarm, 6, two)),
		event(5.9, invoked(5.9, 6, faas.KindCold, 910, two)),
		state(5.9, two),
		state(16, fsnap()),
		summary(18),
	)
}
