package rollingdeployview

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Presenter mode (tui/present.go): availability and the new version's
// progress big, the ReplicaSets and the responses without the event log, a
// sentence on the rollout's latest move, and pause, step and scripted steps
// (deploy, deploy-bad, undo) on the cluster's control-plane clock.

func (m *Model) Title() string { return "rolling deploy" }

// PresentView is the ReplicaSets, the responses by version and the latest
// rollout status, at the size the frame gives.
func (m *Model) PresentView() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	w := m.width
	lines := []string{m.strategyLine()}
	if m.snap != nil {
		lines = append(lines, "")
		lines = append(lines, m.replicaSets(w)...)
		lines = append(lines, "")
		lines = append(lines, m.responses(w)...)
		lines = append(lines, m.rolloutLines(true)...)
	}
	lines = append(lines, m.footer()...)
	return demokit.Fit(lines, w, m.height, "…")
}

// Figures: pods available, pods of the new version available, failed
// requests, and the last rollout's measured time or the deadline.
func (m *Model) Figures() []common.Figure {
	s := m.snap
	if s == nil {
		return nil
	}
	r := s.Rollout
	avail := common.Figure{Label: "available", Value: fmt.Sprintf("%d/%d", r.Available, r.Replicas), Mark: theme.MarkDone, Tone: common.ToneGood}
	if r.Available < r.Replicas {
		avail.Mark, avail.Tone = theme.MarkInProgress, common.ToneWarn
	}
	updated := common.Figure{Label: "on " + r.Version, Value: fmt.Sprintf("%d/%d", r.UpdatedAvailable, r.Replicas), Mark: theme.MarkInProgress, Tone: common.ToneWarn}
	switch {
	case r.Complete:
		updated.Mark, updated.Tone = theme.MarkDone, common.ToneGood
	case r.Failed:
		updated.Mark, updated.Tone, updated.Label = theme.MarkFailed, common.ToneBad, r.Version+", stalled"
	}
	failed := common.Figure{Label: "failed requests", Value: strconv.FormatInt(s.Traffic.Failed, 10), Mark: theme.MarkDone, Tone: common.ToneGood}
	if s.Traffic.Failed > 0 {
		failed.Mark, failed.Tone = theme.MarkFailed, common.ToneBad
	}
	figs := []common.Figure{avail, updated, failed}
	switch {
	case r.DeadlineIn > 0:
		figs = append(figs, common.Figure{Label: "progress deadline in", Value: short(r.DeadlineIn), Mark: "⏱"})
	case r.Complete && r.Took > 0:
		figs = append(figs, common.Figure{Label: "last rollout", Value: fmt.Sprintf("%.1f s", r.Took.Seconds()), Mark: theme.MarkDone})
	}
	return figs
}

// Narration is the rollout's latest move in a sentence: a ReplicaSet
// scaled, the deadline exceeded, a rollback, a rollout complete.
func (m *Model) Narration() string {
	if m.snap == nil {
		return ""
	}
	for i := len(m.events) - 1; i >= 0; i-- {
		if text := narrate(m.events[i], m.snap); text != "" {
			return text
		}
	}
	return ""
}

// scaledReplicaSet is the ReplicaSet a ScalingReplicaSet event scaled: a
// rollout scales the current revision's up and an old one down (the newest
// old one now at to replicas, else the newest old one).
func scaledReplicaSet(s *cluster.Snapshot, up bool, to int) cluster.ReplicaSetInfo {
	var newest, atTo cluster.ReplicaSetInfo
	for _, rs := range s.ReplicaSets {
		switch {
		case rs.Revision == s.Rollout.Revision:
			if up {
				return rs
			}
		case up:
		default: // an old one
			if rs.Revision > newest.Revision {
				newest = rs
			}
			if rs.Desired == to && rs.Revision > atTo.Revision {
				atTo = rs
			}
		}
	}
	if atTo.Name != "" {
		return atTo
	}
	return newest
}

func narrate(e cluster.Event, s *cluster.Snapshot) string {
	r := s.Rollout
	switch e.Reason {
	case cluster.ReasonScalingReplicaSet:
		if e.Replicas == nil {
			return ""
		}
		from, to := e.Replicas.From, e.Replicas.To
		up := to > from
		rs := scaledReplicaSet(s, up, to)
		version := ""
		if rs.Version != "" {
			version = " (" + rs.Version + ")"
		}
		switch {
		case r.Complete && r.Took > 0 && to == 0:
			return fmt.Sprintf("%s is rolled out: all %d pods run it, the old ReplicaSet%s is scaled to 0; it took %.1f s, and %d requests failed",
				r.Version, r.Replicas, version, r.Took.Seconds(), s.Traffic.Failed)
		case r.Strategy == "Recreate" && to == 0:
			return fmt.Sprintf("Recreate: every old pod%s goes first, so no pod serves until the new ones are ready", version)
		case up && from == 0 && r.Revision == 1:
			return fmt.Sprintf("the Deployment created ReplicaSet %s%s with %d pods", rs.Name, version, to)
		case up:
			return fmt.Sprintf("the new ReplicaSet%s was scaled from %d to %d: maxSurge %d lets %d pods run for %d replicas; %d of %d are available",
				version, from, to, r.MaxSurge, r.Replicas+r.MaxSurge, r.Replicas, r.Available, r.Replicas)
		default:
			return fmt.Sprintf("the old ReplicaSet%s was scaled from %d to %d: maxUnavailable %d keeps at least %d of %d pods available; %d are now",
				version, from, to, r.MaxUnavailable, r.Replicas-r.MaxUnavailable, r.Replicas, r.Available)
		}
	case cluster.ReasonProgressDeadlineExceeded:
		if !r.Failed {
			return ""
		}
		return fmt.Sprintf("%s never became ready, so after %s the rollout was marked ProgressDeadlineExceeded; Kubernetes does not roll back by itself, %d old pods still serve: undo rolls back",
			r.Version, short(r.ProgressDeadline), r.Old)
	case cluster.ReasonDeploymentRollback:
		return fmt.Sprintf("kubectl rollout undo: %s; the old version rolls out again, under the same maxSurge and maxUnavailable", strings.ToLower(e.Message[:1])+e.Message[1:])
	}
	return ""
}

// presenter is the pause and step of the running engine's clock.
func (m *Model) presenter() demokit.PresenterClock {
	return demokit.ClusterClock(m.Running())
}

// RunStep runs one step of the headless script: deploy, deploy-bad (a
// version that fails as --bad says) or undo, until its outcome.
func (m *Model) RunStep(step string) tea.Cmd {
	bad := m.opts.Bad
	return demokit.ScriptStep(m.Running(), step, "the cluster is not running yet", func(c cluster.Engine) (string, error) {
		res, err := rollingdeploy.RunStep(context.Background(), c, rollingdeploy.Step(step), bad)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s %s: %s after %.1f s", step, res.Version, res.Status, res.Took.Seconds()), nil
	})
}
