package check

// The orchestration measurements, from what the run really did: every
// state the control plane published (its Update stream) and every request
// the load steps sent. Moments are control-plane time, as the manifest's
// durations are; latencies are real.

import (
	"math"
	"slices"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// growingWindow is how recent a restart must be for restarts_growing.
const growingWindow = 30 * time.Second

// observer folds the published states into the run's numbers.
type observer struct {
	mu    sync.Mutex
	start time.Time // the run's first step
	end   time.Time // the last step's end; states after it are Close's

	availableAt  time.Time // the first apply became available (or gave up waiting)
	mostPods     int
	mostVersions int  // terminating pods included: they still serve and write
	deadline     bool // a rollout was reported ProgressDeadlineExceeded
	fewest       int  // -1 until available
	seen         map[string]bool
	restarts     map[string]int // the most each pod showed
	lastRise     time.Time      // when the restart sum last rose
	deleted      map[string]bool
	deletions    []deletion
	rollout      rolloutWatch
	scaleIn      scaleInWatch
}

// scaleInWatch is the autoscaler's answer to the load's last drop: how
// long it held the Pods before its first scale-in since (zero until then).
type scaleInWatch struct {
	dropped time.Time
	held    time.Duration
	done    bool
}

// deletion is a pod leaving: deleted (by the rollout, a scale, kill-pod)
// or killed with its node.
type deletion struct {
	pod string
	at  time.Time
}

// rolloutWatch is the last template change and when it completed.
type rolloutWatch struct {
	version     string
	from, until time.Time // until is zero while incomplete
}

func newObserver(start time.Time) *observer {
	return &observer{start: start, fewest: -1, seen: map[string]bool{}, restarts: map[string]int{}, deleted: map[string]bool{}}
}

// watch reads updates until the stream closes.
func (o *observer) watch(updates <-chan cluster.Update, done chan<- struct{}) {
	defer close(done)
	for u := range updates {
		o.observe(u.Snapshot)
	}
}

func (o *observer) observe(s *cluster.Snapshot) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s == nil || !o.end.IsZero() && s.Clock.After(o.end) {
		return
	}
	pods, sum, prev := 0, 0, 0
	for _, n := range o.restarts {
		prev += n
	}
	versions := map[string]bool{}
	for _, p := range s.Pods {
		versions[p.Version] = true
		o.seen[p.Name] = true
		o.restarts[p.Name] = max(o.restarts[p.Name], p.Restarts)
		if p.Status == cluster.StatusTerminating {
			o.deletedLocked(p.Name, s.Clock)
		} else {
			pods++
		}
	}
	for name := range o.seen { // gone without being seen terminating
		if !slices.ContainsFunc(s.Pods, func(p cluster.PodInfo) bool { return p.Name == name }) {
			o.deletedLocked(name, s.Clock)
		}
	}
	for _, n := range o.restarts {
		sum += n
	}
	if sum > prev {
		o.lastRise = s.Clock
	}
	o.mostPods = max(o.mostPods, pods)
	o.mostVersions = max(o.mostVersions, len(versions))
	o.deadline = o.deadline || s.Rollout.Failed
	if !o.availableAt.IsZero() && !s.Clock.Before(o.availableAt) { // the stream may lag behind the step
		if o.fewest < 0 || s.ReadyPods < o.fewest {
			o.fewest = s.ReadyPods
		}
	}
	if w := &o.scaleIn; !w.dropped.IsZero() && !w.done && s.Autoscaler != nil {
		w.held, w.done = heldBeforeScaleIn(s.Autoscaler.History, w.dropped)
	}
	r := &o.rollout
	if r.version != "" && r.until.IsZero() && s.Rollout.Version == r.version && s.Rollout.Complete {
		r.until = s.Clock
	}
}

// deletedLocked notes a pod's deletion, the first time only.
func (o *observer) deletedLocked(pod string, at time.Time) {
	if o.deleted[pod] {
		return
	}
	o.deleted[pod] = true
	o.deletions = append(o.deletions, deletion{pod, at})
}

// killed notes pods a step killed, at the step's moment (a node's pods die
// with it, long before the control plane deletes them).
func (o *observer) killed(at time.Time, pods ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, p := range pods {
		o.deletedLocked(p, at)
	}
}

