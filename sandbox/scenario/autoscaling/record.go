package autoscaling

import (
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// The demo's own records of a headless run's --json output (SCHEMA.md):
// its step and its summary.

// StepRecord is one load step's outcome.
type StepRecord struct {
	Step        string  `json:"step"`
	Rate        int     `json:"rate"`
	Work        int     `json:"work"`
	From        int     `json:"from"`
	To          int     `json:"to"`
	TookMS      int64   `json:"took_ms"`
	ClockS      float64 `json:"clock_s"`
	FirstScaleS float64 `json:"first_scale_s"` // control-plane seconds from the load change to the first scale
}

func (StepRecord) RecordType() scenario.Type { return scenario.TypeStep }

func (r StepRecord) String() string {
	return fmt.Sprintf("step     %s (%d req/s, work %d): %d → %d replicas in %d ms (%.0f s of control-plane time; first scale after %.0f s)",
		r.Step, r.Rate, r.Work, r.From, r.To, r.TookMS, r.ClockS, r.FirstScaleS)
}

// ReplicaPoint is one sync of the replica history.
type ReplicaPoint struct {
	ClockS   float64 `json:"clock_s"`
	Replicas int     `json:"replicas"`
	Metric   float64 `json:"metric"`
}

// Summary is the last line of a headless run.
type Summary struct {
	Backend         string         `json:"backend"`
	Runtime         string         `json:"runtime"`
	Metric          string         `json:"metric"`
	MetricDescribe  string         `json:"metric_describe"`
	Unit            string         `json:"unit"`
	Target          float64        `json:"target"`
	Min             int            `json:"min"`
	Max             int            `json:"max"`
	TimeScale       float64        `json:"time_scale"`
	ReplicaHistory  []ReplicaPoint `json:"replica_history"`
	MaxReplicasSeen int            `json:"max_replicas_seen"`
	FinalReplicas   int            `json:"final_replicas"`
	ScaleInAfterS   float64        `json:"scale_in_after_s"`
	Requests        int64          `json:"requests"`
	FailedRequests  int64          `json:"failed_requests"`
	PodsLeft        int            `json:"pods_left"`
	ElapsedMS       int64          `json:"elapsed_ms"`
	Steps           []StepRecord   `json:"steps"`
}

func (Summary) RecordType() scenario.Type { return scenario.TypeSummary }

func (s Summary) String() string {
	trail := ""
	last := -1
	for _, p := range s.ReplicaHistory {
		if p.Replicas != last {
			trail += fmt.Sprintf(" %d@%.0fs", p.Replicas, p.ClockS)
			last = p.Replicas
		}
	}
	return fmt.Sprintf("summary  backend %s: %s\n"+
		"         metric %s, target %g %s, min %d, max %d, timers x%g\n"+
		"         replicas:%s · max %d · final %d · scale-in %.0f s after the load fell\n"+
		"         %d requests, %d failed · pods left %d",
		s.Backend, s.Runtime, s.MetricDescribe, s.Target, s.Unit, s.Min, s.Max, s.TimeScale,
		trail, s.MaxReplicasSeen, s.FinalReplicas, s.ScaleInAfterS, s.Requests, s.FailedRequests, s.PodsLeft)
}
