package orchestrator

// The kubelet: syncPod starts, backs off, restarts and stops each pod's
// container; the runtime's events and the kubelet's timers call it.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// containerState is where the pod's one container is, as its kubelet sees it.
type containerState int

const (
	containerNone     containerState = iota // not created yet (pod pending), or replaced
	containerStarting                       // a Start or Restart call is in flight, or it has not reported started yet
	containerRunning                        // started; probes run
	containerExited                         // exited; a restart may be waiting (backoff)
)

// pod is the control plane's record of one Pod and its container.
type pod struct {
	name, rs, node string
	template       Template
	created        time.Time // control-plane time
	phase          Phase
	status         string
	ready          bool
	everReady      bool // this container run became ready at least once
	restarts       int
	deleting       bool
	force          bool // deleted with --grace-period=0: killed, not stopped
	hung, broken   bool

	// container
	inst      string // runtime instance id; "" while the first Start is in flight
	addr      string
	cs        containerState
	gen       int             // bumps at every container start: stale results are dropped
	early     []sandbox.Event // events that arrived before Start returned the id
	runCancel context.CancelFunc
	startedAt time.Time // control-plane time the current run started; zero until it has
	startCall time.Time // real time of the latest Start/Restart call
	startup   time.Duration
	lastExit  *Termination // how the previous run ended
	inFlight  bool         // a Start or Restart call has not returned
	stopping  bool         // a Stop (or Kill) was sent to this run
	killing   bool         // a Kill was sent to this run
	replaced  string       // the instance a changed container replaces, removed before the new one starts

	// restart manager
	backoff      time.Duration
	delays       []time.Duration
	restartAt    time.Time
	restartTimer clock.Timer

	// probes
	probeTimer     clock.Timer
	liveBusy       bool
	readyBusy      bool
	liveFails      int
	readinessFails int
	probers        []*prober // a template's own probes (prober.go)
	failedProbe    ProbeKind // the liveness or startup probe that failed its threshold

	scheduleFails int
}

func (p *pod) object() string { return "pod/" + p.name }

// lastRenewal is when the node's kubelet last renewed its lease, as of at:
// it renews it every NodeLeaseRenew from the node's start until the node
// dies. The kubelet is punctual, so its renewals are computed rather than
// timed: a loaded machine cannot make a live node miss one.
func (n *node) lastRenewal(at time.Time) time.Time {
	if died := n.died.Load(); died != 0 {
		at = time.Unix(0, died)
	}
	return n.started.Add(at.Sub(n.started).Truncate(NodeLeaseRenew))
}

// killNode: the machine dies. Its containers die at once and its kubelet
// stops renewing the lease; the control plane notices only from the
// missed renewals of its lease (monitorTick).
func (c *Cluster) killNode(n *node) {
	if n.down() {
		return
	}
	n.died.Store(c.clk.Now().UnixNano())
	for _, p := range c.sortedPods() {
		if p.node != n.name || p.deleting {
			continue
		}
		if p.inst != "" {
			id := p.inst
			c.goOp(func(ctx context.Context) { warn("kill", id, c.rt.Kill(ctx, id)) })
		}
	}
}

func (c *Cluster) spec(p *pod) sandbox.Spec {
	env := maps.Clone(p.template.Env)
	if env == nil {
		env = map[string]string{}
	}
	env[workload.EnvName] = p.name
	env[workload.EnvVersion] = p.template.Version
	if len(p.template.Args) > 0 { // the image's program is the workload: it reads its args from here
		args, _ := json.Marshal(p.template.Args)
		env[workload.EnvArgs] = string(args)
	}
	return sandbox.Spec{
		Name:     p.name,
		Labels:   map[string]string{"app": c.deploy.name, "version": p.template.Version, "pod-template-hash": hashSuffix(p.rs)},
		Env:      env,
		MemoryMB: p.template.MemoryMB,
		CPUs:     p.template.CPUs,
	}
}

