package selfhealingview

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

func TestNarration(t *testing.T) {
	ev := func(reason, obj, msg string) cluster.Event {
		return cluster.Event{Reason: reason, Object: obj, Message: msg}
	}
	started := ev(cluster.ReasonStarted, "pod/web-5d8f7c9b4x-q1w2e", "Started container web")
	created := ev(cluster.ReasonSuccessfulCreate, "replicaset/web-5d8f7c9b4x", "Created pod: web-5d8f7c9b4x-zzzzz")
	pods := []cluster.PodInfo{ // the youngest is the one created
		{Name: "web-5d8f7c9b4x-a1a1a", ReplicaSet: "web-5d8f7c9b4x", Age: time.Minute},
		{Name: "web-5d8f7c9b4x-q1w2e", ReplicaSet: "web-5d8f7c9b4x", Age: time.Second},
		{Name: "web-0ld0ld0ld-b2b2b", ReplicaSet: "web-0ld0ld0ld", Age: 0},
	}
	healed := &cluster.Snapshot{Replicas: 3, ReadyPods: 3, Settled: true, Pods: pods,
		Heals: []cluster.Heal{{Killed: "web-5d8f7c9b4x-x2k9q", Cause: "kill-pod", Replacement: "web-5d8f7c9b4x-q1w2e", Duration: 412 * time.Millisecond}}}
	// Narration reads the events' fields; where a message would say more,
	// it says the opposite, so reading the text would get it wrong.
	backoff := ev(cluster.ReasonBackOff, "pod/web-5d8f7c9b4x-z7m4p", "Back-off 1s restarting failed container web")
	backoff.Backoff = 40 * time.Second
	probe := func(reason string, kind cluster.ProbeKind) cluster.Event {
		e := ev(reason, "pod/web-5d8f7c9b4x-z7m4p", "Container web definition changed; Liveness")
		e.Probe = kind
		return e
	}
	crashing := &cluster.Snapshot{Replicas: 3, Pods: []cluster.PodInfo{{Name: "web-5d8f7c9b4x-z7m4p", Restarts: 3}}}
	brokenPod := &cluster.Snapshot{Replicas: 3, Pods: []cluster.PodInfo{{Name: "web-5d8f7c9b4x-z7m4p", Restarts: 3, Broken: true}}}
	for _, tc := range []struct {
		name string
		evs  []cluster.Event
		snap *cluster.Snapshot
		want string
	}{
		{"a kill healed", []cluster.Event{created, started}, healed,
			"pod x2k9q was killed; the ReplicaSet saw 2 of 3 pods and created q1w2e, ready and serving 0.41 s after the kill; all 3 replicas are ready again"},
		{"a replacement not ready yet", []cluster.Event{created}, &cluster.Snapshot{Replicas: 3, ReadyPods: 2, Pods: pods},
			"the ReplicaSet saw 2 of 3 pods and created q1w2e; it joins the Service once its readiness probe passes"},
		{"a node noticed", []cluster.Event{ev(cluster.ReasonNodeNotReady, "node/node-2", "Node node-2 status is now: NodeNotReady")},
			&cluster.Snapshot{Replicas: 3, Nodes: []cluster.NodeInfo{{Name: "node-2", Condition: cluster.NodeUnknown, Down: true, EvictIn: 290 * time.Second}}},
			"node-2 sent no heartbeat for 50s, so the control plane marked it NotReady and took its pods out of the Service; it evicts them after 5m (tolerationSeconds), in 4m50s"},
		{"a crash loop", []cluster.Event{backoff}, crashing,
			"pod z7m4p crashed on start again (3 restarts): the kubelet waits 40s before the next restart, doubling each time up to 5m: CrashLoopBackOff"},
		{"a back-off without its delay", []cluster.Event{ev(cluster.ReasonBackOff, "pod/web-5d8f7c9b4x-z7m4p", "Back-off 40s restarting failed container web")}, crashing,
			"pod z7m4p crashed on start again (3 restarts): the kubelet waits a while before the next restart, doubling each time up to 5m: CrashLoopBackOff"},
		{"a liveness failure", []cluster.Event{probe(cluster.ReasonUnhealthy, cluster.ProbeLiveness)}, crashing,
			"pod z7m4p failed a liveness probe: after 3 failures in a row the kubelet restarts its container"},
		{"a readiness failure", []cluster.Event{probe(cluster.ReasonUnhealthy, cluster.ProbeReadiness)}, crashing,
			"pod z7m4p failed a readiness probe: the Service stops sending it requests until it passes again"},
		{"killed by its liveness probe", []cluster.Event{probe(cluster.ReasonKilling, cluster.ProbeLiveness)}, crashing,
			"pod z7m4p failed 3 liveness probes in a row, so the kubelet killed its container and starts it again in the same pod"},
		{"patched to crash", []cluster.Event{ev(cluster.ReasonKilling, "pod/web-5d8f7c9b4x-z7m4p", "Stopping container web")}, brokenPod,
			"pod z7m4p's container now crashes on start: the kubelet restarts it with a growing back-off"},
		{"deleted", []cluster.Event{ev(cluster.ReasonKilling, "pod/web-5d8f7c9b4x-z7m4p", "Container web failed liveness probe, will be restarted")}, crashing,
			"pod z7m4p is being deleted: its container stops and it leaves the Service's endpoints"},
		{"noise says nothing", []cluster.Event{started}, &cluster.Snapshot{Replicas: 3}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Model{snap: tc.snap, events: tc.evs}
			if got := m.Narration(); got != tc.want {
				t.Errorf("narration\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestNarrationOfAKilledNodeNobodyNoticedYet(t *testing.T) {
	m := &Model{snap: &cluster.Snapshot{Nodes: []cluster.NodeInfo{{Name: "node-1", Condition: cluster.NodeReady, Down: true, NotReadyIn: 38 * time.Second}}}}
	if got := m.Narration(); !strings.HasPrefix(got, "node-1 was killed with its pods; the control plane has not noticed yet") || !strings.HasSuffix(got, "in 38s") {
		t.Errorf("narration %q", got)
	}
}

// Pausing stops the cluster's control-plane clock: it does not move and no
// timer fires until a step or a resume.
func TestPauseStopsTheClock(t *testing.T) {
	rt := demokittest.Fake()
	m := New(demokittest.Context(true), demokittest.Opener(rt), selfhealing.Options{Replicas: 2, Nodes: 2, TimeScale: 1000})
	defer m.Close()
	m.SetSize(100, 30)
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 64)}
	d.run(m.Init())
	d.waitScreen("✓ 2/2 ready")

	var p common.Pausable = m
	p.SetPaused(true)
	if !p.Paused() {
		t.Fatal("Paused() is false after SetPaused(true)")
	}
	v := m.presenter().Clock.(*clock.Virtual)
	fired := make(chan struct{})
	v.AfterFunc(time.Millisecond, func() { close(fired) }) // 1 µs of real time at x1000
	at := v.Now()
	time.Sleep(50 * time.Millisecond) // 50 s of control-plane time were it running
	if now := v.Now(); !now.Equal(at) {
		t.Errorf("the paused clock moved by %s", now.Sub(at))
	}
	select {
	case <-fired:
		t.Fatal("a timer fired while paused")
	default:
	}

	msg := p.Step()().(common.StepDoneMsg)
	if msg.Err != nil {
		t.Fatal(msg.Err)
	}
	if v.Now().Before(at) || !p.Paused() {
		t.Errorf("a step moved the clock from %v to %v and left it paused=%v; want it forward and still paused", at, v.Now(), p.Paused())
	}
	// Step fires the earliest timer, which may be one of the cluster's own
	// (Advance runs it before returning); stepping on reaches ours.
	for range 100 {
		select {
		case <-fired:
			return
		default:
		}
		p.Step()()
	}
	t.Fatal("stepping never fired the timer")
}
