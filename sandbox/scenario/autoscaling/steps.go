package autoscaling

import (
	"context"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// Step is one scripted load change of the autoscaling demo.
type Step string

const (
	StepUp   Step = "up"   // raise the load: the HPA scales out
	StepDown Step = "down" // lower it: the HPA scales in after the stabilization window
)

// Steps are the known steps, in the default script's order.
var Steps = []Step{StepUp, StepDown}

// ParseScript reads "up,down".
func ParseScript(s string) ([]Step, error) { return scenario.ParseSteps(s, Steps) }

// Load is the Service's steady load: requests per second, and CPU work
// units per request (0: the workload's default).
type Load struct{ Rate, Work int }

// StepResult says what one load change did.
type StepResult struct {
	Step       Step
	Load       Load
	From, To   int           // replicas before and after
	Took       time.Duration // real time until the replicas settled
	ClockTook  time.Duration // the same in control-plane time
	FirstScale time.Duration // control-plane time from the load change to the first scale
}

// stableSyncs is how many syncs in a row without a change end an "up" step.
const stableSyncs = 3

// RunStep sets the step's load (the profile's high one for "up", the low
// one for "down") and waits for the autoscaler's answer: for "up" until the
// replicas have grown and then held for a few syncs with every pod ready;
// for "down" until they are back at the minimum. It reads snapshots only,
// so the engine's Updates stay free for the view or printer.
func RunStep(ctx context.Context, e *Engine, step Step) (StepResult, error) {
	load := e.Profile.LoadFor(step)
	s := e.Snapshot()
	res := StepResult{Step: step, Load: load, From: s.Replicas}
	if err := e.SetLoad(load.Rate, load.Work); err != nil {
		return res, err
	}
	start, clockStart := time.Now(), e.Clock.Now()
	first := s.Autoscaler.Syncs // the step's decisions are the ones after it
	for {
		st := s.Autoscaler
		if res.FirstScale == 0 {
			for _, d := range Since(*st, first) {
				if d.Desired != d.Current {
					res.FirstScale = d.At.Sub(clockStart)
					break
				}
			}
		}
		if done(step, Since(*st, max(first, st.Syncs-stableSyncs)), s, res.From, st.Spec.MinReplicas) {
			res.To, res.Took, res.ClockTook = s.Replicas, time.Since(start), e.Clock.Now().Sub(clockStart)
			return res, nil
		}
		next, err := e.WaitFor(ctx, func(n *cluster.Snapshot) bool { return n.Autoscaler.Syncs > st.Syncs })
		if err != nil {
			res.To, res.Took = next.Replicas, time.Since(start)
			return res, fmt.Errorf("%s: still %d replicas: %w", step, next.Replicas, err)
		}
		s = next
	}
}

// Since is the decisions of the syncs after the first `syncs` ones, as far
// as the bounded history still holds them.
func Since(st cluster.AutoscalerStatus, syncs int) []cluster.HPADecision {
	n := min(max(0, st.Syncs-syncs), len(st.History))
	return st.History[len(st.History)-n:]
}

func done(step Step, recent []cluster.HPADecision, s *cluster.Snapshot, from, minReplicas int) bool {
	if step == StepDown {
		return s.Replicas == minReplicas && s.Settled
	}
	if s.Replicas <= from || !s.Settled || len(recent) < stableSyncs {
		return false
	}
	for _, d := range recent {
		if d.Desired != d.Current || d.Current != s.Replicas {
			return false
		}
	}
	return true
}

// Profile is the demo's setup for one metric: the HPA target, the pods'
// CPU request, and a low and a high load.
type Profile struct {
	Target    float64
	CPUs      float64
	Low, High Load
}

// LoadFor is the load a step sets: high for up, low for down.
func (p Profile) LoadFor(step Step) Load {
	if step == StepUp {
		return p.High
	}
	return p.Low
}

// ProfileFor picks the setup for a metric. CPU: pods request (and are
// limited to) 0.2 CPU, the target is 50% of it, and each request hashes 16
// MiB (about 10 ms of CPU). Request rate: 10 requests per second per pod.
func ProfileFor(metric string) Profile {
	if metric == "cpu" {
		return Profile{Target: 50, CPUs: 0.2, Low: Load{Rate: 2, Work: 16}, High: Load{Rate: 30, Work: 16}}
	}
	return Profile{Target: 10, Low: Load{Rate: 6}, High: Load{Rate: 45}}
}