// syncPod is the kubelet's one reaction to a pod: from what the pod should
// be (running, or deleted) and what its container is, it starts the
// container, backs off, restarts it or stops it. Every event that concerns
// the pod calls it (bound, container started or exited, back-off over,
// liveness failed, deleted); it does nothing twice.
func (c *Cluster) syncPod(p *pod) {
	n := c.nodeOf(p)
	if c.pods[p.name] != p || p.inFlight || n != nil && n.down() {
		return // gone, a call in flight syncs it again, or its kubelet is gone
	}
	if p.deleting {
		switch {
		case p.cs == containerRunning || p.cs == containerStarting && p.inst != "":
			c.stopContainer(p, "Stopping container "+ContainerName, "")
		default: // its container is not running
			c.dropPod(p)
			c.collectGarbage(p.inst, nil)
		}
		return
	}
	if n == nil {
		return // not bound yet
	}
	switch p.cs {
	case containerNone:
		c.startContainer(p)
	case containerRunning:
		if probe := c.failedProbe(p); probe != "" {
			c.stopContainer(p, fmt.Sprintf("Container %s failed %s probe, will be restarted", ContainerName, probe), probe)
		}
	case containerExited:
		switch now := c.clk.Now(); {
		case p.restartAt.IsZero():
			c.backOff(p, now)
		case !now.Before(p.restartAt):
			c.restartContainer(p)
		}
	}
}

// failedProbe is the probe whose failures make the kubelet restart the
// container, or "".
func (c *Cluster) failedProbe(p *pod) ProbeKind {
	if p.template.Probes != nil {
		return p.failedProbe
	}
	if p.liveFails >= c.cfg.Probes.FailureThreshold {
		return ProbeLiveness
	}
	return ""
}

// startContainer creates and starts the pod's container, after removing the
// container it replaces, if any.
func (c *Cluster) startContainer(p *pod) {
	p.cs, p.inFlight, p.stopping, p.killing = containerStarting, true, false, false
	p.startedAt = time.Time{} // a run that never starts does not reset the back-off
	p.status = StatusContainerCreating
	p.gen++
	gen, replace := p.gen, p.replaced
	p.replaced = ""
	p.startCall = time.Now()
	c.emit(Normal, ReasonPulled, p.object(), fmt.Sprintf("Container image %q already present on machine", ImageName))
	spec := c.spec(p)
	c.goOp(func(ctx context.Context) {
		if replace != "" {
			c.removeInstance(ctx, replace)
		}
		inst, err := c.rt.Start(ctx, spec)
		if err == nil {
			c.trackLive(inst.ID, true)
		}
		if !c.post(func() { c.onStartResult(p, gen, inst, err) }) && err == nil {
			warn("remove", inst.ID, c.rt.Remove(context.Background(), inst.ID)) // closing: Close no longer knows it
			c.trackLive(inst.ID, false)
		}
	})
}

func (c *Cluster) onStartResult(p *pod, gen int, inst sandbox.Instance, err error) {
	if c.pods[p.name] != p || p.gen != gen {
		if err == nil {
			c.remove(inst.ID, nil)
		}
		return
	}
	p.inFlight = false
	early := p.early
	p.early = nil
	if err != nil {
		c.startFailed(p, err)
		return
	}
	p.inst = inst.ID
	c.byInst[inst.ID] = p
	if n := c.nodeOf(p); n != nil && n.down() { // the node died while the container was created: it dies too
		c.goOp(func(ctx context.Context) { warn("kill", inst.ID, c.rt.Kill(ctx, inst.ID)) })
		return
	}
	for _, e := range early {
		if e.ID == inst.ID {
			c.onRuntimeEvent(e)
		}
	}
	c.syncPod(p)
}

// startFailed: a Start or Restart call failed, as a container that exits at
// once (exit code 128, as the runtime reports a start error).
func (c *Cluster) startFailed(p *pod, err error) {
	if p.deleting {
		p.cs = containerExited
		c.syncPod(p)
		return
	}
	c.emit(Warning, ReasonFailed, p.object(), "Error: "+err.Error())
	c.containerExited(p, 128)
}

