// Package cluster is the Kubernetes-shaped model the orchestration demos see:
// the objects a Snapshot holds (pods, nodes, ReplicaSets, the rollout), the
// events of `kubectl get events` with typed details, and Engine, the
// commands a demo gives. The embedded control plane (sandbox/orchestrator)
// is one Engine; a real Kubernetes backend can be another, behind the same
// scenarios and views.
package cluster

import (
	"context"
	"time"
)

// Engine is a running cluster with one Deployment behind a Service.
//
// Pod and node commands take a name, or "" for one the engine picks, and
// return the name they acted on. Commands are safe from any goroutine.
type Engine interface {
	// Snapshot is the latest published state; never nil once running.
	Snapshot() *Snapshot
	// Updates is the one stream of events and snapshots, for one reader;
	// it is closed by Close.
	Updates() <-chan Update
	// WaitFor blocks until cond holds for a published snapshot.
	WaitFor(ctx context.Context, cond func(*Snapshot) bool) (*Snapshot, error)

	KillPod(name string) (string, error)      // the container dies; the kubelet restarts it or the ReplicaSet replaces the pod
	DeletePod(name string) (string, error)    // kubectl delete pod
	HangPod(name string) (string, error)      // /healthz stops answering: a liveness probe's case
	CrashLoopPod(name string) (string, error) // the container exits on every start: CrashLoopBackOff
	KillNode(name string) (string, error)     // the node stops; the control plane notices from missed heartbeats

	Scale(replicas int) error         // kubectl scale
	Template() Template               // the Deployment's pod template now
	SetTemplate(t Template) error     // kubectl set image / set env: a new rollout
	SetStrategy(s Strategy) error     // kubectl patch deployment … strategy
	Pause() error                     // kubectl rollout pause
	Resume() error                    // kubectl rollout resume
	Undo(toRevision int) (int, error) // kubectl rollout undo [--to-revision]; returns the revision rolled back to
	SetLoad(rate, work int) error     // the Service's steady traffic: requests per second and work per request
	// Autoscale runs a HorizontalPodAutoscaler on the Deployment (kubectl
	// autoscale; again: kubectl apply of a changed HPA). metric is "cpu",
	// "rps" or "" for the one the engine measures best. Its status is the
	// Snapshot's Autoscaler; its rescales are SuccessfulRescale events.
	Autoscale(spec HPASpec, metric string) error

	Close(ctx context.Context) error // stop everything and remove every container it started
}

// TimeControl is implemented by engines whose control-plane timers run on a
// clock the demo owns (the embedded one), so a presenter can jump ahead.
type TimeControl interface {
	// FastForward jumps to the next control-plane milestone (a restart,
	// a node marked NotReady, an eviction, a deadline, the HPA's held
	// scale-in) and returns how far.
	FastForward() (time.Duration, bool)
}
