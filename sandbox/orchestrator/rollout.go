package orchestrator

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// Rollout is how the Deployment rolls out a new pod template.
type Rollout struct {
	Strategy Strategy
	// MinReadySeconds: a new pod counts as available only after it has been
	// ready this long (control-plane time); default 0.
	MinReadySeconds time.Duration
	// ProgressDeadline (progressDeadlineSeconds): a rollout that makes no
	// progress for this long (control-plane time) is marked failed,
	// Progressing=False with reason ProgressDeadlineExceeded; default 600 s.
	// Nothing is rolled back automatically.
	ProgressDeadline time.Duration
	// RevisionHistoryLimit is how many old ReplicaSets are kept for undo;
	// 0 is Kubernetes' default (RevisionHistoryLimit), NoHistory keeps none.
	RevisionHistoryLimit int
}

// NoHistory is a RevisionHistoryLimit of 0: no old ReplicaSet is kept.
const NoHistory = -1

// DefaultProgressDeadline is Kubernetes' progressDeadlineSeconds default.
const DefaultProgressDeadline = 600 * time.Second

// RevisionHistoryLimit is how many old ReplicaSets (scaled to 0) a
// Deployment keeps for undo: Kubernetes' revisionHistoryLimit default.
const RevisionHistoryLimit = 10

// rolloutState is the Deployment's rollout bookkeeping, owned by the loop.
type rolloutState struct {
	minReady, deadline time.Duration
	history            int // old ReplicaSets kept
	paused             bool
	readySince         map[string]time.Time // pod → control-plane time it became ready

	key          string // the ReplicaSet being rolled out
	progress     string // what counts as progress, to notice a change
	lastProgress time.Time
	timer        clock.Timer
	started      time.Time // real
	took         time.Duration
	complete     bool
	failed       bool
	reason       string
}

func (r *rolloutState) init(cfg Rollout) {
	r.minReady = max(0, cfg.MinReadySeconds)
	r.deadline = cfg.ProgressDeadline
	if r.deadline <= 0 {
		r.deadline = DefaultProgressDeadline
	}
	r.readySince = map[string]time.Time{}
	switch r.history = cfg.RevisionHistoryLimit; {
	case r.history == NoHistory:
		r.history = 0
	case r.history <= 0:
		r.history = RevisionHistoryLimit
	}
}

// available: ready for at least minReadySeconds.
func (c *Cluster) available(p *pod) bool {
	ro := &c.deploy.ro
	if ro.minReady == 0 {
		return true
	}
	since, ok := ro.readySince[p.name]
	return ok && c.clk.Now().Sub(since) >= ro.minReady
}

// currentRS is the ReplicaSet of the Deployment's template, if it exists.
func (c *Cluster) currentRS() *replicaSet {
	hash := templateHash(c.deploy.template)
	for _, rs := range c.rss {
		if rs.hash == hash {
			return rs
		}
	}
	return nil
}

// syncPaused is the deployment controller on a paused Deployment: no
// rollout moves; only a plain scale of a single live ReplicaSet applies.
func (c *Cluster) syncPaused() {
	var live []*replicaSet
	for _, rs := range c.rss {
		if rs.replicas > 0 || c.countPods(rs, false) > 0 {
			live = append(live, rs)
		}
	}
	if len(live) == 1 {
		c.scaleRS(live[0], c.deploy.replicas)
	}
}

