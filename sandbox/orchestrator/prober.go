package orchestrator

// The kubelet's prober for a template that sets its own probes (a
// manifest's readinessProbe, livenessProbe and startupProbe): one worker per
// probe, each on its own period, as upstream's prober workers. Templates
// without Probes keep the demos' probes (probes.go).

import (
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// minProbeTimeout bounds a scaled probe timeout from below in real time: a
// real HTTP call on a busy laptop can take tens of milliseconds, and a
// timeout of 1 s at x20 would call a healthy container dead.
const minProbeTimeout = 200 * time.Millisecond

// prober is one probe's worker for one container run.
type prober struct {
	kind       ProbeKind
	spec       cluster.Probe
	timer      clock.Timer
	busy       bool
	fails, oks int
}

// startProbers starts the workers of a container run that just started.
// Without a startup probe the others start at once; without a readiness
// probe the container is ready as soon as it runs (and its startup probe,
// if any, succeeded).
func (c *Cluster) startProbers(p *pod, gen int) {
	pr := p.template.Probes
	p.probers = nil
	if pr.Startup != nil {
		c.startProber(p, gen, ProbeStartup, pr.Startup, 0)
		return
	}
	c.startedUp(p, gen, 0)
}

// startedUp: the startup probe succeeded (or there is none), after since
// of the run; liveness and readiness begin, their initial delays counted
// from the container's start as upstream does.
func (c *Cluster) startedUp(p *pod, gen int, since time.Duration) {
	pr := p.template.Probes
	if pr.Liveness != nil {
		c.startProber(p, gen, ProbeLiveness, pr.Liveness, since)
	}
	if pr.Readiness != nil {
		c.startProber(p, gen, ProbeReadiness, pr.Readiness, since)
		return
	}
	c.becameReady(p)
}

// startProber runs the probe every period from the container's start,
// skipping the ticks before its initial delay; since is how long the run
// has been going.
func (c *Cluster) startProber(p *pod, gen int, kind ProbeKind, spec *cluster.Probe, since time.Duration) {
	w := &prober{kind: kind, spec: *spec}
	if w.spec.Period <= 0 {
		w.spec.Period = DefaultProbePeriod
	}
	w.spec.FailureThreshold = max(1, w.spec.FailureThreshold)
	w.spec.SuccessThreshold = max(1, w.spec.SuccessThreshold)
	p.probers = append(p.probers, w)
	first := max(w.spec.InitialDelay-since, 0)
	first = (first + w.spec.Period - 1) / w.spec.Period * w.spec.Period // on the worker's ticks
	if first == 0 {
		first = w.spec.Period
	}
	w.timer = c.after(first, func() { c.proberTick(p, gen, w) })
}

func (c *Cluster) proberTick(p *pod, gen int, w *prober) {
	if !c.probeCurrent(p, gen) || w.timer == nil {
		return
	}
	w.timer = c.after(w.spec.Period, func() { c.proberTick(p, gen, w) })
	if n := c.nodeOf(p); n != nil && n.down() || w.busy {
		return
	}
	if addr, err := c.rt.Addr(p.inst); err == nil {
		p.addr = addr
	}
	w.busy = true
	timeout := max(minProbeTimeout, c.realTime(w.spec.Timeout))
	c.probeWith(p.addr, w.spec.Path, timeout, func(err error) { c.onProbe(p, gen, w, err) })
}

// onProbe counts a result as upstream's worker does: thresholds of
// consecutive results flip the probe's state.
func (c *Cluster) onProbe(p *pod, gen int, w *prober, err error) {
	w.busy = false
	if !c.probeCurrent(p, gen) || w.timer == nil {
		return
	}
	if err == nil {
		w.fails, w.oks = 0, w.oks+1
		switch {
		case w.kind == ProbeStartup:
			w.stop()
			c.startedUp(p, gen, c.clk.Now().Sub(p.startedAt))
		case w.kind == ProbeReadiness && w.oks >= w.spec.SuccessThreshold:
			c.becameReady(p)
		}
		return
	}
	w.oks, w.fails = 0, w.fails+1
	c.record(Event{Type: Warning, Reason: ReasonUnhealthy, Object: p.object(), Probe: w.kind,
		Message: fmt.Sprintf("%s probe failed: %v", probeWord(w.kind), err)})
	if w.fails < w.spec.FailureThreshold {
		return
	}
	switch w.kind {
	case ProbeReadiness:
		c.setReady(p, false)
	default: // liveness or startup: the kubelet restarts the container
		p.failedProbe = w.kind
		c.syncPod(p)
	}
}

// becameReady puts the run's container in the endpoints.
func (c *Cluster) becameReady(p *pod) {
	if p.ready || p.addr == "" {
		return
	}
	if !p.everReady {
		p.startup = time.Since(p.startCall)
		p.everReady = true
	}
	c.setReady(p, true)
}

func (w *prober) stop() {
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
}

// stopProbers ends the workers of a container run.
func (p *pod) stopProbers() {
	for _, w := range p.probers {
		w.stop()
	}
	p.probers = nil
	p.failedProbe = ""
}

func probeWord(k ProbeKind) string {
	switch k {
	case ProbeStartup:
		return "Startup"
	case ProbeLiveness:
		return "Liveness"
	}
	return "Readiness"
}

// realTime is a control-plane duration in real time at the clock's speed.
func (c *Cluster) realTime(d time.Duration) time.Duration {
	f := 1.0
	if c.vclk != nil {
		f = c.vclk.Factor()
	}
	return time.Duration(float64(d) / f)
}
