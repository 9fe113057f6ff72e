package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
)

// Metric is where the autoscaler's per-pod metric comes from. Every
// reading is measured: container CPU from the runtime, or requests the
// Service really forwarded.
type Metric interface {
	Name() string     // "cpu" or "rps"
	Unit() string     // "%" or "req/s"
	Describe() string // one line for the view
	// Read measures the per-pod average over the ready pods of s and
	// how many pods it came from. It runs off the loop (container stats are
	// I/O), so it reads only s, c's Config and Runtime, and the Service.
	Read(ctx context.Context, c *Cluster, s *Snapshot) (avg float64, pods int, err error)
}

// CPUMetric is CPU utilization in percent of the pods' CPU request (the
// template's CPURequest, else its CPUs), read from the runtime's container stats, like
// metrics-server reading the kubelet.
type CPUMetric struct{}

func (CPUMetric) Name() string { return "cpu" }
func (CPUMetric) Unit() string { return "%" }
func (CPUMetric) Describe() string {
	return "CPU utilization, % of each pod's CPU request, from container stats"
}

func (CPUMetric) Read(ctx context.Context, c *Cluster, s *Snapshot) (float64, int, error) {
	request := c.Config().Template.CPURequest
	if request <= 0 {
		request = c.Config().Template.CPUs
	}
	if request <= 0 {
		request = 1
	}
	var ids []string
	for _, p := range s.Pods {
		if p.Ready && p.Instance != "" {
			ids = append(ids, p.Instance)
		}
	}
	type reading struct {
		pct float64
		err error
	}
	out := make([]reading, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids { // one stats call per container, at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := c.Runtime().Stats(ctx, id)
			out[i] = reading{st.CPUPercent, err}
		}()
	}
	wg.Wait()
	var sum float64
	n := 0
	for _, r := range out {
		if errors.Is(r.err, sandbox.ErrStatsUnavailable) {
			return 0, 0, r.err
		}
		if r.err != nil {
			continue // gone between the snapshot and now
		}
		sum += r.pct / request
		n++
	}
	if n == 0 {
		return 0, 0, nil
	}
	return sum / float64(n), n, nil
}

// RateMetric is requests per second per ready pod: the requests the
// Service forwarded successfully over the last Window (real time, at most
// service.WindowMax), divided by the ready pods (the Service balances
// round-robin). It reads the Service's counters, never its log.
type RateMetric struct{ Window time.Duration }

func (RateMetric) Name() string { return "rps" }
func (RateMetric) Unit() string { return "req/s" }
func (RateMetric) Describe() string {
	return "requests per second per ready pod, counted at the Service"
}

func (m RateMetric) Read(_ context.Context, c *Cluster, s *Snapshot) (float64, int, error) {
	w := m.Window
	if w <= 0 {
		w = 2 * time.Second
	}
	ready := 0
	for _, p := range s.Pods {
		if p.Ready {
			ready++
		}
	}
	if ready == 0 {
		return 0, 0, nil
	}
	return c.proxy.Window(w).Rate() / float64(ready), ready, nil
}

// DefaultMetric is the metric a runtime measures best: container CPU on
// docker, the Service's request rate elsewhere ("cpu" or "rps").
func DefaultMetric(rt sandbox.Runtime) string {
	if rt.Name() == "docker" {
		return CPUMetric{}.Name()
	}
	return RateMetric{}.Name()
}

// metricNamed is the metric of Autoscale's metric argument.
func metricNamed(name string) (Metric, error) {
	switch name {
	case "cpu":
		return CPUMetric{}, nil
	case "rps":
		return RateMetric{}, nil
	}
	return nil, fmt.Errorf("metric %q: want cpu or rps", name)
}

// rateWindow is the request-rate window for a sync: two sync periods of
// control-plane time in real time (at least a second, at most what the
// Service's counters keep), so the rate is as smooth at x60 as at x1.
func rateWindow(period time.Duration, scale float64) time.Duration {
	return min(service.WindowMax, max(time.Second, time.Duration(2*float64(period)/max(1, scale))))
}
