package explain

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

var t0 = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

func ev(sec int, obj, reason string) cluster.Event {
	return cluster.Event{Time: t0.Add(time.Duration(sec) * time.Second), Type: cluster.Normal, Object: obj, Reason: reason, Message: reason + " " + obj}
}

// update is a run's events with a snapshot naming two pods' ReplicaSet.
func update() cluster.Update {
	return cluster.Update{
		Snapshot: &cluster.Snapshot{Deployment: "web", Pods: []cluster.PodInfo{
			{Name: "web-7f9c-aaaaa", ReplicaSet: "web-7f9c"}, {Name: "web-7f9c-bbbbb", ReplicaSet: "web-7f9c"}}},
		Events: []cluster.Event{
			ev(0, "deployment/web", cluster.ReasonScalingReplicaSet),
			ev(1, "replicaset/web-7f9c", cluster.ReasonSuccessfulCreate),
			ev(2, "pod/web-7f9c-aaaaa", cluster.ReasonScheduled),
			ev(3, "pod/web-7f9c-bbbbb", cluster.ReasonScheduled),
			ev(4, "node/node-2", cluster.ReasonNodeNotReady),
			ev(5, "replicaset/web-5d8f", cluster.ReasonSuccessfulDelete),
			ev(6, "pod/web-7f9c-aaaaa", cluster.ReasonKilling),
		},
	}
}

// objects are the entries' objects, in order.
func objects(es []entry) (out []string) {
	for _, e := range es {
		out = append(out, e.Object)
	}
	return out
}

func TestTimelineFilter(t *testing.T) {
	tl := newTimeline()
	tl.addCluster(1, update())
	tl.setFilter(" AAAAA ")
	if got := objects(tl.visible()); !slices.Equal(got, []string{"pod/web-7f9c-aaaaa", "pod/web-7f9c-aaaaa"}) {
		t.Errorf("filter aaaaa shows %q", got)
	}
	tl.setFilter("node")
	if got := objects(tl.visible()); !slices.Equal(got, []string{"node/node-2"}) {
		t.Errorf("filter node shows %q", got)
	}
	if !tl.clear() || len(tl.visible()) != 7 || tl.clear() {
		t.Error("clear drops the filter once, then has nothing to clear")
	}
}

func TestTimelineOwnerChain(t *testing.T) {
	tl := newTimeline()
	tl.addCluster(1, update())
	// The cursor follows the newest line: pod aaaaa's Killing.
	if !tl.selectChain() {
		t.Fatal("enter on a pod's line selected nothing")
	}
	want := []string{"deployment/web", "replicaset/web-7f9c", "pod/web-7f9c-aaaaa"}
	if !slices.Equal(tl.chain, want) {
		t.Errorf("chain %q, want %q", tl.chain, want)
	}
	got := objects(tl.visible())
	if !slices.Equal(got, []string{"deployment/web", "replicaset/web-7f9c", "pod/web-7f9c-aaaaa", "pod/web-7f9c-aaaaa"}) {
		t.Errorf("the chain's events are %q", got)
	}
	tl.clear()
	tl.move(-2) // node-2's line
	if e, _ := tl.selected(); e.Object != "node/node-2" || tl.selectChain() {
		t.Errorf("enter on %s (not a pod) selected a chain", e.Object)
	}
	// A pod no snapshot named: its ReplicaSet by Kubernetes' naming.
	if got := tl.ownerChain("web-5d8f-zzzzz"); !slices.Equal(got, []string{"deployment/web", "replicaset/web-5d8f", "pod/web-5d8f-zzzzz"}) {
		t.Errorf("unknown pod's chain %q", got)
	}
}

