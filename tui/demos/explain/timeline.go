package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

// maxEntries bounds the timeline: the newest are kept. It grows by slack
// before it is cut back, so a full timeline does not move every entry on
// every update.
const (
	maxEntries = 4000
	slack      = maxEntries / 8
)

// maxOwners bounds the pods whose ReplicaSet the timeline remembers.
const maxOwners = 4096

// entry is one line of the timeline.
type entry struct {
	At      time.Time
	Object  string // "pod/web-7f9c-x2k9", "replicaset/web-7f9c", "env/env-1", "invocation/3"
	Reason  string
	Message string
	Warning bool
}

// kind and name split Object as cluster.Event does.
func (e entry) kind() string { return cluster.Event{Object: e.Object}.Kind() }
func (e entry) name() string { return cluster.Event{Object: e.Object}.Name() }

// timeline is every event of the current engine generation, in order, and
// what the reader narrowed it to: an object filter or a pod's owner chain.
// A cursor picks a line; it follows the newest until moved.
type timeline struct {
	gen     int
	entries []entry
	start   time.Time // the zero of the times shown: the generation's first event

	deployment string
	owners     map[string]string // pod name → its ReplicaSet, from the snapshots

	filter string   // lower case; "" shows every object
	chain  []string // the selected pod's owner chain, Deployment first; nil shows every object

	cursor int  // index in the visible lines
	follow bool // the cursor stays on the newest line
}

func newTimeline() timeline { return timeline{owners: map[string]string{}, follow: true} }

// observe takes an update of generation gen: a newer generation starts the
// timeline afresh (a reset, or a replay's seek whose first update carries
// everything up to then); an older one is stale and ignored. It reports
// whether the update was taken.
func (t *timeline) observe(gen int) bool {
	switch {
	case gen < t.gen:
		return false
	case gen > t.gen:
		*t = timeline{gen: gen, owners: map[string]string{}, follow: true, filter: t.filter}
	}
	return true
}

// addCluster adds a cluster update's events and learns its pods' owners.
func (t *timeline) addCluster(gen int, u cluster.Update) {
	if !t.observe(gen) {
		return
	}
	if s := u.Snapshot; s != nil {
		t.deployment = s.Deployment
		for _, p := range s.Pods {
			if len(t.owners) >= maxOwners {
				clear(t.owners) // a very long run: forget the oldest along with the rest
			}
			t.owners[p.Name] = p.ReplicaSet
		}
	}
	for _, e := range u.Events {
		t.add(entry{At: e.Time, Object: e.Object, Reason: e.Reason, Message: e.Message, Warning: e.Type == cluster.Warning})
	}
}

// addFunction adds what a function event tells of environments and
// invocations; the busy/idle churn of every request is left out.
func (t *timeline) addFunction(gen int, ev faas.Event) {
	if !t.observe(gen) {
		return
	}
	if e, ok := functionEntry(ev); ok {
		t.add(e)
	}
}

func functionEntry(ev faas.Event) (entry, bool) {
	env := "env/" + ev.Env
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	switch ev.Type {
	case faas.EnvCreated:
		return entry{At: ev.Time, Object: env, Reason: "created", Message: withCause("a new execution environment", ev.Reason)}, true
	case faas.EnvStarted:
		return entry{At: ev.Time, Object: env, Reason: "started", Message: "Start took " + ms(ev.Duration)}, true
	case faas.EnvReady:
		return entry{At: ev.Time, Object: env, Reason: "ready", Message: "/readyz answered after " + ms(ev.Duration)}, true
	case faas.EnvInit:
		return entry{At: ev.Time, Object: env, Reason: "initialised", Message: "init code took " + ms(ev.Duration)}, true
	case faas.EnvProvisioned:
		return entry{At: ev.Time, Object: env, Reason: "provisioned", Message: "initialised before traffic in " + ms(ev.Duration)}, true
	case faas.EnvReaped:
		return entry{At: ev.Time, Object: env, Reason: "reaped", Message: withCause("removed", ev.Reason)}, true
	case faas.EnvKilled:
		return entry{At: ev.Time, Object: env, Reason: "killed", Message: withCause("removed after a failure", ev.Reason), Warning: true}, true
	case faas.InvokeEnd:
		inv := ev.Invocation
		if inv == nil {
			return entry{}, false
		}
		e := entry{At: ev.Time, Object: fmt.Sprintf("invocation/%d", inv.ID), Reason: string(inv.Kind)}
		switch {
		case inv.Status == faas.StatusOK:
			e.Message = fmt.Sprintf("ok in %.1f ms on env/%s (billed %d ms)", inv.Phases.TotalMS, inv.Env, inv.BilledMS)
		case inv.Kind == faas.KindThrottled:
			e.Message, e.Warning = "429: at the concurrency limit", true
		default:
			e.Message, e.Warning = fmt.Sprintf("%s after %.1f ms: %s", inv.Status, inv.Phases.TotalMS, inv.Err), true
		}
		return e, true
	case faas.ConfigChanged:
		return entry{At: ev.Time, Object: "function/" + functionObject, Reason: "config", Message: ev.Reason}, true
	case faas.Reset:
		return entry{At: ev.Time, Object: "function/" + functionObject, Reason: "reset", Message: "statistics, store and environments reset"}, true
	}
	return entry{}, false
}

