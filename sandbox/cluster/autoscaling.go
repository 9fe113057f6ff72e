package cluster

import (
	"fmt"
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
	// Behavior is a manifest's spec.behavior, every field as written (the
	// manifest parser applies upstream's defaults); when set it replaces
	// DownWindow and the Up* fields.
	Behavior *HPABehavior
}

// ScaleDownWindow is the scale-down stabilization window in use: the
// behavior's when a manifest gave one, else DownWindow (defaulted).
func (s HPASpec) ScaleDownWindow() time.Duration {
	if s.Behavior != nil {
		return s.Behavior.ScaleDown.Window
	}
	return s.WithDefaults().DownWindow
}

// HPABehavior is an autoscaling/v2 HPA's spec.behavior.
type HPABehavior struct{ ScaleUp, ScaleDown HPARules }

// HPARules is one direction of the behavior.
type HPARules struct {
	Window   time.Duration // stabilizationWindowSeconds
	Policies []HPAPolicy
	Select   string // "Max" (the policy allowing the biggest change), "Min" or "Disabled"
}

// HPAPolicy allows a change of Value pods, or Value percent, per Period.
type HPAPolicy struct {
	Percent bool
	Value   int
	Period  time.Duration
}

// Select policies, in Kubernetes' words.
const (
	SelectMax      = "Max"
	SelectMin      = "Min"
	SelectDisabled = "Disabled"
)

// Kubernetes' defaults (the facts the lessons cite).
const (
	DefaultHPATolerance  = 0.1
	DefaultHPASync       = 15 * time.Second
	DefaultHPADownWindow = 300 * time.Second
	DefaultHPAUpPods     = 4
	DefaultHPAUpPercent  = 100
	DefaultHPAUpPeriod   = 15 * time.Second
)

// MaxReplicas is the most replicas a demo runs: it keeps a laptop usable.
const MaxReplicas = 12

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

// HPADecision is one sync of the HPA: what it measured and what it chose.
type HPADecision struct {
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

// The HorizontalPodAutoscaler's event reasons.
const (
	ReasonSuccessfulRescale = "SuccessfulRescale"
	ReasonFailedGetMetrics  = "FailedGetMetrics" // Warning: the metric could not be read
)

// AutoscalerStatus is what `kubectl get hpa` and `describe hpa` show: the
// Snapshot's Autoscaler once the engine autoscales.
type AutoscalerStatus struct {
	Spec     HPASpec
	Metric   string // "cpu" or "rps"
	Unit     string // "%" or "req/s"
	Describe string // one line for the view
	// History is the latest decisions, oldest first (at most a few hundred:
	// Syncs counts them all). Readers must not change it: snapshots share it.
	History []HPADecision
	Syncs   int
	Err     string // of the last sync: the metric could not be read
	// NextSync counts down (control-plane time) to the next sync; 0 once
	// the controller stopped.
	NextSync time.Duration
	Stopped  bool
}

// Last is the latest decision; false before the first sync.
func (s AutoscalerStatus) Last() (HPADecision, bool) {
	if len(s.History) == 0 {
		return HPADecision{}, false
	}
	return s.History[len(s.History)-1], true
}
