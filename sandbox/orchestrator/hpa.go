package orchestrator

import (
	"fmt"
	"math"
	"time"
)

// HPASpec is a HorizontalPodAutoscaler (autoscaling/v2) with one metric and
// the default scaling behavior. Durations are control-plane time.
type HPASpec struct {
	MinReplicas, MaxReplicas int
	// Target is the per-pod target of the metric: an average value (requests
	// per second) or a utilization in percent of the CPU request.
	Target float64
	// Tolerance: no scaling while metric/target is within 1 ± Tolerance.
	Tolerance float64
	// SyncPeriod is how often the controller decides
	// (--horizontal-pod-autoscaler-sync-period).
	SyncPeriod time.Duration
	// DownWindow is scaleDown.stabilizationWindowSeconds: a scale-down
	// goes only as low as the highest recommendation in this window.
	DownWindow time.Duration
	// Scale-up policies (selectPolicy Max): at most UpPods pods or UpPercent
	// percent more per UpPeriod, whichever allows more.
	UpPods, UpPercent int
	UpPeriod          time.Duration
}

// Kubernetes' defaults (the facts the lessons cite).
const (
	DefaultHPATolerance  = 0.1
	DefaultHPASync       = 15 * time.Second
	DefaultHPADownWindow = 300 * time.Second
	DefaultHPAUpPods     = 4
	DefaultHPAUpPercent  = 100
	DefaultHPAUpPeriod   = 15 * time.Second
)

// WithDefaults fills the zero fields with Kubernetes' defaults.
func (s HPASpec) WithDefaults() HPASpec {
	if s.MinReplicas <= 0 {
		s.MinReplicas = 1
	}
	if s.MaxReplicas <= 0 {
		s.MaxReplicas = max(s.MinReplicas, 10)
	}
	if s.Tolerance == 0 {
		s.Tolerance = DefaultHPATolerance
	}
	if s.SyncPeriod <= 0 {
		s.SyncPeriod = DefaultHPASync
	}
	if s.DownWindow == 0 {
		s.DownWindow = DefaultHPADownWindow
	}
	if s.UpPods == 0 {
		s.UpPods = DefaultHPAUpPods
	}
	if s.UpPercent == 0 {
		s.UpPercent = DefaultHPAUpPercent
	}
	if s.UpPeriod <= 0 {
		s.UpPeriod = DefaultHPAUpPeriod
	}
	return s
}

// Validate reports a spec the API server would reject (or the demo cannot run).
func (s HPASpec) Validate() error {
	switch {
	case s.MinReplicas < 1:
		return fmt.Errorf("minReplicas %d: want at least 1", s.MinReplicas)
	case s.MaxReplicas < s.MinReplicas:
		return fmt.Errorf("maxReplicas %d must be at least minReplicas %d", s.MaxReplicas, s.MinReplicas)
	case s.MaxReplicas > MaxReplicas:
		return fmt.Errorf("maxReplicas %d: at most %d on a laptop", s.MaxReplicas, MaxReplicas)
	case s.Target <= 0:
		return fmt.Errorf("target %g: want more than 0", s.Target)
	}
	return nil
}

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

// Decision is one sync of the HPA: what it measured and what it chose.
type Decision struct {
	At       time.Time // control-plane time
	Current  int       // the Deployment's replicas before
	Measured int       // pods the metric came from (ready pods)
	Metric   float64   // per-pod average
	Target   float64
	Ratio    float64 // Metric / Target
	// Raw is ceil(Measured × Ratio), or Current within the tolerance.
	Raw       int
	Tolerated bool
	// Stabilized is Raw after the stabilization windows.
	Stabilized int
	// Desired is the new replica count, after the rate limits and min/max.
	Desired int
	// Reason says what held Desired back, in the HPA conditions' words, or
	// why it is what it is.
	Reason string
}

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
