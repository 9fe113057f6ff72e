package cluster

import (
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
)

// Phase is a Pod's lifecycle phase, as in Kubernetes' PodStatus.phase.
type Phase string

const (
	PhasePending Phase = "Pending" // accepted; not scheduled yet or its container is being created
	PhaseRunning Phase = "Running" // bound to a node, its container was started
	PhaseFailed  Phase = "Failed"  // the container could not be started
)

// Status values, kubectl's STATUS column: the phase, or a more telling reason.
const (
	StatusPending           = "Pending"
	StatusContainerCreating = "ContainerCreating"
	StatusRunning           = "Running"
	StatusCrashLoopBackOff  = "CrashLoopBackOff" // a status, not a phase: waiting to restart
	StatusError             = "Error"            // the container exited non-zero
	StatusCompleted         = "Completed"        // the container exited 0
	StatusTerminating       = "Terminating"
)

// NodeCondition is a node's Ready condition as the control plane sees it.
type NodeCondition string

const (
	NodeReady   NodeCondition = "Ready"
	NodeUnknown NodeCondition = "NotReady" // no heartbeat for node-monitor-grace-period: tainted unreachable
)

// EventType is Normal or Warning, as in `kubectl get events`.
type EventType string

const (
	Normal  EventType = "Normal"
	Warning EventType = "Warning"
)

// Event reasons, in kubectl's words.
const (
	ReasonScheduled         = "Scheduled"
	ReasonFailedScheduling  = "FailedScheduling"
	ReasonPulled            = "Pulled"
	ReasonCreated           = "Created"
	ReasonStarted           = "Started"
	ReasonKilling           = "Killing"
	ReasonUnhealthy         = "Unhealthy"
	ReasonBackOff           = "BackOff"
	ReasonFailed            = "Failed"
	ReasonNodeNotReady      = "NodeNotReady"
	ReasonEvicted           = "TaintManagerEviction"
	ReasonSuccessfulCreate  = "SuccessfulCreate"
	ReasonSuccessfulDelete  = "SuccessfulDelete"
	ReasonScalingReplicaSet = "ScalingReplicaSet"
)

// Event is one line of `kubectl get events`.
type Event struct {
	Time    time.Time // real time it happened
	Clock   time.Time // control-plane clock time
	Type    EventType
	Reason  string
	Object  string // "pod/web-7f9c-x2k9", "node/node-2", "replicaset/web-7f9c", "deployment/web"
	Message string // kubectl's words, for people; programs read the fields below

	// What the message says, as fields, where the reason has them. Narration,
	// summaries and JSON read these, never the message text.
	Replicas *ReplicaChange `json:",omitempty"` // ScalingReplicaSet, SuccessfulRescale: from → to
	Backoff  time.Duration  `json:",omitempty"` // BackOff: the restart delay the kubelet waits
	Probe    ProbeKind      `json:",omitempty"` // Unhealthy, Killing after a failed probe
	ExitCode *int           `json:",omitempty"` // the container's exit code, when it died
	HPA      *HPADecision   `json:",omitempty"` // SuccessfulRescale: the sync that decided it
}

// ReplicaChange is a scale from one replica count to another.
type ReplicaChange struct{ From, To int }

// ProbeKind names a container probe.
type ProbeKind string

const (
	ProbeReadiness ProbeKind = "readiness"
	ProbeLiveness  ProbeKind = "liveness"
	ProbeStartup   ProbeKind = "startup"
)

// Kind and Name split Object ("pod/web-x") into "pod" and "web-x".
func (e Event) Kind() string { k, _, _ := strings.Cut(e.Object, "/"); return k }

// Name is the object's name without its kind.
func (e Event) Name() string {
	if _, n, ok := strings.Cut(e.Object, "/"); ok {
		return n
	}
	return e.Object
}