// functionObject names the function in the timeline, as its commands do.
const functionObject = commands.FunctionName

func withCause(what, cause string) string {
	if cause == "" {
		return what
	}
	return what + ": " + cause
}

func (t *timeline) add(e entry) {
	if t.start.IsZero() || e.At.Before(t.start) {
		t.start = e.At
	}
	t.entries = append(t.entries, e)
	if len(t.entries) > maxEntries+slack {
		over := len(t.entries) - maxEntries
		t.entries = append(t.entries[:0], t.entries[over:]...)
		t.cursor = max(0, t.cursor-over)
	}
}

// visible are the entries the filter or the chain let through, oldest first.
func (t *timeline) visible() []entry {
	if t.filter == "" && t.chain == nil {
		return t.entries
	}
	var out []entry
	for _, e := range t.entries {
		if t.shows(e) {
			out = append(out, e)
		}
	}
	return out
}

func (t *timeline) shows(e entry) bool {
	if t.chain != nil {
		for _, o := range t.chain {
			if e.Object == o {
				return true
			}
		}
		return false
	}
	return strings.Contains(strings.ToLower(e.Object), t.filter)
}

// setFilter narrows the timeline to objects containing s.
func (t *timeline) setFilter(s string) {
	t.filter = strings.ToLower(strings.TrimSpace(s))
	t.follow = true
}

// selected is the line under the cursor.
func (t *timeline) selected() (entry, bool) {
	vis := t.visible()
	if len(vis) == 0 {
		return entry{}, false
	}
	return vis[t.at(len(vis))], true
}

// at is the cursor's index among n visible lines.
func (t *timeline) at(n int) int {
	if t.follow || t.cursor >= n {
		return n - 1
	}
	return max(0, t.cursor)
}

// move moves the cursor by d lines (negative: up, to older ones).
func (t *timeline) move(d int) {
	n := len(t.visible())
	if n == 0 {
		return
	}
	t.cursor = min(max(0, t.at(n)+d), n-1)
	t.follow = t.cursor == n-1
}

// selectChain narrows the timeline to the owner chain of the pod under the
// cursor (Deployment → ReplicaSet → Pod); false when it is not a pod's line.
func (t *timeline) selectChain() bool {
	e, ok := t.selected()
	if !ok || e.kind() != "pod" {
		return false
	}
	t.chain = t.ownerChain(e.name())
	t.follow = true
	return true
}

// ownerChain is a pod's owners, as the snapshots named them; a pod never
// seen in one is named as Kubernetes names a ReplicaSet's pods (its
// ReplicaSet's name and a suffix).
func (t *timeline) ownerChain(pod string) []string {
	rs, ok := t.owners[pod]
	if !ok {
		if i := strings.LastIndexByte(pod, '-'); i > 0 {
			rs = pod[:i]
		}
	}
	var chain []string
	if t.deployment != "" {
		chain = append(chain, "deployment/"+t.deployment)
	}
	if rs != "" {
		chain = append(chain, "replicaset/"+rs)
	}
	return append(chain, "pod/"+pod)
}

// clear drops the chain, else the filter; false when there was neither.
func (t *timeline) clear() bool {
	switch {
	case t.chain != nil:
		t.chain = nil
	case t.filter != "":
		t.filter = ""
	default:
		return false
	}
	t.follow = true
	return true
}
