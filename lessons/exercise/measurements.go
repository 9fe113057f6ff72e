package exercise

import (
	"slices"
	"strings"
)

// Kind is the type of a measurement's value.
type Kind int

const (
	Number Kind = iota // compared with < <= > >= == !=
	Flag               // true or false; compared with == !=
	Text               // only shown in messages, never compared
)

func (k Kind) String() string {
	return [...]string{"number", "true/false", "text"}[k]
}

// Measurement is one named outcome the runner measures during an
// exercise's steps. Checks compare them; messages show them.
type Measurement struct {
	Name    string
	Engines []Engine
	Kind    Kind
	Unit    string // for numbers: count, pods, ms, s, USD
	Meaning string
}

var both = Engines

var (
	orch = []Engine{Orchestration}
	sls  = []Engine{Serverless}
)

// KnownMeasurements is every measurement a check may name: the one table
// the parser validates against, the runner implements and the README
// documents (a test keeps the README in step). Unless a meaning says
// otherwise, a measurement covers the whole run, from the first step to the
// last.
var KnownMeasurements = []Measurement{
	{"requests", both, Number, "count", "Requests the load steps (`load`, `burst`) sent."},
	{"failed_requests", both, Number, "count", "Requests that got an error status, a refused connection or no answer within 2 s."},
	{"p50_ms", both, Number, "ms", "Median response time of the successful requests."},
	{"p99_ms", both, Number, "ms", "99th percentile response time of the successful requests."},
	{"first_failure_s", both, Number, "s", "Seconds from the start of the run to the first failed request; 0 when none failed."},

	{"replicas", orch, Number, "pods", "Replicas the learner's Deployment asks for, as applied."},
	{"most_pods", orch, Number, "pods", "Most Pods of the Deployment that existed at once, not counting terminating ones."},
	{"fewest_ready", orch, Number, "pods", "Fewest ready Pods at any moment after the first `apply` became available."},
	{"pods_seen", orch, Number, "count", "Distinct Pods of the Deployment seen during the run."},
	{"restarts", orch, Number, "count", "Container restarts, summed over the Deployment's Pods."},
	{"restarts_growing", orch, Flag, "", "Whether restarts still rose during the last 30 s of the run (a crash loop)."},
	{"rollout_s", orch, Number, "s", "Seconds the last `deploy` or `undo` took to complete; the time until the run ended if it never did."},
	{"rollout_complete", orch, Flag, "", "Whether the last `deploy` or `undo` completed (every replica updated and available)."},
	{"first_failure_after_kill_s", orch, Number, "s", "Seconds from the Pod deletion (by `kill-pod`, `kill-node` or the rollout) before the first failed request to that failure; 0 when none failed."},
	{"first_failure_pod", orch, Text, "", "Name of the Pod deleted last before the first failed request; empty when none failed."},
	{"most_versions", orch, Number, "count", "Most versions of the Pod template whose Pods existed at once, terminating ones included (they still answer and write)."},
	{"progress_deadline_exceeded", orch, Flag, "", "Whether a rollout of the run was reported stalled (ProgressDeadlineExceeded) after its `progressDeadlineSeconds`."},
	{"scale_in_held_s", orch, Number, "s", "After the last `load` step that lowered the rate: seconds the autoscaler held the Pods before its first scale-in, from its last recommendation that still needed them; 0 when it did not scale in."},
	{"scale_down_window_s", orch, Number, "s", "The HorizontalPodAutoscaler's scaleDown stabilizationWindowSeconds, as applied (300 when unset); 0 without one."},
	{"liveness_probe", orch, Flag, "", "Whether the learner's container has a livenessProbe, as applied."},

	{"cold_starts", sls, Number, "count", "Invocations that had to start a new execution environment."},
	{"cold_starts_after_deploy", sls, Number, "count", "Cold starts after the last `deploy` finished."},
	{"throttled", sls, Number, "count", "Invocations rejected for lack of concurrency (429 TooManyRequests)."},
	{"max_concurrency", sls, Number, "count", "Most invocations running at once."},
	{"init_ms", sls, Number, "ms", "Longest Init phase (runtime start and code outside the handler) of any cold start."},
	{"max_db_connections", sls, Number, "count", "Most connections open at once to the exercise's database."},
	{"cost_per_million_usd", sls, Number, "USD", "Compute cost of one million invocations like the measured ones, at the memory size and duration seen."},
	{"total_mismatch", sls, Number, "count", "Invocations answered OK minus the highest running total any answer reported (COUNTER): 0 when the function counted every one."},
	{"reserved_concurrency", sls, Number, "count", "ReservedConcurrentExecutions as deployed; 1000, the account's default quota, when the template sets none."},
	{"cpu_limited", sls, Flag, "", "Whether the backend enforces the CPU share that goes with MemorySize: true on Docker, false on the process backend."},
}

// measurement finds name among the measurements of engine e.
func measurement(e Engine, name string) (Measurement, bool) {
	i := slices.IndexFunc(KnownMeasurements, func(m Measurement) bool {
		return m.Name == name && slices.Contains(m.Engines, e)
	})
	if i < 0 {
		return Measurement{}, false
	}
	return KnownMeasurements[i], true
}

// measurementNames lists the measurements of engine e, for messages.
func measurementNames(e Engine) string {
	var names []string
	for _, m := range KnownMeasurements {
		if slices.Contains(m.Engines, e) {
			names = append(names, m.Name)
		}
	}
	return strings.Join(names, ", ")
}