// syncRollout runs after the controllers: it tracks when pods became ready
// (minReadySeconds), notices progress, completion and a missed deadline.
func (c *Cluster) syncRollout() {
	d := c.deploy
	ro := &d.ro
	now := c.clk.Now()
	for name := range ro.readySince {
		if p := c.pods[name]; p == nil || !p.ready || p.deleting {
			delete(ro.readySince, name)
		}
	}
	for _, p := range c.pods {
		if p.ready && !p.deleting {
			if _, ok := ro.readySince[p.name]; !ok {
				ro.readySince[p.name] = now
				if ro.minReady > 0 {
					c.after(ro.minReady, func() {}) // reconcile when it becomes available
				}
			}
		}
	}

	cur := c.currentRS()
	if cur == nil {
		return // paused before the new template got its ReplicaSet
	}
	c.pruneHistory(cur)
	if cur.name != ro.key {
		ro.key = cur.name
		ro.started = time.Now()
		ro.took, ro.complete, ro.failed = 0, false, false
		ro.progress = ""
		ro.reason = ReasonReplicaSetUpdated
	}
	updated, updatedAvail, old := c.countPods(cur, false), c.readyPods(cur), 0
	for _, rs := range c.rss {
		if rs != cur {
			old += c.countPods(rs, false)
		}
	}
	complete := updated == d.replicas && updatedAvail == d.replicas && old == 0
	if complete {
		if !ro.complete {
			ro.complete, ro.failed = true, false
			ro.took = time.Since(ro.started)
			ro.reason = ReasonNewReplicaSetAvailable
			c.stopDeadline()
		}
		return
	}
	ro.complete = false
	if ro.paused {
		return
	}
	progress := fmt.Sprint(cur.replicas, updatedAvail, sumReplicas(c.rss)-cur.replicas)
	if progress != ro.progress {
		ro.progress = progress
		ro.lastProgress = now
		if ro.failed || ro.reason != ReasonDeploymentResumed {
			ro.reason = ReasonReplicaSetUpdated
		}
		ro.failed = false
		c.stopDeadline()
		ro.timer = c.after(ro.deadline, func() {}) // reconcile at the deadline
		return
	}
	if !ro.failed && now.Sub(ro.lastProgress) >= ro.deadline {
		ro.failed = true
		ro.reason = ReasonProgressDeadlineExceeded
		c.emit(Warning, ReasonProgressDeadlineExceeded, "deployment/"+d.name, fmt.Sprintf("ReplicaSet %q has timed out progressing.", cur.name))
	}
}

// rolloutMilestone is when a rollout of a new template that has not
// completed yet would miss its progress deadline: a presenter's next
// milestone while a bad version stalls. A Deployment that already rolled
// out its template has none (a killed pod being replaced is no rollout).
func (c *Cluster) rolloutMilestone() time.Time {
	ro := &c.deploy.ro
	if ro.took > 0 || ro.complete || ro.failed || ro.paused || ro.lastProgress.IsZero() {
		return time.Time{}
	}
	return ro.lastProgress.Add(ro.deadline)
}

// pruneHistory drops the oldest ReplicaSets that have no pods left beyond
// the Deployment's revisionHistoryLimit.
func (c *Cluster) pruneHistory(cur *replicaSet) {
	var idle []*replicaSet
	for _, rs := range c.rss {
		if rs != cur && rs.replicas == 0 && c.countPods(rs, true) == 0 {
			idle = append(idle, rs)
		}
	}
	keep := c.deploy.ro.history
	if len(idle) <= keep {
		return
	}
	slices.SortFunc(idle, func(a, b *replicaSet) int { return a.revision - b.revision })
	drop := idle[:len(idle)-keep]
	c.rss = slices.DeleteFunc(c.rss, func(rs *replicaSet) bool { return slices.Contains(drop, rs) })
}

func (c *Cluster) stopDeadline() {
	if t := c.deploy.ro.timer; t != nil {
		t.Stop()
		c.deploy.ro.timer = nil
	}
}

// rolloutInfo is the snapshot's view of the rollout.
func (c *Cluster) rolloutInfo() RolloutInfo {
	d := c.deploy
	ro := &d.ro
	surge, unavail := d.strategy.Resolve(d.replicas)
	info := RolloutInfo{
		Strategy: d.strategy.Name(), MaxSurge: surge, MaxUnavailable: unavail,
		MaxSurgeSpec: limitSpec(d.strategy.MaxSurge), MaxUnavailableSpec: limitSpec(d.strategy.MaxUnavailable),
		MinReady: ro.minReady, ProgressDeadline: ro.deadline,
		Version: d.template.Version, Paused: ro.paused, Replicas: d.replicas,
		Complete: ro.complete, Failed: ro.failed, Reason: ro.reason, Took: ro.took, Started: ro.started,
	}
	cur := c.currentRS()
	for _, rs := range c.rss {
		n, avail := c.countPods(rs, false), c.readyPods(rs)
		info.Total += n
		info.Available += avail
		if rs == cur {
			info.Updated, info.UpdatedAvailable, info.Revision = n, avail, rs.revision
		} else {
			info.Old += n
		}
	}
	switch {
	case ro.paused:
		info.Progressing, info.Reason = "Unknown", ReasonDeploymentPaused
	case ro.failed:
		info.Progressing = "False"
	default:
		info.Progressing = "True"
	}
	if !ro.complete && !ro.failed && !ro.paused && !ro.lastProgress.IsZero() {
		info.DeadlineIn = max(0, ro.lastProgress.Add(ro.deadline).Sub(c.clk.Now()))
	}
	info.Status = rolloutStatusLine(d.name, info)
	return info
}

