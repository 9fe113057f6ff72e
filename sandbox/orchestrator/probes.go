package orchestrator

// The kubelet's probes: liveness restarts a container, readiness moves it
// in or out of the Service.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// The demo's probes (a template without probes of its own): one tick every
// period runs the liveness probe (/healthz) and the readiness probe
// (/readyz), both once the container was first ready, as if a startupProbe
// on /readyz guarded them: a container that starts slowly on a loaded
// laptop (seconds, against 1.5 s of failed probes at x20) is not killed
// before it ever served. A probe still in flight (hanging until its
// timeout) is not started twice. Manifests' probes are prober.go's.
func (c *Cluster) scheduleProbes(p *pod, gen int) {
	p.probeTimer = c.after(c.cfg.Probes.Period, func() { c.probeTick(p, gen) })
}

func (c *Cluster) probeTick(p *pod, gen int) {
	if !c.probeCurrent(p, gen) {
		return
	}
	c.scheduleProbes(p, gen)
	if n := c.nodeOf(p); n != nil && n.down() {
		return
	}
	if addr, err := c.rt.Addr(p.inst); err == nil { // a restart may report started before its new port
		p.addr = addr
	}
	if !p.everReady {
		return
	}
	if !p.liveBusy {
		p.liveBusy = true
		c.probe(p.addr, "/healthz", func(err error) { c.onLiveness(p, gen, err) })
	}
	if !p.readyBusy {
		p.readyBusy = true
		c.probe(p.addr, "/readyz", func(err error) { c.onReadiness(p, gen, err) })
	}
}

func (c *Cluster) probe(addr, path string, done func(error)) {
	c.probeWith(addr, path, c.cfg.Probes.Timeout, done)
}

// probeWith GETs path off the loop and hands the result to done on the loop.
func (c *Cluster) probeWith(addr, path string, timeout time.Duration, done func(error)) {
	c.goOp(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		err := httpGet(ctx, "http://"+addr+path)
		c.post(func() { done(err) })
	})
}

var probeClient = &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}

func httpGet(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := probeClient.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("Get %q: context deadline exceeded (Client.Timeout exceeded while awaiting headers)", url)
		}
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode >= 400 {
		return fmt.Errorf("HTTP probe failed with statuscode: %d", resp.StatusCode)
	}
	return nil
}

// probeCurrent says whether p is still the running container of generation
// gen that a probe was for: a result for anything else is dropped.
func (c *Cluster) probeCurrent(p *pod, gen int) bool {
	return c.pods[p.name] == p && p.gen == gen && p.cs == containerRunning && !p.deleting
}

func (c *Cluster) onLiveness(p *pod, gen int, err error) {
	p.liveBusy = false
	if !c.probeCurrent(p, gen) {
		return
	}
	if err == nil {
		p.liveFails = 0
		return
	}
	p.liveFails++
	c.record(Event{Type: Warning, Reason: ReasonUnhealthy, Object: p.object(), Probe: ProbeLiveness, Message: "Liveness probe failed: " + err.Error()})
	c.syncPod(p) // at the failure threshold, the kubelet restarts the container
}

func (c *Cluster) onReadiness(p *pod, gen int, err error) {
	p.readyBusy = false
	if !c.probeCurrent(p, gen) {
		return
	}
	if err == nil {
		p.readinessFails = 0
		c.setReady(p, true)
		return
	}
	p.readinessFails++
	c.record(Event{Type: Warning, Reason: ReasonUnhealthy, Object: p.object(), Probe: ProbeReadiness, Message: "Readiness probe failed: " + err.Error()})
	if p.readinessFails >= c.cfg.Probes.FailureThreshold {
		c.setReady(p, false)
	}
}
