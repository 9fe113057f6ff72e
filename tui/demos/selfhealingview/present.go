package selfhealingview

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Presenter mode (tui/present.go): the demo's big numbers, its layout
// without the event log, a sentence on what just happened, and pause, step
// and scripted steps on the cluster's control-plane clock.

func (m *Model) Title() string { return "self-healing" }

// PresentView is the nodes and their pods, the Service and what the last
// action did, at the size the frame gives.
func (m *Model) PresentView() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th, st := m.ctx.Theme, m.ctx.Theme.SelfHealing()
	status := m.header(th, st)
	status = status[len(status)-1:] // the error, status or note line
	if m.snap == nil {
		return demokit.Fit(status, m.width, m.height, "")
	}
	out := m.nodes(th, st, m.width)
	out = append(out, m.service(th, st, m.width)...)
	out = append(out, status...)
	return demokit.Fit(out, m.width, m.height, "")
}

// Figures: replicas ready, the last heal's measured time, failed requests
// and the clock's speed.
func (m *Model) Figures() []common.Figure {
	s := m.snap
	if s == nil {
		return nil
	}
	ready := common.Figure{Label: "ready", Value: fmt.Sprintf("%d/%d", s.ReadyPods, s.Replicas)}
	switch {
	case s.Settled:
		ready.Mark, ready.Tone = theme.MarkDone, common.ToneGood
	case s.ReadyPods == 0 && s.Replicas > 0:
		ready.Mark, ready.Tone, ready.Label = theme.MarkFailed, common.ToneBad, "ready, none serving"
	default:
		ready.Mark, ready.Tone, ready.Label = theme.MarkInProgress, common.ToneWarn, "ready, healing"
	}
	heal := common.Figure{Label: "last heal: kill to ready", Value: "-"}
	if n := len(s.Heals); n > 0 {
		heal.Value, heal.Mark, heal.Tone = secs(s.Heals[n-1].Duration), theme.MarkDone, common.ToneGood
	}
	failed := common.Figure{Label: "failed requests", Value: strconv.FormatInt(s.Traffic.Failed, 10), Mark: theme.MarkDone, Tone: common.ToneGood}
	if s.Traffic.Failed > 0 {
		failed.Mark, failed.Tone = theme.MarkFailed, common.ToneBad
	}
	timers := common.Figure{Label: "timer speed", Value: "×" + strconv.FormatFloat(s.TimeScale, 'f', -1, 64)}
	if m.Paused() {
		timers.Label, timers.Mark, timers.Tone = "timers paused", "⏸", common.ToneWarn
	}
	return []common.Figure{ready, heal, failed, timers}
}

// Narration says what the latest meaningful event means, with the numbers
// measured: the cluster's own events, its heals and its nodes.
func (m *Model) Narration() string {
	s := m.snap
	if s == nil {
		return ""
	}
	// A killed node the control plane has not noticed yet: no event says so.
	for _, n := range s.Nodes {
		if n.Down && n.Condition == cluster.NodeReady {
			return fmt.Sprintf("%s was killed with its pods; the control plane has not noticed yet: it marks the node NotReady after %s without a heartbeat (node-monitor-grace-period), in %s",
				n.Name, short(selfhealing.NodeMonitorGrace), short(n.NotReadyIn))
		}
	}
	for i := len(m.events) - 1; i >= 0; i-- {
		if text := narrate(m.events[:i+1], s); text != "" {
			return text
		}
	}
	return ""
}

