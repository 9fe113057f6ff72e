package orchestrator

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AutoscaleStep is one scripted load change of the autoscaling demo.
type AutoscaleStep string

const (
	StepUp   AutoscaleStep = "up"   // raise the load: the HPA scales out
	StepDown AutoscaleStep = "down" // lower it: the HPA scales in after the stabilization window
)

// AutoscaleSteps are the known steps, in the default script's order.
var AutoscaleSteps = []AutoscaleStep{StepUp, StepDown}

// ParseAutoscaleScript reads "up,down".
func ParseAutoscaleScript(s string) ([]AutoscaleStep, error) {
	var out []AutoscaleStep
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(AutoscaleSteps, AutoscaleStep(f)) {
			return nil, fmt.Errorf("unknown step %q in --script: want a comma-separated list of up, down", f)
		}
		out = append(out, AutoscaleStep(f))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty --script: want a comma-separated list of up, down")
	}
	return out, nil
}

// Load is the Service's steady load: requests per second, and CPU work
// units per request (0: the workload's default).
type Load struct{ Rate, Work int }

// AutoscaleResult says what one load change did.
type AutoscaleResult struct {
	Step       AutoscaleStep
	Load       Load
	From, To   int           // replicas before and after
	Took       time.Duration // real time until the replicas settled
	ClockTook  time.Duration // the same in control-plane time
	FirstScale time.Duration // control-plane time from the load change to the first scale
}

// stableSyncs is how many syncs in a row without a change end an "up" step.
const stableSyncs = 3

// RunAutoscaleStep sets the load and waits for the autoscaler's answer: for
// "up" until the replicas have grown and then held for a few syncs with
// every pod ready; for "down" until they are back at the minimum.
func RunAutoscaleStep(ctx context.Context, c *Cluster, a *Autoscaler, step AutoscaleStep, load Load) (AutoscaleResult, error) {
	res := AutoscaleResult{Step: step, Load: load, From: c.Snapshot().Replicas}
	if err := c.SetLoad(load.Rate, load.Work); err != nil {
		return res, err
	}
	start, clockStart := time.Now(), c.clk.Now()
	minReplicas := a.Status().Spec.MinReplicas
	seen := len(a.Status().History)
	for {
		st := a.Status()
		s := c.Snapshot()
		if res.FirstScale == 0 {
			for _, d := range st.History[min(seen, len(st.History)):] {
				if d.Desired != d.Current {
					res.FirstScale = d.At.Sub(clockStart)
					break
				}
			}
		}
		if done(step, st.History[max(0, len(st.History)-stableSyncs):], s, res.From, minReplicas) {
			res.To, res.Took, res.ClockTook = s.Replicas, time.Since(start), c.clk.Now().Sub(clockStart)
			return res, nil
		}
		select {
		case <-a.Changed():
		case <-ctx.Done():
			res.To, res.Took = s.Replicas, time.Since(start)
			return res, fmt.Errorf("%s: still %d replicas: %w", step, s.Replicas, ctx.Err())
		}
	}
}

func done(step AutoscaleStep, recent []Decision, s *Snapshot, from, minReplicas int) bool {
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

// AutoscaleProfile is the autoscaling demo's setup for one metric: the HPA
// target, the pods' CPU request, and a low and a high load.
type AutoscaleProfile struct {
	Target    float64
	CPUs      float64
	Low, High Load
}

// ProfileFor picks the setup for a metric. CPU: pods request (and are
// limited to) 0.2 CPU, the target is 50% of it, and each request hashes 16
// MiB (about 10 ms of CPU). Request rate: 10 requests per second per pod.
func ProfileFor(metric string) AutoscaleProfile {
	if metric == "cpu" {
		return AutoscaleProfile{Target: 50, CPUs: 0.2, Low: Load{Rate: 2, Work: 16}, High: Load{Rate: 30, Work: 16}}
	}
	return AutoscaleProfile{Target: 10, Low: Load{Rate: 6}, High: Load{Rate: 45}}
}

// RateMetricFor is the request-rate metric counted over two syncs (at
// least a second of real time) at the clock's time scale.
func RateMetricFor(scale float64) RateMetric {
	return RateMetric{Window: max(time.Second, time.Duration(2*float64(DefaultHPASync)/max(1, scale)))}
}
