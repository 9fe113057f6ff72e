package cluster

import "time"

// Probe is one httpGet container probe with its timings (control-plane
// time), as a readinessProbe, livenessProbe or startupProbe says.
type Probe struct {
	Path             string
	InitialDelay     time.Duration
	Period           time.Duration
	Timeout          time.Duration
	FailureThreshold int
	SuccessThreshold int
}

// Probes are a container's probes; a nil one is not set. As in Kubernetes,
// a container without a readiness probe is ready once it runs (after its
// startup probe, if any), and the startup probe holds the other two back
// until it succeeds.
type Probes struct {
	Readiness, Liveness, Startup *Probe
}

// NoGrace is a TerminationGrace of 0 s (terminationGracePeriodSeconds: 0):
// the container is killed at once.
const NoGrace time.Duration = -1

// Spread is one topologySpreadConstraint on kubernetes.io/hostname over the
// Deployment's own pods.
type Spread struct {
	MaxSkew int
	// DoNotSchedule leaves a pod Pending (FailedScheduling) rather than
	// exceed MaxSkew; false is ScheduleAnyway, a preference.
	DoNotSchedule bool
}