// onRuntimeEvent is the kubelet hearing from the container runtime.
func (c *Cluster) onRuntimeEvent(e sandbox.Event) {
	p := c.byInst[e.ID]
	if p == nil {
		if q := c.pods[e.Name]; q != nil && q.cs == containerStarting && q.inst == "" {
			q.early = append(q.early, e) // Start has not returned the id yet
		}
		return
	}
	if p.inst != e.ID {
		return
	}
	if n := c.nodeOf(p); n != nil && n.down() {
		return // the node's kubelet is gone: nobody reports what happens there
	}
	switch e.Type {
	case sandbox.EventCreated:
		c.emit(Normal, ReasonCreated, p.object(), "Created container "+ContainerName)
	case sandbox.EventStarted:
		c.containerStarted(p)
	case sandbox.EventReady:
		if p.cs == containerRunning && !p.deleting && p.template.Probes == nil {
			if addr, err := c.rt.Addr(p.inst); err == nil { // the port the ready check just reached
				p.addr = addr
			}
			p.startup = time.Since(p.startCall)
			p.everReady = true
			c.setReady(p, true)
		}
	case sandbox.EventExited:
		if p.cs == containerRunning || p.cs == containerStarting {
			c.containerExited(p, e.ExitCode)
		}
	case sandbox.EventOOM:
		c.emit(Warning, "OOMKilling", p.object(), "Memory cgroup out of memory: killed container "+ContainerName)
	}
}

// containerStarted: the container runs; the first readiness comes from the
// runtime's /readyz poll (WaitReady, real time) so a replacement joins the
// Service as soon as it answers; after that the periodic probes take over.
// A deleted pod's container is stopped instead.
func (c *Cluster) containerStarted(p *pod) {
	p.cs = containerRunning
	if p.deleting {
		c.syncPod(p)
		return
	}
	p.phase = PhaseRunning
	p.status = StatusRunning
	p.startedAt = c.clk.Now()
	p.everReady = false
	p.hung = false
	if addr, err := c.rt.Addr(p.inst); err == nil {
		p.addr = addr
	}
	c.emit(Normal, ReasonStarted, p.object(), "Started container "+ContainerName)
	if p.template.Probes != nil { // the template's own probes decide readiness
		c.startProbers(p, p.gen)
		return
	}
	ctx, cancel := context.WithCancel(c.ctx)
	p.runCancel = cancel
	id := p.inst
	c.goOp(func(context.Context) { warn("wait for ready", id, c.rt.WaitReady(ctx, id)) })
	c.scheduleProbes(p, p.gen)
}

// stopRun ends what belongs to one container run: readiness wait and probes.
func (c *Cluster) stopRun(p *pod) {
	if p.runCancel != nil {
		p.runCancel()
		p.runCancel = nil
	}
	if p.probeTimer != nil {
		p.probeTimer.Stop()
		p.probeTimer = nil
	}
	p.liveFails, p.readinessFails = 0, 0
	p.stopProbers()
}

// stopContainer stops the running container (kills it, for a forced
// delete), once; its exit syncs the pod again.
func (c *Cluster) stopContainer(p *pod, why string, probe ProbeKind) {
	if p.killing || p.stopping && !p.force {
		return
	}
	p.stopping, p.killing = true, p.force
	c.stopRun(p)
	c.record(Event{Type: Normal, Reason: ReasonKilling, Object: p.object(), Probe: probe, Message: why})
	id, grace, force := p.inst, c.realGrace(p), p.force
	c.goOp(func(ctx context.Context) {
		if force {
			warn("kill", id, c.rt.Kill(ctx, id))
		} else {
			warn("stop", id, c.rt.Stop(ctx, id, grace))
		}
	})
}

// containerExited records how the container ended. A deleted pod is gone
// with it. Otherwise STATUS shows the end (Error or Completed) until the
// kubelet's next sync, a step later, starts the back-off, as kubectl shows
// it.
func (c *Cluster) containerExited(p *pod, code int) {
	c.stopRun(p)
	p.cs = containerExited
	c.setReady(p, false)
	if p.deleting {
		c.syncPod(p)
		return
	}
	p.lastExit = &Termination{ExitCode: code, Reason: StatusError}
	if code == 0 {
		p.lastExit.Reason = StatusCompleted
	}
	p.status = p.lastExit.Reason
	c.post(func() { c.syncPod(p) })
}

