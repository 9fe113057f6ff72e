package orchestrator

// The endpoints controller: which pods the Service routes to, and the
// history of those changes.

import (
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
)

// ReadyChange is one transition of a pod in or out of the Service's
// endpoints, stamped in real time (for the never-routes-to-unready check).
type ReadyChange struct {
	Pod   string
	Ready bool
	At    time.Time
}

// ReadyHistory is every endpoint change so far, oldest first.
func (c *Cluster) ReadyHistory() []ReadyChange {
	c.readyMu.Lock()
	defer c.readyMu.Unlock()
	return append([]ReadyChange(nil), c.readyLog...)
}

// setReady moves the pod in or out of the Service's endpoints. The order
// keeps the ready history conservative: a pod joins the history before the
// proxy can pick it and leaves it only after the proxy no longer can.
func (c *Cluster) setReady(p *pod, ready bool) {
	if p.ready == ready {
		return
	}
	p.ready = ready
	if ready {
		c.logReady(p.name, true)
		c.syncEndpoints()
		c.healed(p)
		return
	}
	c.syncEndpoints()
	c.logReady(p.name, false)
}

func (c *Cluster) logReady(name string, ready bool) {
	c.readyMu.Lock()
	c.readyLog = append(c.readyLog, ReadyChange{Pod: name, Ready: ready, At: time.Now()})
	c.readyMu.Unlock()
}

func (c *Cluster) syncEndpoints() {
	var eps []service.Endpoint
	for _, p := range c.sortedPods() {
		if p.ready && p.addr != "" {
			eps = append(eps, service.Endpoint{Pod: p.name, Version: p.template.Version, Addr: p.addr})
		}
	}
	c.proxy.SetEndpoints(eps)
}