func limitSpec(v string) string {
	if v == "" {
		return "25%"
	}
	return v
}

// rolloutStatusLine is what `kubectl rollout status deployment/NAME` prints,
// in its order of checks.
func rolloutStatusLine(name string, i RolloutInfo) string {
	switch {
	case i.Failed:
		return fmt.Sprintf("error: deployment %q exceeded its progress deadline", name)
	case i.Paused:
		return fmt.Sprintf("Waiting for deployment %q rollout to finish: the rollout is paused (kubectl rollout resume deployment/%s)", name, name)
	case i.Updated < i.Replicas:
		return fmt.Sprintf("Waiting for deployment %q rollout to finish: %d out of %d new replicas have been updated...", name, i.Updated, i.Replicas)
	case i.Total > i.Updated:
		return fmt.Sprintf("Waiting for deployment %q rollout to finish: %d old replicas are pending termination...", name, i.Total-i.Updated)
	case i.UpdatedAvailable < i.Updated:
		return fmt.Sprintf("Waiting for deployment %q rollout to finish: %d of %d updated replicas are available...", name, i.UpdatedAvailable, i.Updated)
	}
	return fmt.Sprintf("deployment %q successfully rolled out", name)
}

// Pause stops the rollout where it is (kubectl rollout pause): template
// changes wait, the progress deadline is not checked.
func (c *Cluster) Pause() error {
	return c.call(func() {
		c.deploy.ro.paused = true
		c.stopDeadline()
	})
}

// Resume lets a paused rollout go on (kubectl rollout resume); the progress
// deadline starts over.
func (c *Cluster) Resume() error {
	return c.call(func() {
		ro := &c.deploy.ro
		if !ro.paused {
			return
		}
		ro.paused = false
		ro.progress = "" // counts as progress: the deadline starts over
		ro.reason = ReasonDeploymentResumed
	})
}

// Errors of Undo, in kubectl's words.
var (
	ErrUndoPaused   = errors.New("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
	ErrNoHistory    = errors.New("no rollout history found")
	ErrSameTemplate = errors.New("skipped rollback (current template already matches the revision)")
)

// Undo rolls back to the previous revision (toRevision 0) or the given one
// (kubectl rollout undo [--to-revision=N]): the Deployment's template
// becomes that revision's, which is rolled out by the strategy like any
// change, and its ReplicaSet becomes the newest revision. It returns the
// revision rolled back to.
func (c *Cluster) Undo(toRevision int) (int, error) {
	var rolledTo int
	var err error
	cerr := c.call(func() {
		d := c.deploy
		if d.ro.paused {
			err = ErrUndoPaused
			return
		}
		cur := c.currentRS()
		var target *replicaSet
		top := 0
		for _, rs := range c.rss {
			top = max(top, rs.revision)
			switch {
			case rs == cur:
			case toRevision > 0:
				if rs.revision == toRevision {
					target = rs
				}
			case target == nil || rs.revision > target.revision:
				target = rs
			}
		}
		switch {
		case target == nil && toRevision > 0 && cur != nil && cur.revision == toRevision:
			err = ErrSameTemplate
			return
		case target == nil && toRevision > 0:
			err = fmt.Errorf("unable to find specified revision %d in history", toRevision)
			return
		case target == nil:
			err = ErrNoHistory
			return
		}
		rolledTo = target.revision
		d.template = cloneTemplate(target.template)
		target.revision = top + 1
		c.emit(Normal, ReasonDeploymentRollback, "deployment/"+d.name, fmt.Sprintf("Rolled back deployment %q to revision %d", d.name, rolledTo))
	})
	if cerr != nil {
		return 0, cerr
	}
	return rolledTo, err
}