// backOff applies restartPolicy Always with the exponential back-off; the
// restart timer syncs the pod when it runs out.
func (c *Cluster) backOff(p *pod, now time.Time) {
	switch {
	case p.backoff == 0 || (!p.startedAt.IsZero() && now.Sub(p.startedAt) >= BackoffReset):
		p.backoff = BackoffInitial
	default:
		p.backoff = min(2*p.backoff, BackoffMax)
	}
	delay := p.backoff
	p.delays = append(p.delays, delay)
	p.restartAt = now.Add(delay)
	p.status = StatusCrashLoopBackOff
	code := p.lastExit.ExitCode
	c.record(Event{Type: Warning, Reason: ReasonBackOff, Object: p.object(), Backoff: delay, ExitCode: &code,
		Message: fmt.Sprintf("Back-off %s restarting failed container %s in pod %s", delay, ContainerName, p.name)})
	p.restartTimer = c.after(delay, func() { c.syncPod(p) })
}

// restartContainer is the kubelet starting the same pod's container again.
func (c *Cluster) restartContainer(p *pod) {
	c.stopRestartTimer(p)
	p.restarts++
	if p.inst == "" { // the container was never created: create it
		c.startContainer(p)
		return
	}
	p.cs, p.inFlight, p.stopping, p.killing = containerStarting, true, false, false
	p.startedAt = time.Time{} // a run that never starts does not reset the back-off
	p.gen++
	gen := p.gen
	p.startCall = time.Now()
	c.emit(Normal, ReasonPulled, p.object(), fmt.Sprintf("Container image %q already present on machine", ImageName))
	id := p.inst
	c.goOp(func(ctx context.Context) {
		_, err := c.rt.Restart(ctx, id)
		c.post(func() {
			if c.pods[p.name] != p || p.gen != gen {
				return
			}
			p.inFlight = false
			if err != nil && p.cs == containerStarting {
				c.startFailed(p, err)
				return
			}
			c.syncPod(p)
		})
	})
}

// stopRestartTimer drops a waiting restart (the container restarts now,
// is replaced, or the pod is deleted).
func (c *Cluster) stopRestartTimer(p *pod) {
	if p.restartTimer != nil {
		p.restartTimer.Stop()
		p.restartTimer = nil
	}
	p.restartAt = time.Time{}
}

// realGrace is the pod's termination grace period in real time at the
// clock's current speed.
func (c *Cluster) realGrace(p *pod) time.Duration {
	switch g := p.template.TerminationGrace; {
	case g == cluster.NoGrace:
		return 0
	case g > 0:
		return c.realTime(g)
	}
	return c.realTime(TerminationGrace)
}

// deletePod is the API server deleting a pod (kubectl delete pod, a
// ReplicaSet scaling down, an eviction): it leaves the endpoints at once,
// and its kubelet stops its container (force: kills it), then the pod is
// gone. A dead node's kubelet cannot confirm: the pod stays Terminating
// until the garbage collection removes it with its container.
func (c *Cluster) deletePod(p *pod, force bool) {
	if p.deleting {
		return
	}
	p.deleting, p.force = true, force
	p.status = StatusTerminating
	c.setReady(p, false)
	c.stopRestartTimer(p)
	c.stopRun(p)
	if n := c.nodeOf(p); n != nil && n.down() {
		c.collectGarbage(p.inst, func() { c.dropPod(p) })
		return
	}
	c.syncPod(p)
}

// gcDelay is how long (real time) a dead container of a deleted pod stays
// before it is removed. Like the kubelet's container garbage collection it
// runs later, so removing the old container does not compete with starting
// its replacement on the same engine.
const gcDelay = 2 * time.Second

// collectGarbage removes a dead container after gcDelay (Close removes it
// earlier if it comes first), then runs then on the loop.
func (c *Cluster) collectGarbage(id string, then func()) {
	if id == "" && then == nil {
		return
	}
	time.AfterFunc(gcDelay, func() { c.post(func() { c.remove(id, then) }) })
}

// dropPod forgets a deleted pod once its container is gone.
func (c *Cluster) dropPod(p *pod) {
	if c.pods[p.name] != p {
		return
	}
	delete(c.pods, p.name)
	if p.inst != "" {
		delete(c.byInst, p.inst)
	}
}
