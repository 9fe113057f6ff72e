package orchestrator

import (
	"context"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// Autoscaler is a handle on the cluster's HorizontalPodAutoscaler, for
// callers written before the HPA ran inside the cluster's loop.
//
// Deprecated: use Cluster.Autoscale; the status is Snapshot.Autoscaler and
// each rescale is a SuccessfulRescale event on Updates.
type Autoscaler struct {
	c      *Cluster
	ctx    context.Context // ends the waits of Changed at Close
	cancel context.CancelFunc
}

// NewAutoscaler starts the cluster's HPA on metric m.
//
// Deprecated: use Cluster.Autoscale(spec, metric); clk is the cluster's
// clock and is ignored.
func NewAutoscaler(c *Cluster, _ clock.Clock, spec HPASpec, m Metric) (*Autoscaler, error) {
	if err := c.autoscale(spec, m); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Autoscaler{c: c, ctx: ctx, cancel: cancel}, nil
}

// Status is the controller's status now.
//
// Deprecated: read Snapshot().Autoscaler.
func (a *Autoscaler) Status() AutoscalerStatus {
	var st *AutoscalerStatus
	if a.c.call(func() { st = a.c.hpaStatus() }) != nil {
		st = a.c.Snapshot().Autoscaler // closed: the last published
	}
	if st == nil {
		return AutoscalerStatus{}
	}
	return *st
}

// Changed is closed after the next sync is published, and by Close.
//
// Deprecated: read Updates; Snapshot.Autoscaler.Syncs counts the syncs.
func (a *Autoscaler) Changed() <-chan struct{} {
	ch := make(chan struct{})
	syncs := a.Status().Syncs
	go func() {
		defer close(ch)
		a.c.WaitFor(a.ctx, func(s *Snapshot) bool { return s.Autoscaler != nil && s.Autoscaler.Syncs > syncs })
	}()
	return ch
}

// Close stops the HPA; its status stays.
//
// Deprecated: the HPA stops with the cluster's Close.
func (a *Autoscaler) Close() {
	a.cancel()
	a.c.call(a.c.stopHPA)
}