func TestTimelineCursor(t *testing.T) {
	tl := newTimeline()
	tl.addCluster(1, update())
	tl.move(-3)
	if e, _ := tl.selected(); e.Object != "pod/web-7f9c-bbbbb" || tl.follow {
		t.Fatalf("3 up is %s (follow %v)", e.Object, tl.follow)
	}
	tl.addCluster(1, cluster.Update{Events: []cluster.Event{ev(7, "pod/web-7f9c-ccccc", cluster.ReasonScheduled)}})
	if e, _ := tl.selected(); e.Object != "pod/web-7f9c-bbbbb" {
		t.Errorf("a new event moved the cursor to %s", e.Object)
	}
	tl.move(-100)
	if e, _ := tl.selected(); e.Object != "deployment/web" {
		t.Errorf("far up is %s, want the first line", e.Object)
	}
	tl.move(100)
	if !tl.follow {
		t.Error("down to the newest line follows again")
	}
}

func TestTimelineBounded(t *testing.T) {
	tl := newTimeline()
	const n = maxEntries + slack + 1 // one past the slack: cut back to the newest maxEntries
	var u cluster.Update
	for i := range n {
		u.Events = append(u.Events, ev(i, fmt.Sprintf("pod/web-%d", i), cluster.ReasonStarted))
	}
	tl.addCluster(1, u)
	if len(tl.entries) != maxEntries {
		t.Fatalf("%d entries, want the newest %d", len(tl.entries), maxEntries)
	}
	if first, last := tl.entries[0].Object, tl.entries[maxEntries-1].Object; first != fmt.Sprintf("pod/web-%d", n-maxEntries) ||
		last != fmt.Sprintf("pod/web-%d", n-1) {
		t.Errorf("kept %s to %s, want the newest", first, last)
	}
	tl.addCluster(1, cluster.Update{Events: u.Events[:slack]})
	if len(tl.entries) != maxEntries+slack {
		t.Errorf("%d entries: within the slack nothing is cut", len(tl.entries))
	}
}

func TestTimelineResetsOnNewGeneration(t *testing.T) {
	tl := newTimeline()
	tl.addCluster(1, update())
	tl.selectChain()
	tl.addCluster(2, cluster.Update{Events: []cluster.Event{ev(9, "deployment/web", cluster.ReasonScalingReplicaSet)}})
	if len(tl.entries) != 1 || tl.chain != nil {
		t.Errorf("a new generation kept %d entries (chain %q)", len(tl.entries), tl.chain)
	}
	tl.addCluster(1, update()) // stale: the engine before the reset
	if len(tl.entries) != 1 {
		t.Errorf("a stale generation's update was taken: %d entries", len(tl.entries))
	}
}

func TestFunctionEntries(t *testing.T) {
	tl := newTimeline()
	at := t0
	for _, e := range []faas.Event{
		{Time: at, Type: faas.EnvCreated, Env: "env-1"},
		{Time: at, Type: faas.EnvBusy, Env: "env-1"}, // left out: every request's churn
		{Time: at, Type: faas.EnvInit, Env: "env-1", Duration: 41 * time.Millisecond},
		{Time: at, Type: faas.InvokeEnd, Invocation: &faas.Invocation{ID: 1, Kind: faas.KindCold, Status: faas.StatusOK, Env: "env-1", BilledMS: 125,
			Phases: faas.Phases{TotalMS: 124.5}}},
		{Time: at, Type: faas.InvokeEnd, Invocation: &faas.Invocation{ID: 2, Kind: faas.KindThrottled, Status: faas.StatusError}},
		{Time: at, Type: faas.EnvReaped, Env: "env-1", Reason: "idle for 10s"},
	} {
		tl.addFunction(1, e)
	}
	var got []string
	for _, e := range tl.entries {
		got = append(got, e.Object+" "+e.Reason+": "+e.Message)
	}
	want := []string{
		"env/env-1 created: a new execution environment",
		"env/env-1 initialised: init code took 41.0 ms",
		"invocation/1 cold: ok in 124.5 ms on env/env-1 (billed 125 ms)",
		"invocation/2 throttled: 429: at the concurrency limit",
		"env/env-1 reaped: removed: idle for 10s",
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries\n%q\nwant\n%q", got, want)
	}
}
