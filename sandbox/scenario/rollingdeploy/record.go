package rollingdeploy

import (
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// The demo's own records of a headless run's --json output (SCHEMA.md):
// its step and its summary.

// StepRecord is one scripted step's outcome.
type StepRecord struct {
	Step     string `json:"step"`
	Version  string `json:"version"`
	Revision int    `json:"revision,omitempty"`
	TookMS   int64  `json:"took_ms"`
	Stalled  bool   `json:"stalled"`
	Status   string `json:"status"`
	Requests int64  `json:"requests"`
	Failed   int64  `json:"failed_requests"`
	// NoEndpointMS is how long the Service had no ready pod at all.
	NoEndpointMS int64 `json:"no_endpoint_ms"`
	// The step's measured bounds: most pods at once, fewest ready.
	MostPods    int `json:"most_pods"`
	FewestReady int `json:"fewest_ready"`
}

func (StepRecord) RecordType() scenario.Type { return scenario.TypeStep }

func (r StepRecord) String() string {
	return fmt.Sprintf("step     %s → %s in %d ms: %s · at most %d pods, at least %d ready · %d requests, %d failed, %d ms with no ready pod",
		r.Step, r.Version, r.TookMS, r.Status, r.MostPods, r.FewestReady, r.Requests, r.Failed, r.NoEndpointMS)
}

// Summary is the last line of a headless run.
type Summary struct {
	Backend        string       `json:"backend"`
	Runtime        string       `json:"runtime"`
	Strategy       string       `json:"strategy"`
	Replicas       int          `json:"replicas"`
	MaxSurge       *int         `json:"max_surge,omitempty"`       // RollingUpdate only (0 is a setting)
	MaxUnavailable *int         `json:"max_unavailable,omitempty"` // RollingUpdate only
	MaxPodsSeen    int          `json:"max_pods_seen"`
	MinReadySeen   int          `json:"min_ready_seen"`
	Requests       int64        `json:"requests"`
	FailedRequests int64        `json:"failed_requests"`
	RolloutMS      int64        `json:"rollout_ms"`
	Stalled        bool         `json:"stalled"`
	FinalVersion   string       `json:"final_version"`
	PodsLeft       int          `json:"pods_left"`
	Steps          []StepRecord `json:"steps"`
}

func (Summary) RecordType() scenario.Type { return scenario.TypeSummary }

func (s Summary) String() string {
	limits := ""
	if s.MaxSurge != nil && s.MaxUnavailable != nil {
		limits = fmt.Sprintf(", maxSurge %d, maxUnavailable %d", *s.MaxSurge, *s.MaxUnavailable)
	}
	return fmt.Sprintf("summary  backend %s: %s\n"+
		"         %s, %d replicas%s: at most %d pods, at least %d ready\n"+
		"         %d requests, %d failed · first rollout %d ms · stalled %v · final version %s · pods left %d",
		s.Backend, s.Runtime, s.Strategy, s.Replicas, limits, s.MaxPodsSeen, s.MinReadySeen,
		s.Requests, s.FailedRequests, s.RolloutMS, s.Stalled, s.FinalVersion, s.PodsLeft)
}
