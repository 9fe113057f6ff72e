package orchestrator

// The control plane's own names for the cluster model (sandbox/cluster),
// so its code reads as the upstream controllers do (Snapshot, PodInfo,
// ReasonBackOff). Code outside this package uses the cluster package.

import "github.com/coldstart-dev/coldstart/sandbox/cluster"

type (
	Event           = cluster.Event
	EventType       = cluster.EventType
	Heal            = cluster.Heal
	NodeCondition   = cluster.NodeCondition
	NodeInfo        = cluster.NodeInfo
	Phase           = cluster.Phase
	Probe           = cluster.Probe
	ContainerProbes = cluster.Probes
	Spread          = cluster.Spread
	PodInfo         = cluster.PodInfo
	ProbeKind       = cluster.ProbeKind
	ReplicaChange   = cluster.ReplicaChange
	ReplicaSetInfo  = cluster.ReplicaSetInfo
	RolloutInfo     = cluster.RolloutInfo
	Snapshot        = cluster.Snapshot
	Strategy        = cluster.Strategy
	Termination     = cluster.Termination
	Template        = cluster.Template
	Update          = cluster.Update
)

const (
	NodeReady                      = cluster.NodeReady
	NodeUnknown                    = cluster.NodeUnknown
	Normal                         = cluster.Normal
	PhaseFailed                    = cluster.PhaseFailed
	PhasePending                   = cluster.PhasePending
	PhaseRunning                   = cluster.PhaseRunning
	ProbeLiveness                  = cluster.ProbeLiveness
	ProbeReadiness                 = cluster.ProbeReadiness
	ProbeStartup                   = cluster.ProbeStartup
	ReasonBackOff                  = cluster.ReasonBackOff
	ReasonCreated                  = cluster.ReasonCreated
	ReasonDeploymentPaused         = cluster.ReasonDeploymentPaused
	ReasonDeploymentResumed        = cluster.ReasonDeploymentResumed
	ReasonDeploymentRollback       = cluster.ReasonDeploymentRollback
	ReasonEvicted                  = cluster.ReasonEvicted
	ReasonFailed                   = cluster.ReasonFailed
	ReasonFailedScheduling         = cluster.ReasonFailedScheduling
	ReasonKilling                  = cluster.ReasonKilling
	ReasonNewReplicaSetAvailable   = cluster.ReasonNewReplicaSetAvailable
	ReasonNodeNotReady             = cluster.ReasonNodeNotReady
	ReasonProgressDeadlineExceeded = cluster.ReasonProgressDeadlineExceeded
	ReasonPulled                   = cluster.ReasonPulled
	ReasonReplicaSetUpdated        = cluster.ReasonReplicaSetUpdated
	ReasonScalingReplicaSet        = cluster.ReasonScalingReplicaSet
	ReasonScheduled                = cluster.ReasonScheduled
	ReasonStarted                  = cluster.ReasonStarted
	ReasonSuccessfulCreate         = cluster.ReasonSuccessfulCreate
	ReasonSuccessfulDelete         = cluster.ReasonSuccessfulDelete
	ReasonUnhealthy                = cluster.ReasonUnhealthy
	StatusCompleted                = cluster.StatusCompleted
	StatusContainerCreating        = cluster.StatusContainerCreating
	StatusCrashLoopBackOff         = cluster.StatusCrashLoopBackOff
	StatusError                    = cluster.StatusError
	StatusPending                  = cluster.StatusPending
	StatusRunning                  = cluster.StatusRunning
	StatusTerminating              = cluster.StatusTerminating
	StrategyRecreate               = cluster.StrategyRecreate
	NoGrace                        = cluster.NoGrace
	StrategyRollingUpdate          = cluster.StrategyRollingUpdate
	Warning                        = cluster.Warning
)
