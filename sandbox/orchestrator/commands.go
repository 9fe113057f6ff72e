package orchestrator

import (
	"context"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// The commands a demo (or a test) gives the cluster. Each runs on the
// control plane's goroutine and returns once it has been applied (not once
// the cluster has settled: watch Updates or use WaitFor for that). An empty
// name picks a random eligible pod or node; the name acted on is returned.

// KillPod deletes a pod at once, like `kubectl delete pod --force
// --grace-period=0`: its container is killed (requests in flight fail), it
// leaves the Service's endpoints, and its ReplicaSet creates a replacement.
func (c *Cluster) KillPod(name string) (string, error) {
	return c.podCommand(name, func(*pod) bool { return true }, func(p *pod) {
		c.measure.podKilled(p.name, p.rs)
		c.deletePod(p, true)
	})
}

// DeletePod deletes a pod gracefully (`kubectl delete pod`): SIGTERM, then
// SIGKILL after the grace period. Its ReplicaSet replaces it.
func (c *Cluster) DeletePod(name string) (string, error) {
	return c.podCommand(name, func(*pod) bool { return true }, func(p *pod) { c.deletePod(p, false) })
}

// HangPod makes a pod's /healthz hang, so its liveness probe fails and the
// kubelet restarts the container (the pod stays, its restart count grows).
func (c *Cluster) HangPod(name string) (string, error) {
	return c.podCommand(name, func(p *pod) bool { return p.cs == containerRunning && !p.hung && p.addr != "" }, func(p *pod) {
		p.hung = true
		addr := p.addr
		c.goOp(func(ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			warn("hang", addr, httpGet(ctx, "http://"+addr+"/hang"))
		})
	})
}

// CrashLoopPod patches a pod's container so it crashes on every start (as a
// bad image or configuration would): the kubelet replaces the container, and
// from then on restarts it with the exponential backoff: CrashLoopBackOff.
// Delete the pod to end it; its replacement runs the good template.
func (c *Cluster) CrashLoopPod(name string) (string, error) {
	return c.podCommand(name, func(p *pod) bool { return !p.broken && (p.cs == containerRunning || p.cs == containerExited) }, func(p *pod) {
		p.broken = true
		if p.template.Env == nil {
			p.template.Env = map[string]string{}
		}
		p.template.Env[workload.EnvCrashOnStart] = "1"
		// The kubelet keys its back-off by the container's spec hash: a
		// changed container starts a fresh back-off (and a fresh record).
		p.backoff, p.delays = 0, nil
		c.emit(Normal, ReasonKilling, p.object(), fmt.Sprintf("Container %s definition changed, will be restarted", ContainerName))
		c.stopRun(p)
		c.setReady(p, false)
		c.stopRestartTimer(p)
		delete(c.byInst, p.inst)
		p.replaced, p.inst, p.addr, p.cs = p.inst, "", "", containerNone
		p.restarts++
		c.syncPod(p) // the kubelet creates the changed container

	})
}

// podCommand finds the pod (or a random eligible one) and applies f.
func (c *Cluster) podCommand(name string, eligible func(*pod) bool, f func(*pod)) (string, error) {
	var picked string
	var err error
	cerr := c.call(func() {
		var cands []*pod
		for _, p := range c.sortedPods() {
			if !p.deleting && p.node != "" && !c.nodeOf(p).down() && eligible(p) && (name == "" || p.name == name) {
				cands = append(cands, p)
			}
		}
		if len(cands) == 0 {
			if name != "" {
				err = fmt.Errorf("pod %s cannot take that now", name)
			} else {
				err = fmt.Errorf("no pod can take that now")
			}
			return
		}
		p := cands[c.rnd.IntN(len(cands))]
		picked = p.name
		f(p)
	})
	if cerr != nil {
		return "", cerr
	}
	return picked, err
}

// KillNode kills a node (or a random live node that runs pods, else any live
// node): its containers die at once and its kubelet goes silent. The
// control plane learns it only from the missed lease renewals.
func (c *Cluster) KillNode(name string) (string, error) {
	var picked string
	var err error
	cerr := c.call(func() {
		var withPods, live []*node
		for _, n := range c.nodes {
			if n.down() || (name != "" && n.name != name) {
				continue
			}
			live = append(live, n)
			for _, p := range c.pods {
				if p.node == n.name && !p.deleting {
					withPods = append(withPods, n)
					break
				}
			}
		}
		cands := withPods
		if len(cands) == 0 {
			cands = live
		}
		if len(cands) == 0 {
			err = fmt.Errorf("no live node to kill")
			return
		}
		n := cands[c.rnd.IntN(len(cands))]
		picked = n.name
		c.killNode(n)
	})
	if cerr != nil {
		return "", cerr
	}
	return picked, err
}

// Scale sets the Deployment's replicas (kubectl scale).
func (c *Cluster) Scale(replicas int) error {
	if replicas < 0 || replicas > MaxReplicas {
		return fmt.Errorf("replicas %d: want 0..%d", replicas, MaxReplicas)
	}
	return c.call(func() { c.deploy.replicas = replicas })
}

// SetTemplate changes the pod template (kubectl set image / apply): a new
// ReplicaSet revision, rolled out by the Deployment's strategy.
func (c *Cluster) SetTemplate(t Template) error {
	return c.call(func() { c.deploy.template = cloneTemplate(t) })
}

// SetStrategy changes the Deployment's update strategy.
func (c *Cluster) SetStrategy(s Strategy) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return c.call(func() { c.deploy.strategy = s })
}

// FastForward jumps the control-plane clock to the next milestone (a
// container restart, a node noticed NotReady, an eviction), firing every
// timer on the way. It reports how far it jumped; false when there is
// nothing to wait for or the clock cannot jump.
func (c *Cluster) FastForward() (time.Duration, bool) {
	if c.vclk == nil {
		return 0, false
	}
	var d time.Duration
	var ok bool
	// On the loop: the timers only post their work, which then runs at the
	// milestone's time (a periodic timer, like the HPA's sync, fires once).
	err := c.call(func() {
		var at time.Time
		if at, ok = c.nextMilestone(); ok {
			d = max(0, at.Sub(c.vclk.Now()))
			c.vclk.Advance(d)
		}
	})
	return d, err == nil && ok
}

// WaitFor waits until cond holds for a published snapshot.
func (c *Cluster) WaitFor(ctx context.Context, cond func(*Snapshot) bool) (*Snapshot, error) {
	for {
		ch := c.Changed()
		if s := c.Snapshot(); cond(s) {
			return s, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return c.Snapshot(), ctx.Err()
		case <-c.quit:
			return c.Snapshot(), ErrClosed
		}
	}
}