// heldBeforeScaleIn finds the autoscaler's first scale-in after from and
// how long it held the Pods before it: since its last recommendation that
// still needed them (Raw at least the count it scaled in from). That is
// what the scale-down stabilization window bounds from below, as upstream
// keeps the highest recommendation of the window.
func heldBeforeScaleIn(history []cluster.HPADecision, from time.Time) (time.Duration, bool) {
	for i, d := range history {
		if d.At.Before(from) || d.Desired >= d.Current {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if history[j].Raw >= d.Current {
				return d.At.Sub(history[j].At), true
			}
		}
		return 0, false // the history no longer holds the recommendation
	}
	return 0, false
}

// loadLowered starts watching for the scale-in a lower load should bring,
// from at (the last drop counts).
func (o *observer) loadLowered(at time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.scaleIn = scaleInWatch{dropped: at}
}

// becameAvailable starts fewest_ready with the state s.
func (o *observer) becameAvailable(s *cluster.Snapshot) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.availableAt.IsZero() {
		o.availableAt, o.fewest = s.Clock, s.ReadyPods
	}
}

// rolloutStarted watches the rollout to version begun at from (the apply's
// first one too, until a deploy or undo replaces it).
func (o *observer) rolloutStarted(version string, from time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rollout = rolloutWatch{version: version, from: from}
}

// finish ends the run at end: later states are ignored.
func (o *observer) finish(end time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.end = end
}

// measurements are the run's values; replicas is as applied.
func (o *observer) measurements(replicas int, outcomes []outcome) exercise.Measurements {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := exercise.Measurements{
		"replicas":  exercise.NumberValue(float64(replicas)),
		"most_pods": exercise.NumberValue(float64(o.mostPods)),
		"pods_seen": exercise.NumberValue(float64(len(o.seen))),

		"most_versions":              exercise.NumberValue(float64(o.mostVersions)),
		"progress_deadline_exceeded": exercise.FlagValue(o.deadline),
	}
	m["fewest_ready"] = exercise.NumberValue(float64(max(0, o.fewest)))
	restarts := 0
	for _, n := range o.restarts {
		restarts += n
	}
	m["restarts"] = exercise.NumberValue(float64(restarts))
	m["restarts_growing"] = exercise.FlagValue(!o.lastRise.IsZero() && o.end.Sub(o.lastRise) <= growingWindow)

	r := o.rollout
	complete := !r.until.IsZero()
	took := o.end.Sub(r.from)
	if complete {
		took = r.until.Sub(r.from)
	}
	m["scale_in_held_s"] = exercise.NumberValue(seconds(o.scaleIn.held))
	m["rollout_complete"] = exercise.FlagValue(complete)
	m["rollout_s"] = exercise.NumberValue(seconds(took))

	failed := 0
	var firstFailure time.Time
	var lat []time.Duration
	for _, x := range outcomes {
		if x.ok {
			lat = append(lat, x.latency)
			continue
		}
		failed++
		if firstFailure.IsZero() || x.sent.Before(firstFailure) {
			firstFailure = x.sent
		}
	}
	m["requests"] = exercise.NumberValue(float64(len(outcomes)))
	m["failed_requests"] = exercise.NumberValue(float64(failed))
	m["p50_ms"] = exercise.NumberValue(percentile(millis(lat), 50))
	m["p99_ms"] = exercise.NumberValue(percentile(millis(lat), 99))
	m["first_failure_s"] = exercise.NumberValue(0)
	m["first_failure_after_kill_s"] = exercise.NumberValue(0)
	m["first_failure_pod"] = exercise.TextValue("")
	if failed > 0 {
		m["first_failure_s"] = exercise.NumberValue(seconds(firstFailure.Sub(o.start)))
		var last *deletion
		for i, d := range o.deletions {
			if !d.at.After(firstFailure) && (last == nil || !d.at.Before(last.at)) {
				last = &o.deletions[i]
			}
		}
		if last != nil {
			m["first_failure_after_kill_s"] = exercise.NumberValue(seconds(firstFailure.Sub(last.at)))
			m["first_failure_pod"] = exercise.TextValue(last.pod)
		}
	}
	return m
}

// percentile is the nearest-rank percentile of the latencies in ms; 0 for
// none.
// millis are durations in milliseconds, for percentile (serverless_measure.go).
func millis(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = float64(d.Microseconds()) / 1000
	}
	return out
}

func seconds(d time.Duration) float64 { return math.Round(max(0, d.Seconds())*100) / 100 }
