package orchestrator

import (
	"fmt"
	"math"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// The HPA's objects live in sandbox/cluster; these names keep callers
// compiling.
type (
	HPASpec          = cluster.HPASpec
	Decision         = cluster.HPADecision
	AutoscalerStatus = cluster.AutoscalerStatus
)

// Kubernetes' defaults (the facts the lessons cite).
const (
	DefaultHPATolerance  = cluster.DefaultHPATolerance
	DefaultHPASync       = cluster.DefaultHPASync
	DefaultHPADownWindow = cluster.DefaultHPADownWindow
	DefaultHPAUpPods     = cluster.DefaultHPAUpPods
	DefaultHPAUpPercent  = cluster.DefaultHPAUpPercent
	DefaultHPAUpPeriod   = cluster.DefaultHPAUpPeriod

	ReasonSuccessfulRescale = cluster.ReasonSuccessfulRescale
	ReasonFailedGetMetrics  = cluster.ReasonFailedGetMetrics
)

// HPA is the horizontal pod autoscaler's decision state: its recent
// recommendations (for stabilization) and scale changes (for the rate
// policies). Decide is a pure function of that state and its arguments.
type HPA struct {
	Spec   HPASpec
	recs   []stamped // recommendations, oldest first
	scales []stamped // replica changes (+n up, -n down), oldest first
}

type stamped struct {
	at time.Time
	n  int
}

// NewHPA starts an autoscaler's state for spec (defaults filled in).
func NewHPA(spec HPASpec) *HPA { return &HPA{Spec: spec.WithDefaults()} }

// Decide runs one sync: current is the Deployment's replicas, measured how
// many pods the per-pod average metric came from.
func (h *HPA) Decide(now time.Time, current, measured int, metric float64) Decision {
	s := h.Spec
	d := Decision{At: now, Current: current, Measured: measured, Metric: metric, Target: s.Target}
	if measured == 0 { // no metric: Kubernetes does not scale (ScalingActive False)
		d.Raw, d.Stabilized, d.Desired, d.Reason = current, current, h.bound(current), "FailedGetMetrics: no ready pod to measure"
		return d
	}
	d.Ratio = metric / s.Target
	if math.Abs(1-d.Ratio) <= s.Tolerance+1e-9 { // 1e-9: 110/100 is exactly on the edge, not past it
		d.Raw, d.Tolerated = current, true
	} else {
		d.Raw = int(math.Ceil(d.Ratio * float64(measured)))
	}
	d.Stabilized = h.stabilize(now, current, d.Raw)
	d.Desired, d.Reason = h.limit(now, current, d.Stabilized)
	if d.Reason == "" {
		switch {
		case d.Tolerated:
			d.Reason = fmt.Sprintf("ReadyForNewScale: metric within %.0f%% of target", s.Tolerance*100)
		case d.Stabilized > d.Raw:
			d.Reason = fmt.Sprintf("ScaleDownStabilized: highest recommendation in the last %v is %d", s.DownWindow, d.Stabilized)
		default:
			d.Reason = "ValidMetricFound: desired from the metric"
		}
	}
	cut := now.Add(-s.UpPeriod)
	keep := h.scales[:0]
	for _, e := range h.scales {
		if e.at.After(cut) {
			keep = append(keep, e)
		}
	}
	h.scales = keep
	if d.Desired != current {
		h.scales = append(h.scales, stamped{now, d.Desired - current})
	}
	return d
}

// stabilize records raw and returns the recommendation the windows allow:
// up to the lowest recommendation of the scale-up window (0 s: raw itself)
// and down only to the highest of the scale-down window.
func (h *HPA) stabilize(now time.Time, current, raw int) int {
	downCut := now.Add(-h.Spec.DownWindow)
	up, down := raw, raw
	keep := h.recs[:0]
	for _, r := range h.recs {
		if !r.at.After(downCut) {
			continue // older than every window: forget it
		}
		keep = append(keep, r)
		down = max(down, r.n)
	}
	h.recs = append(keep, stamped{now, raw})
	rec := current
	if rec < up {
		rec = up
	}
	if rec > down {
		rec = down
	}
	return rec
}

// limit applies the scale-up policy (max of UpPods and UpPercent per
// UpPeriod, counted from the replicas at the period's start) and min/max.
func (h *HPA) limit(now time.Time, current, desired int) (int, string) {
	s := h.Spec
	if desired > current {
		cut := now.Add(-s.UpPeriod)
		start := current
		for _, e := range h.scales {
			if e.at.After(cut) {
				start -= e.n
			}
		}
		byPods := start + s.UpPods
		byPct := int(math.Ceil(float64(start) * (1 + float64(s.UpPercent)/100)))
		upLimit := max(current, byPods, byPct)
		if s.MaxReplicas <= upLimit {
			if desired > s.MaxReplicas {
				return s.MaxReplicas, fmt.Sprintf("TooManyReplicas: the desired count is more than the maximum replica count %d", s.MaxReplicas)
			}
			return desired, ""
		}
		if desired > upLimit {
			return upLimit, fmt.Sprintf("ScaleUpLimit: the desired replica count is increasing faster than max(%d pods, %d%%) per %v", s.UpPods, s.UpPercent, s.UpPeriod)
		}
		return desired, ""
	}
	if desired < s.MinReplicas {
		return s.MinReplicas, fmt.Sprintf("TooFewReplicas: the desired replica count is less than the minimum replica count %d", s.MinReplicas)
	}
	if desired > s.MaxReplicas {
		return s.MaxReplicas, fmt.Sprintf("TooManyReplicas: the desired count is more than the maximum replica count %d", s.MaxReplicas)
	}
	return desired, ""
}

func (h *HPA) bound(n int) int { return min(max(n, h.Spec.MinReplicas), h.Spec.MaxReplicas) }

// HoldEnds is when the scale-down window stops holding the replicas at
// current: the newest recommendation of current or more leaves the window
// then. False when no recommendation holds them.
func (h *HPA) HoldEnds(current int) (time.Time, bool) {
	var last time.Time
	for _, r := range h.recs {
		if r.n >= current {
			last = r.at
		}
	}
	if last.IsZero() {
		return time.Time{}, false
	}
	return last.Add(h.Spec.DownWindow), true
}
