package manifest

import (
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// App is what a Kubernetes manifest file asks for, in the engine's terms:
// defaults applied, durations as time.Duration, named ports resolved.
type App struct {
	Deployment Deployment
	Service    *Service // nil when the file has none
	HPA        *HPA     // nil when the file has none
}

// Deployment is an apps/v1 Deployment with its single container.
type Deployment struct {
	Name     string
	Replicas int
	Selector map[string]string // spec.selector.matchLabels
	Labels   map[string]string // the pod template's labels
	Strategy cluster.Strategy  // MaxSurge/MaxUnavailable as written ("25%", "1")

	MinReady             time.Duration
	ProgressDeadline     time.Duration
	RevisionHistoryLimit int
	TerminationGrace     time.Duration // terminationGracePeriodSeconds

	Container Container
	Spread    []Spread // topologySpreadConstraints on kubernetes.io/hostname
	// OnePerNode is a required podAntiAffinity on kubernetes.io/hostname
	// against the Deployment's own pods: at most one per node.
	OnePerNode bool
}

// Container is the pod template's only container.
type Container struct {
	Name, Image   string
	Command, Args []string
	Env           []EnvVar // in file order, as the kubelet sets them
	Ports         []Port
	Requests      Resources // limits copied in where unset, as the API server does
	Limits        Resources
	// Probes are nil when not set.
	Readiness, Liveness, Startup *Probe
}

// EnvVar is one env entry; only literal values are modelled.
type EnvVar struct{ Name, Value string }

// Port is a declared container port.
type Port struct {
	Name   string
	Number int
}

// Resources are CPU in millicores and memory in bytes; 0 is unset.
type Resources struct {
	MilliCPU    int64
	MemoryBytes int64
}

// Probe is an httpGet probe with its timings.
type Probe struct {
	Path             string
	Port             int // resolved from a port name
	InitialDelay     time.Duration
	Period           time.Duration
	Timeout          time.Duration
	FailureThreshold int
	SuccessThreshold int
}

// Spread is one topology spread constraint over nodes.
type Spread struct {
	MaxSkew int
	// DoNotSchedule leaves pods Pending rather than break the skew;
	// false is ScheduleAnyway.
	DoNotSchedule bool
}

// Service is a v1 Service in front of the Deployment.
type Service struct {
	Name     string
	Type     string // ClusterIP, NodePort, LoadBalancer
	Selector map[string]string
	Ports    []ServicePort
}

// ServicePort maps the Service's port to a container port.
type ServicePort struct {
	Name       string
	Port       int
	TargetPort int // resolved from a container port name
}

// HPA is an autoscaling/v2 HorizontalPodAutoscaler on the Deployment.
type HPA struct {
	Name      string
	Min, Max  int
	Metrics   []Metric
	ScaleUp   ScalingRules
	ScaleDown ScalingRules
}

// Metric names what the HPA measures per pod, and the target.
type Metric struct {
	// Name is MetricCPU (Target is a utilization percentage of the
	// CPU request) or MetricRequestsPerSecond (Target is the average per
	// pod).
	Name   string
	Target float64
}

// Metric names the engine can measure.
const (
	MetricCPU               = "cpu"
	MetricRequestsPerSecond = "requests_per_second"
)

// ScalingRules is one direction of an HPA's behavior.
type ScalingRules struct {
	StabilizationWindow time.Duration
	Policies            []ScalingPolicy
	SelectPolicy        string // Max, Min or Disabled
}

// ScalingPolicy allows a change of Value pods (Type "Pods") or Value
// percent (Type "Percent") per Period.
type ScalingPolicy struct {
	Type   string
	Value  int
	Period time.Duration
}
