package docker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// Start creates and starts a container for spec and returns once the
// daemon reported it started, with its published address.
func (r *Runtime) Start(ctx context.Context, spec sandbox.Spec) (sandbox.Instance, error) {
	if spec.Name == "" {
		return sandbox.Instance{}, errors.New("docker: an instance needs a name")
	}
	r.mu.Lock()
	switch {
	case r.closed:
		r.mu.Unlock()
		return sandbox.Instance{}, errors.New("docker: the runtime is closed")
	case r.names[spec.Name]:
		r.mu.Unlock()
		return sandbox.Instance{}, fmt.Errorf("docker: an instance named %q already exists", spec.Name)
	}
	r.names[spec.Name] = true
	r.starting.Add(1)
	r.mu.Unlock()
	defer r.starting.Done()

	created, err := r.eng.cli.ContainerCreate(ctx, createOptions(spec, r.placement()))
	if err != nil {
		r.mu.Lock()
		delete(r.names, spec.Name)
		r.mu.Unlock()
		return sandbox.Instance{}, r.eng.wrap("create "+spec.Name, err)
	}
	inst := &instance{id: created.ID, name: spec.Name}
	r.mu.Lock()
	r.byID[inst.id] = inst
	r.mu.Unlock()

	out, err := r.run(ctx, inst)
	if err != nil {
		rmCtx, cancel := detached(ctx, 10*time.Second)
		defer cancel()
		if rmErr := r.Remove(rmCtx, inst.id); rmErr != nil {
			slog.Warn("docker: could not remove a container that failed to start", "err", rmErr, "container", inst.id)
		}
		return sandbox.Instance{}, err
	}
	return out, nil
}

// run starts inst's container (again), waits for the daemon's start event
// so a later ready event cannot overtake it, and reads the new host port.
func (r *Runtime) run(ctx context.Context, inst *instance) (sandbox.Instance, error) {
	r.mu.Lock()
	inst.started, inst.exited = make(chan struct{}), make(chan struct{})
	inst.addr, inst.oom, inst.ready, inst.killed, inst.exitCode = "", false, false, false, 0
	inst.cpu = cpuSample{}
	started := inst.started
	r.mu.Unlock()

	if _, err := r.eng.cli.ContainerStart(ctx, inst.id, client.ContainerStartOptions{}); err != nil {
		return sandbox.Instance{}, r.eng.wrap("start "+inst.name, err)
	}
	select {
	case <-started:
	case <-time.After(5 * time.Second): // the event stream is late or broken
		r.queueStarted(inst.id, inst.name, time.Now())
	case <-ctx.Done():
		return sandbox.Instance{}, ctx.Err()
	}
	info, err := r.eng.cli.ContainerInspect(ctx, inst.id, client.ContainerInspectOptions{})
	if err != nil {
		return sandbox.Instance{}, r.eng.wrap("inspect "+inst.name, err)
	}
	addr := publishedAddr(info.Container)
	since, _ := time.Parse(time.RFC3339Nano, info.Container.State.StartedAt)
	r.mu.Lock()
	inst.addr, inst.since = addr, since
	r.mu.Unlock()
	return sandbox.Instance{ID: inst.id, Name: inst.name, Addr: addr}, nil
}

// Restart starts an exited instance again; it gets a new host port.
func (r *Runtime) Restart(ctx context.Context, id string) (sandbox.Instance, error) {
	inst, err := r.get(id)
	if err != nil {
		return sandbox.Instance{}, err
	}
	info, err := r.eng.cli.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	if err != nil {
		return sandbox.Instance{}, r.eng.wrap("inspect "+inst.name, err)
	}
	if info.Container.State != nil && info.Container.State.Running {
		return sandbox.Instance{}, fmt.Errorf("docker: %s is still running; stop or kill it before restarting", inst.name)
	}
	// The die event may still be on its way (it trails a kill by ~0.1 s):
	// wait for it so the new run's events follow the old run's exit.
	r.mu.Lock()
	exited := inst.exited
	r.mu.Unlock()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		r.queueExited(id, inst.name, time.Now(), exitCodeOf(info.Container), false)
	case <-ctx.Done():
		return sandbox.Instance{}, ctx.Err()
	}
	return r.run(ctx, inst)
}

func exitCodeOf(c container.InspectResponse) int {
	if c.State == nil {
		return 0
	}
	return c.State.ExitCode
}

// Stop sends SIGTERM and kills the container after grace (rounded up to
// whole seconds: the daemon's unit). Stopping an exited instance is a no-op.
func (r *Runtime) Stop(ctx context.Context, id string, grace time.Duration) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	secs := int(math.Ceil(grace.Seconds()))
	r.markKilled(inst)
	_, err = r.eng.cli.ContainerStop(ctx, id, client.ContainerStopOptions{Timeout: &secs})
	return r.eng.wrap("stop "+inst.name, err)
}

// Kill sends SIGKILL. Killing an exited instance is a no-op.
func (r *Runtime) Kill(ctx context.Context, id string) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	r.markKilled(inst)
	_, err = r.eng.cli.ContainerKill(ctx, id, client.ContainerKillOptions{Signal: "KILL"})
	if cerrdefs.IsConflict(err) { // "is not running"
		return nil
	}
	return r.eng.wrap("kill "+inst.name, err)
}

// Remove force-removes the container and forgets the instance, once its
// exited event (if it was running) is queued.
func (r *Runtime) Remove(ctx context.Context, id string) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	if err := r.remove(ctx, inst); err != nil {
		return err
	}
	r.mu.Lock()
	delete(r.byID, id)
	delete(r.names, inst.name)
	r.mu.Unlock()
	return nil
}

func (r *Runtime) remove(ctx context.Context, inst *instance) (err error) {
	r.mu.Lock()
	if done := inst.removing; done != nil {
		r.mu.Unlock()
		select {
		case <-done:
			r.mu.Lock()
			defer r.mu.Unlock()
			return inst.removeErr
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	done := make(chan struct{})
	inst.removing = done
	started, exited := inst.started, inst.exited
	inst.killed = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		inst.removeErr = err
		if err != nil {
			inst.removing = nil // a later Remove may try again
		}
		r.mu.Unlock()
		close(done)
	}()
	_, err = r.eng.cli.ContainerRemove(ctx, inst.id, client.ContainerRemoveOptions{Force: true})
	if err != nil && !cerrdefs.IsNotFound(err) {
		return r.eng.wrap("remove "+inst.name, err)
	}
	if started == nil || !isClosed(started) {
		return nil // never ran: no exit to report
	}
	select {
	case <-exited:
	case <-time.After(3 * time.Second): // the event stream is late or broken
		r.queueExited(inst.id, inst.name, time.Now(), 137, true)
	case <-ctx.Done():
	}
	return nil
}

// markKilled notes that an exit by SIGKILL is ours, not the memory limit's.
func (r *Runtime) markKilled(inst *instance) {
	r.mu.Lock()
	inst.killed = true
	r.mu.Unlock()
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
