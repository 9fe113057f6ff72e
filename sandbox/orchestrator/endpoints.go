package orchestrator

// The endpoints controller: which pods the Service routes to, and the
// history of those changes.

import (
	"cmp"
	"slices"
	"sync"
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

// ReadyHistory is the endpoint changes of the last readyWindow (at most
// maxReadyLog), oldest first, led by one Ready entry for each pod that was
// ready before them and still was: a replay from any time it covers starts
// from the right endpoints.
func (c *Cluster) ReadyHistory() []ReadyChange { return c.readyLog.history() }

// The ready history's bounds: a demo may be left running for an hour.
const (
	readyWindow = 10 * time.Minute
	maxReadyLog = 4096
)

// readyLog is the bounded endpoint history: changes that fall out of the
// window are folded into base, the pods ready at the cut.
type readyLog struct {
	mu   sync.Mutex
	base map[string]time.Time // pod → since when it is ready, as of the cut
	log  []ReadyChange
}

func (l *readyLog) add(ch ReadyChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.log = append(l.log, ch)
	cut, since := max(0, len(l.log)-maxReadyLog), ch.At.Add(-readyWindow)
	for cut < len(l.log) && l.log[cut].At.Before(since) {
		cut++
	}
	if cut == 0 {
		return
	}
	if l.base == nil {
		l.base = map[string]time.Time{}
	}
	for _, h := range l.log[:cut] {
		if h.Ready {
			l.base[h.Pod] = h.At
		} else {
			delete(l.base, h.Pod)
		}
	}
	l.log = l.log[cut:] // append copies the kept part when it outgrows the array
}

func (l *readyLog) history() []ReadyChange {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]ReadyChange, 0, len(l.base)+len(l.log))
	for pod, at := range l.base {
		out = append(out, ReadyChange{Pod: pod, Ready: true, At: at})
	}
	slices.SortFunc(out, func(a, b ReadyChange) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Pod, b.Pod))
	})
	return append(out, l.log...)
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
		return
	}
	c.syncEndpoints()
	c.logReady(p.name, false)
}

func (c *Cluster) logReady(name string, ready bool) {
	c.readyLog.add(ReadyChange{Pod: name, Ready: ready, At: time.Now()})
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