// PodInfo is one row of `kubectl get pods -o wide`.
type PodInfo struct {
	Name       string        `json:"name"`
	ReplicaSet string        `json:"replicaset"`
	Node       string        `json:"node"` // "" until scheduled
	Version    string        `json:"version"`
	Phase      Phase         `json:"phase"`
	Status     string        `json:"status"` // kubectl's STATUS column
	Ready      bool          `json:"ready"`
	Restarts   int           `json:"restarts"`
	Age        time.Duration `json:"age_ms"` // control-plane time since creation
	Addr       string        `json:"-"`
	Instance   string        `json:"-"` // the runtime instance id of its container
	// Hung: /healthz was told to hang (the liveness demo).
	Hung bool `json:"hung,omitempty"`
	// Broken: the container was patched to crash on start (the crash-loop demo).
	Broken bool `json:"broken,omitempty"`
	// NextRestart is how long (control-plane time) until the kubelet restarts
	// the container; 0 when no restart is waiting.
	NextRestart time.Duration `json:"next_restart_ms,omitempty"`
	// BackoffDelays are the restart delays of this pod so far, oldest first.
	BackoffDelays []time.Duration `json:"-"`
	// StartupTime is the real time the latest container took from the start
	// call to ready; 0 while not ready yet.
	StartupTime time.Duration `json:"-"`
	// LastTermination is how the container's previous run ended (kubectl
	// describe's "Last State: Terminated"); nil until it first ended. It
	// stays while the pod backs off and after the restart.
	LastTermination *Termination `json:"last_termination,omitempty"`
}

// Termination is a container's end, as Kubernetes' lastState.terminated.
type Termination struct {
	ExitCode int    `json:"exit_code"`
	Reason   string `json:"reason"` // StatusError (non-zero) or StatusCompleted (0)
}

// NodeInfo is one row of `kubectl get nodes`, plus what the demo reveals.
type NodeInfo struct {
	Name      string        `json:"name"`
	Condition NodeCondition `json:"condition"`
	// Down is the truth the control plane does not know yet: the node was
	// killed. Between Down and Condition NotReady lies the detection delay.
	Down bool `json:"down"`
	// NotReadyIn counts down (control-plane time) to the node monitor
	// noticing; EvictIn to the eviction of the node's pods. 0 when not pending.
	NotReadyIn time.Duration `json:"not_ready_in_ms,omitempty"`
	EvictIn    time.Duration `json:"evict_in_ms,omitempty"`
	Pods       int           `json:"pods"`
}

// ReplicaSetInfo is one row of `kubectl get rs`.
type ReplicaSetInfo struct {
	Name     string `json:"name"`
	Revision int    `json:"revision"`
	Version  string `json:"version"`
	Desired  int    `json:"desired"`
	Current  int    `json:"current"`
	Ready    int    `json:"ready"`
}

// Heal is one killed pod and the pod that replaced it.
type Heal struct {
	Killed      string        `json:"killed"`
	Cause       string        `json:"cause"` // "kill-pod" or "kill-node"
	Replacement string        `json:"replacement"`
	Duration    time.Duration `json:"duration"` // from the kill to the replacement's first ready (nanoseconds in JSON: a replay shows it)
}

// Snapshot is the whole cluster at one moment, for views and the CLI.
type Snapshot struct {
	Time        time.Time // real
	Clock       time.Time // control plane
	TimeScale   float64   // control-plane timers run this many times faster than real time
	Paused      bool
	Deployment  string
	Replicas    int // desired
	ReadyPods   int
	Pods        []PodInfo // by node, then name
	Nodes       []NodeInfo
	ReplicaSets []ReplicaSetInfo
	Endpoints   []service.Endpoint // the Service's ready endpoints
	ServiceURL  string
	Traffic     service.TrafficStats
	Heals       []Heal
	// NextDeadline is how long until the next control-plane milestone that
	// FastForward would jump to (a restart, detection or eviction, the HPA
	// sync its scale-down window lets scale in); 0 if none.
	NextDeadline time.Duration
	// Settled: every desired replica is ready, on a live node, and nothing
	// is starting, terminating or waiting to restart.
	Settled bool
	// Rollout is the Deployment's rollout status (rollout.go).
	Rollout RolloutInfo
	// Autoscaler is the HorizontalPodAutoscaler's status; nil unless the
	// engine autoscales.
	Autoscaler *AutoscalerStatus
}

