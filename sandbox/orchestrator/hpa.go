package orchestrator

import (
	"fmt"
	"math"
	"slices"
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
	if b := s.Behavior; b != nil {
		d.Stabilized = h.stabilizeWith(now, current, d.Raw, b)
		d.Desired, d.Reason = h.limitWith(now, current, d.Stabilized, b)
	} else {
		d.Stabilized = h.stabilize(now, current, d.Raw)
		d.Desired, d.Reason = h.limit(now, current, d.Stabilized)
	}
	if d.Reason == "" {
		switch {
		case d.Tolerated:
			d.Reason = fmt.Sprintf("ReadyForNewScale: metric within %.0f%% of target", s.Tolerance*100)
		case d.Stabilized > d.Raw:
			d.Reason = fmt.Sprintf("ScaleDownStabilized: highest recommendation in the last %v is %d", h.downWindow(), d.Stabilized)
		case d.Stabilized < d.Raw && s.Behavior != nil:
			d.Reason = fmt.Sprintf("ScaleUpStabilized: lowest recommendation in the last %v is %d", s.Behavior.ScaleUp.Window, d.Stabilized)
		default:
			d.Reason = "ValidMetricFound: desired from the metric"
		}
	}
	cut := now.Add(-h.longestPeriod())
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
	return last.Add(h.downWindow()), true
}

// The behavior of a manifest's HPA (HPASpec.Behavior), as upstream's
// stabilizeRecommendationWithBehaviors and
// calculateScale{Up,Down}LimitWithScalingRules compute it.

// downWindow is the scale-down stabilization window in use.
func (h *HPA) downWindow() time.Duration { return h.Spec.ScaleDownWindow() }

// longestPeriod is how far back the scale changes matter to a policy.
func (h *HPA) longestPeriod() time.Duration {
	b := h.Spec.Behavior
	if b == nil {
		return h.Spec.UpPeriod
	}
	var p time.Duration
	for _, pol := range append(slices.Clone(b.ScaleUp.Policies), b.ScaleDown.Policies...) {
		p = max(p, pol.Period)
	}
	return p
}

// stabilizeWith records raw and returns current moved toward it only as
// far as both windows allow: up to the lowest recommendation of the
// scale-up window, down to the highest of the scale-down window.
func (h *HPA) stabilizeWith(now time.Time, current, raw int, b *cluster.HPABehavior) int {
	upCut, downCut := now.Add(-b.ScaleUp.Window), now.Add(-b.ScaleDown.Window)
	up, down := raw, raw
	keep := h.recs[:0]
	for _, r := range h.recs {
		inUp, inDown := r.at.After(upCut), r.at.After(downCut)
		if !inUp && !inDown {
			continue // older than both windows: forget it
		}
		keep = append(keep, r)
		if inUp {
			up = min(up, r.n)
		}
		if inDown {
			down = max(down, r.n)
		}
	}
	h.recs = append(keep, stamped{now, raw})
	return min(max(current, up), down)
}

// limitWith applies the direction's policies and min/max.
func (h *HPA) limitWith(now time.Time, current, desired int, b *cluster.HPABehavior) (int, string) {
	s := h.Spec
	switch {
	case desired > current:
		limit, ok := h.policyLimit(now, current, b.ScaleUp, true)
		if !ok {
			return current, "ScalingDisabled: scale up is disabled (selectPolicy Disabled)"
		}
		if limit < desired && limit < s.MaxReplicas {
			return max(current, limit), fmt.Sprintf("ScaleUpLimit: the desired replica count is increasing faster than the scale-up policies allow (%d)", limit)
		}
		if desired > s.MaxReplicas {
			return s.MaxReplicas, fmt.Sprintf("TooManyReplicas: the desired count is more than the maximum replica count %d", s.MaxReplicas)
		}
	case desired < current:
		limit, ok := h.policyLimit(now, current, b.ScaleDown, false)
		if !ok {
			return current, "ScalingDisabled: scale down is disabled (selectPolicy Disabled)"
		}
		if limit > desired && limit > s.MinReplicas {
			return min(current, limit), fmt.Sprintf("ScaleDownLimit: the desired replica count is decreasing faster than the scale-down policies allow (%d)", limit)
		}
		if desired < s.MinReplicas {
			return s.MinReplicas, fmt.Sprintf("TooFewReplicas: the desired replica count is less than the minimum replica count %d", s.MinReplicas)
		}
	}
	return min(max(desired, s.MinReplicas), s.MaxReplicas), ""
}

// policyLimit is the replica count the policies allow, counted from the
// replicas at each policy's period start; false when the direction is
// disabled. Select Max takes the policy allowing the biggest change.
func (h *HPA) policyLimit(now time.Time, current int, r cluster.HPARules, up bool) (int, bool) {
	if r.Select == cluster.SelectDisabled {
		return current, false
	}
	if len(r.Policies) == 0 {
		if up {
			return math.MaxInt, true
		}
		return math.MinInt, true
	}
	biggest := r.Select != cluster.SelectMin
	limit := 0
	for i, p := range r.Policies {
		start := current
		for _, e := range h.scales {
			if e.at.After(now.Add(-p.Period)) && (e.n > 0) == up {
				start -= e.n // undo this period's changes in this direction
			}
		}
		var l int
		switch {
		case up && p.Percent:
			l = int(math.Ceil(float64(start) * (1 + float64(p.Value)/100)))
		case up:
			l = start + p.Value
		case p.Percent:
			l = int(float64(start) * (1 - float64(p.Value)/100))
		default:
			l = start - p.Value
		}
		if i == 0 || (biggest == up && l > limit) || (biggest != up && l < limit) {
			limit = l
		}
	}
	return limit, true
}
