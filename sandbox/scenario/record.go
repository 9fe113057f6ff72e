package scenario

import "encoding/json"

// The records of a headless run's --json output (SCHEMA.md): one JSON
// object per line, every one in the same Envelope, the events and the
// snapshots in the same shape for every demo.

// Type is what a record carries; its body is under the key of that name.
type Type string

const (
	TypeEvent    Type = "event"    // something happened: an Event
	TypeSnapshot Type = "snapshot" // the cluster at one moment: a Snapshot
	TypeStep     Type = "step"     // a scripted step's outcome: the demo's step record
	TypeSummary  Type = "summary"  // the last line: the demo's summary
)

// Types are the record types, as they come in a run.
var Types = []Type{TypeEvent, TypeSnapshot, TypeStep, TypeSummary}

// Envelope is a record's top level: when (t_ms, milliseconds since the run
// started), which demo, what type, and the body under the key named by the
// type, and only there.
type Envelope struct {
	TMS      int64           `json:"t_ms"`
	Demo     string          `json:"demo"`
	Type     Type            `json:"type"`
	Event    json.RawMessage `json:"event,omitempty"`
	Snapshot json.RawMessage `json:"snapshot,omitempty"`
	Step     json.RawMessage `json:"step,omitempty"`
	Summary  json.RawMessage `json:"summary,omitempty"`
}

// Event is one thing that happened, in the words of `kubectl get events`.
// An event that carries measurements has them in one of the details.
type Event struct {
	Severity string `json:"severity"` // Normal or Warning
	Reason   string `json:"reason"`   // Killing, ScalingReplicaSet, RolloutStatus, HPASync, invoke_end...
	Object   string `json:"object"`   // pod/web-1, deployment/web, horizontalpodautoscaler/web, env/env-1, invocation/3
	Message  string `json:"message"`

	Rollout  *RolloutStatus `json:"rollout,omitempty"`  // RolloutStatus: the rollout's revision and condition
	HPA      *HPASync       `json:"hpa,omitempty"`      // HPASync: one decision of the autoscaler
	Function *FunctionEvent `json:"function,omitempty"` // cold-start: what an environment or invocation measured
}

// Event severities.
const (
	Normal  = "Normal"
	Warning = "Warning"
)

// RolloutStatus is a `kubectl rollout status` line's context.
type RolloutStatus struct {
	Revision int    `json:"revision"`
	Reason   string `json:"reason"` // the Progressing condition's reason
}

// HPASync is one sync of a HorizontalPodAutoscaler.
type HPASync struct {
	Replicas   int     `json:"replicas"`
	Desired    int     `json:"desired"`
	Measured   int     `json:"measured_pods"`
	Metric     float64 `json:"metric"`
	Target     float64 `json:"target"`
	Unit       string  `json:"unit"`
	Ratio      float64 `json:"ratio"`
	Raw        int     `json:"raw"`        // ceil(replicas × ratio), before bounds and stabilization
	Stabilized int     `json:"stabilized"` // after the scale-down window
	Reason     string  `json:"reason"`
}

// FunctionEvent is what the function service measured: an environment's
// phase (start, ready, init) or a finished invocation's phases.
type FunctionEvent struct {
	Env        string   `json:"env,omitempty"`
	Invocation int      `json:"invocation,omitempty"`
	Kind       string   `json:"kind,omitempty"`   // cold, warm, throttled
	Status     string   `json:"status,omitempty"` // ok, error, timeout, throttled
	Phase      string   `json:"phase,omitempty"`  // start, ready, init; total for an invocation
	DurationMS *float64 `json:"duration_ms,omitempty"`
	StartMS    float64  `json:"start_ms,omitempty"`
	ReadyMS    float64  `json:"ready_ms,omitempty"`
	InitMS     float64  `json:"init_ms,omitempty"`
	HandlerMS  float64  `json:"handler_ms,omitempty"`
	StoreMS    float64  `json:"store_ms,omitempty"`
	BilledMS   int64    `json:"billed_ms,omitempty"`
	EnvCount   int64    `json:"env_count,omitempty"` // the environment's own counter (per-environment state)
	Store      int64    `json:"store,omitempty"`     // the shared store's counter
	Error      string   `json:"error,omitempty"`
	Cause      string   `json:"cause,omitempty"` // why the engine did it: "idle for 10s"
	EnvsAlive  int      `json:"envs_alive"`
}

// Snapshot is a cluster at one moment: its pods, nodes, the Service's
// ready endpoints and the traffic through it.
type Snapshot struct {
	Replicas  int      `json:"replicas"`
	Ready     int      `json:"ready"`
	Pods      []Pod    `json:"pods"`
	Nodes     []Node   `json:"nodes"`
	Endpoints []string `json:"endpoints"`
	Traffic   Traffic  `json:"traffic"`
}

// Pod is one row of `kubectl get pods -o wide`.
type Pod struct {
	Name     string `json:"name"`
	Node     string `json:"node"`
	Version  string `json:"version"`
	Phase    string `json:"phase"`
	Status   string `json:"status"`
	Ready    bool   `json:"ready"`
	Restarts int    `json:"restarts"`
}

// Node is one row of `kubectl get nodes`.
type Node struct {
	Name      string `json:"name"`
	Condition string `json:"condition"`
	Down      bool   `json:"down"`
}

// Traffic is the steady load through the Service, as its client saw it.
type Traffic struct {
	Rate      int              `json:"rate"` // requests per second asked for
	OK        int64            `json:"ok"`
	Failed    int64            `json:"failed"`
	Retried   int64            `json:"retried"` // ok, but only after a dead endpoint refused the connection
	P50MS     float64          `json:"p50_ms"`
	P99MS     float64          `json:"p99_ms"`
	ByVersion map[string]int64 `json:"by_version"` // successful responses by the version that served them
}