// narrate is the sentence for the last of evs, "" when it says nothing new
// (scheduling, pulling, starting a container).
func narrate(evs []cluster.Event, s *cluster.Snapshot) string {
	e := evs[len(evs)-1]
	_, name, _ := strings.Cut(e.Object, "/")
	pod := shortName(name)
	switch e.Reason {
	case cluster.ReasonSuccessfulCreate:
		created := shortName(newestPod(s, name))
		// Replacements made in one reconcile come as a run of creates.
		n := 0
		for i := len(evs) - 1; i >= 0 && n < len(evs); i-- {
			switch evs[i].Reason {
			case cluster.ReasonSuccessfulCreate:
				n++
				continue
			case cluster.ReasonScheduled, cluster.ReasonPulled, cluster.ReasonCreated, cluster.ReasonStarted:
				continue
			}
			break
		}
		for _, h := range s.Heals {
			if shortName(h.Replacement) == created {
				how := "was killed"
				if h.Cause == "kill-node" {
					how = "was lost with its node"
				}
				text := fmt.Sprintf("pod %s %s; the ReplicaSet saw %d of %d pods and created %s, ready and serving %s after the kill",
					shortName(h.Killed), how, max(0, s.Replicas-n), s.Replicas, created, secs(h.Duration))
				if s.Settled {
					text += fmt.Sprintf("; all %d replicas are ready again", s.Replicas)
				}
				return text
			}
		}
		if n >= s.Replicas {
			return fmt.Sprintf("the Deployment wants %d replicas: its ReplicaSet created %d pods and the scheduler spreads them over the nodes", s.Replicas, n)
		}
		return fmt.Sprintf("the ReplicaSet saw %d of %d pods and created %s; it joins the Service once its readiness probe passes", max(0, s.Replicas-n), s.Replicas, created)
	case cluster.ReasonNodeNotReady:
		if e.Kind() != "node" {
			return ""
		}
		text := fmt.Sprintf("%s sent no heartbeat for %s, so the control plane marked it NotReady and took its pods out of the Service", name, short(selfhealing.NodeMonitorGrace))
		for _, n := range s.Nodes {
			if n.Name == name && n.EvictIn > 0 {
				text += fmt.Sprintf("; it evicts them after %s (tolerationSeconds), in %s", short(selfhealing.TolerationSeconds), short(n.EvictIn))
			}
		}
		return text
	case cluster.ReasonEvicted:
		return fmt.Sprintf("the node stayed NotReady for %s (tolerationSeconds), so pod %s was evicted; the ReplicaSet creates a replacement on a live node", short(selfhealing.TolerationSeconds), pod)
	case cluster.ReasonBackOff:
		delay := "a while"
		if e.Backoff > 0 {
			delay = short(e.Backoff)
		}
		restarts := 0
		for _, p := range s.Pods {
			if shortName(p.Name) == pod {
				restarts = p.Restarts
			}
		}
		return fmt.Sprintf("pod %s crashed on start again (%d restarts): the kubelet waits %s before the next restart, doubling each time up to %s: CrashLoopBackOff",
			pod, restarts, delay, short(selfhealing.BackoffMax))
	case cluster.ReasonUnhealthy:
		if e.Probe == cluster.ProbeLiveness {
			return fmt.Sprintf("pod %s failed a liveness probe: after %d failures in a row the kubelet restarts its container", pod, selfhealing.ProbeThreshold)
		}
		return fmt.Sprintf("pod %s failed a readiness probe: the Service stops sending it requests until it passes again", pod)
	case cluster.ReasonKilling:
		switch {
		case e.Probe == cluster.ProbeLiveness:
			return fmt.Sprintf("pod %s failed %d liveness probes in a row, so the kubelet killed its container and starts it again in the same pod", pod, selfhealing.ProbeThreshold)
		case broken(s, name): // patched to crash: the kubelet restarts it
			return fmt.Sprintf("pod %s's container now crashes on start: the kubelet restarts it with a growing back-off", pod)
		}
		return fmt.Sprintf("pod %s is being deleted: its container stops and it leaves the Service's endpoints", pod)
	case cluster.ReasonFailedScheduling:
		return fmt.Sprintf("pod %s cannot be scheduled: %s", pod, e.Message)
	case cluster.ReasonScalingReplicaSet:
		return fmt.Sprintf("the Deployment now wants %d replicas: %s", s.Replicas, strings.ToLower(e.Message[:1])+e.Message[1:])
	}
	return ""
}

// newestPod is the youngest pod of ReplicaSet rs: the one its latest
// SuccessfulCreate made.
func newestPod(s *cluster.Snapshot, rs string) string {
	newest := -1
	for i, p := range s.Pods {
		if p.ReplicaSet == rs && (newest < 0 || p.Age < s.Pods[newest].Age) {
			newest = i
		}
	}
	if newest < 0 {
		return ""
	}
	return s.Pods[newest].Name
}

// broken says whether pod name was patched to crash on start.
func broken(s *cluster.Snapshot, name string) bool {
	for _, p := range s.Pods {
		if p.Name == name {
			return p.Broken
		}
	}
	return false
}

// presenter is the pause and step of the running engine's clock.
func (m *Model) presenter() demokit.PresenterClock {
	return demokit.ClusterClock(m.Running())
}

// RunStep runs one step of the headless script (kill-pod, kill-node,
// crashloop): it waits for the cluster to settle, acts, and waits until it
// has settled again.
func (m *Model) RunStep(step string) tea.Cmd {
	return demokit.ScriptStep(m.Running(), step, "the cluster is not running yet", func(c cluster.Engine) (string, error) {
		res, err := selfhealing.RunStep(context.Background(), c, selfhealing.Step(step))
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s on %s: settled again after %s", step, shortName(res.Target), secs(res.Took)), nil
	})
}
