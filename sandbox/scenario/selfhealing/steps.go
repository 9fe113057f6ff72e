package selfhealing

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// Step is one scripted disruption of a headless run or a test.
type Step string

const (
	StepKillPod   Step = "kill-pod"  // kill a random pod; its ReplicaSet replaces it
	StepKillNode  Step = "kill-node" // kill a node; its pods are evicted and replaced elsewhere
	StepCrashLoop Step = "crashloop" // make a pod crash on every start, watch the back-off, then delete it
	StepHang      Step = "hang"      // hang a pod's /healthz; the liveness probe has the kubelet restart it
)

// Steps are the default script, in order.
var Steps = []Step{StepKillPod, StepKillNode, StepCrashLoop}

// knownSteps are every step a script may name.
var knownSteps = append(slices.Clone(Steps), StepHang)

// ParseScript reads "kill-pod,kill-node,crashloop".
func ParseScript(s string) ([]Step, error) { return scenario.ParseSteps(s, knownSteps) }

// CrashLoopRestarts is how many back-off delays the crashloop step watches
// before it deletes the pod: 10 s, 20 s, 40 s, 80 s.
const CrashLoopRestarts = 4

// StepResult says what a step did.
type StepResult struct {
	Step   Step
	Target string        // the pod or node acted on
	Took   time.Duration // real time until the cluster settled again
	// Backoff is the crash-looping container's restart delays (crashloop).
	Backoff []time.Duration
}

// RunStep waits for the cluster to settle, applies the step, and waits until
// it has settled again.
func RunStep(ctx context.Context, c cluster.Engine, step Step) (StepResult, error) {
	res := StepResult{Step: step}
	if _, err := c.WaitFor(ctx, func(s *cluster.Snapshot) bool { return s.Settled }); err != nil {
		return res, fmt.Errorf("%s: the cluster did not settle first: %w", step, err)
	}
	start := time.Now()
	var err error
	switch step {
	case StepKillPod:
		res.Target, err = c.KillPod("")
	case StepKillNode:
		res.Target, err = c.KillNode("")
	case StepCrashLoop:
		const before = 0 // CrashLoopPod starts a fresh back-off record
		res.Target, err = c.CrashLoopPod("")
		if err == nil {
			var s *cluster.Snapshot
			s, err = c.WaitFor(ctx, func(s *cluster.Snapshot) bool {
				p, ok := snapshotPod(s, res.Target)
				return !ok || len(p.BackoffDelays) >= before+CrashLoopRestarts
			})
			if p, ok := snapshotPod(s, res.Target); ok && len(p.BackoffDelays) > before {
				res.Backoff = p.BackoffDelays[before:]
			}
			if err == nil {
				_, err = c.DeletePod(res.Target)
			}
		}
	case StepHang:
		var before cluster.PodInfo
		res.Target, err = c.HangPod("")
		if err == nil {
			before, _ = snapshotPod(c.Snapshot(), res.Target)
			_, err = c.WaitFor(ctx, func(s *cluster.Snapshot) bool {
				p, ok := snapshotPod(s, res.Target)
				return !ok || (p.Restarts > before.Restarts && p.Ready)
			})
		}
	default:
		err = fmt.Errorf("unknown step %q", step)
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", step, err)
	}
	target := res.Target
	_, err = c.WaitFor(ctx, func(s *cluster.Snapshot) bool {
		if !s.Settled {
			return false
		}
		switch step {
		case StepHang:
			return true // the same pod heals in place
		case StepKillNode:
			for _, p := range s.Pods {
				if p.Node == target {
					return false
				}
			}
			return true
		}
		_, still := snapshotPod(s, target)
		return !still
	})
	res.Took = time.Since(start)
	if err != nil {
		return res, fmt.Errorf("%s %s: the cluster did not settle again: %w", step, target, err)
	}
	return res, nil
}

// snapshotPod finds a pod of s by name.
func snapshotPod(s *cluster.Snapshot, name string) (cluster.PodInfo, bool) {
	i := slices.IndexFunc(s.Pods, func(p cluster.PodInfo) bool { return p.Name == name })
	if i < 0 {
		return cluster.PodInfo{}, false
	}
	return s.Pods[i], true
}
