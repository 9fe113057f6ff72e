package selfhealing

import (
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// The demo's own records of a headless run's --json output (SCHEMA.md):
// its step and its summary.

// StepRecord is one scripted step's outcome.
type StepRecord struct {
	Step     string    `json:"step"`
	Target   string    `json:"target"`
	TookMS   int64     `json:"took_ms"`
	BackoffS []float64 `json:"backoff_s,omitempty"`
}

func (StepRecord) RecordType() scenario.Type { return scenario.TypeStep }

func (r StepRecord) String() string {
	s := fmt.Sprintf("step %s on %s: settled again after %d ms", r.Step, r.Target, r.TookMS)
	if len(r.BackoffS) > 0 {
		s += fmt.Sprintf(" (restart back-off %v s)", r.BackoffS)
	}
	return s
}

// HealRecord is one killed pod and its replacement.
type HealRecord struct {
	Killed      string `json:"killed"`
	Cause       string `json:"cause"`
	Replacement string `json:"replacement"`
	MS          int64  `json:"ms"`
}

// Summary is the last line of a headless run.
type Summary struct {
	Backend          string       `json:"backend"`
	BackendReason    string       `json:"backend_reason"`
	Replicas         int          `json:"replicas"`
	Nodes            int          `json:"nodes"`
	TimeScale        float64      `json:"time_scale"`
	FinalReady       int          `json:"final_ready"`
	ColdStartMS      []int64      `json:"cold_start_ms"` // the first pods: start call to ready
	HealMS           []int64      `json:"heal_ms"`       // one per killed pod: kill to replacement ready
	Heals            []HealRecord `json:"heals"`
	KilledNode       string       `json:"killed_node,omitempty"`
	PodsOnKilledNode int          `json:"pods_on_killed_node"`
	Requests         int64        `json:"requests"`
	FailedRequests   int64        `json:"failed_requests"`
	BackoffS         []float64    `json:"backoff_s"`
	PodsLeft         int          `json:"pods_left"`
}

func (Summary) RecordType() scenario.Type { return scenario.TypeSummary }

func (s Summary) String() string {
	return fmt.Sprintf("summary: backend %s · %d/%d ready · cold start %v ms · heal %v ms · %d requests, %d failed · back-off %v s · %d pods left",
		s.Backend, s.FinalReady, s.Replicas, s.ColdStartMS, s.HealMS, s.Requests, s.FailedRequests, s.BackoffS, s.PodsLeft)
}