// Update is one message of the engine's stream: the events of one step of
// the control plane (possibly none, for a periodic refresh) and the snapshot
// right after it.
type Update struct {
	Events   []Event
	Snapshot *Snapshot
	// Dropped counts the oldest events left out for a reader that stopped
	// reading for a long while (the newest are kept): the stream's memory
	// stays bounded whatever the reader does.
	Dropped int `json:",omitempty"`
}

// Template is a Deployment's pod template: what every container runs.
type Template struct {
	Version  string            // the pods' version label and the workload's COLDSTART_WL_VERSION
	Env      map[string]string // workload configuration (sandbox/workload's variables)
	MemoryMB int               // memory limit
	CPUs     float64           // CPU limit in cores

	// What a Kubernetes manifest says about its pods (podspec.go); the
	// zero values keep the demos' behaviour.
	Command, Args []string // the container's command and args, as written
	// CPURequest is the container's CPU request in cores: what the HPA's
	// utilization is a percentage of (0: the limit CPUs).
	CPURequest float64
	// Probes are the container's probes; nil is the demos' default (a
	// /healthz liveness and a /readyz readiness probe on Config.Probes).
	Probes *Probes
	// TerminationGrace is terminationGracePeriodSeconds (control-plane
	// time); 0 is Kubernetes' default 30 s, NoGrace is 0 s.
	TerminationGrace time.Duration
	Spread           []Spread // topologySpreadConstraints over nodes
	OnePerNode       bool     // a required podAntiAffinity on kubernetes.io/hostname against its own pods
}

// The Progressing condition's reasons, as the deployment controller sets them.
const (
	ReasonReplicaSetUpdated        = "ReplicaSetUpdated"
	ReasonNewReplicaSetAvailable   = "NewReplicaSetAvailable"
	ReasonProgressDeadlineExceeded = "ProgressDeadlineExceeded"
	ReasonDeploymentPaused         = "DeploymentPaused"
	ReasonDeploymentResumed        = "DeploymentResumed"
	ReasonDeploymentRollback       = "DeploymentRollback"
)

// RolloutInfo is the Deployment's rollout as `kubectl rollout status` and
// `kubectl describe deployment` show it.
type RolloutInfo struct {
	Strategy       string `json:"strategy"` // RollingUpdate or Recreate
	MaxSurge       int    `json:"max_surge"`
	MaxUnavailable int    `json:"max_unavailable"`
	// The limits as given ("25%", "1"), before resolving.
	MaxSurgeSpec, MaxUnavailableSpec string        `json:"-"`
	MinReady, ProgressDeadline       time.Duration `json:"-"`

	Revision int    `json:"revision"` // of the ReplicaSet of the current template
	Version  string `json:"version"`  // the current template's version
	Paused   bool   `json:"paused"`

	Replicas         int `json:"replicas"`          // desired
	Total            int `json:"total"`             // pods not terminating, every ReplicaSet
	Updated          int `json:"updated"`           // of them, pods of the current template
	UpdatedAvailable int `json:"updated_available"` // updated pods ready for minReadySeconds
	Available        int `json:"available"`
	Old              int `json:"old"` // old pods not terminating yet
	// The strategy's two promises, measured on every state the control
	// plane publishes during this rollout (so no reader can miss a moment,
	// however far behind): the most pods not terminating at once
	// (≤ Replicas + MaxSurge) and the fewest ready (≥ Replicas −
	// MaxUnavailable; 0 for Recreate).
	MostPods    int `json:"most_pods"`
	FewestReady int `json:"fewest_ready"`

	Complete    bool   `json:"complete"`
	Failed      bool   `json:"failed"`      // ProgressDeadlineExceeded
	Progressing string `json:"progressing"` // True, False or Unknown
	Reason      string `json:"reason"`
	// Status is kubectl rollout status's line.
	Status string `json:"status"`
	// Took is the real time from the template change to completion; 0
	// while the rollout runs.
	Took time.Duration `json:"took,omitempty"` // nanoseconds in JSON, as every Duration here
	// Started is when the current rollout began (real time).
	Started time.Time `json:"-"`
	// DeadlineIn counts down to ProgressDeadlineExceeded (control-plane
	// time); 0 when complete, paused or already exceeded.
	DeadlineIn time.Duration `json:"deadline_in,omitempty"`
}
