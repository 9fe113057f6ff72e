package docker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// Addr is the instance's current host:port (empty while it is not running).
func (r *Runtime) Addr(id string) (string, error) {
	inst, err := r.get(id)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return inst.addr, nil
}

// WaitReady polls GET /readyz on the published port until it answers 200,
// then emits ready. It gives up as soon as the instance exits, or when the
// daemon's event stream is broken (an exit would go unnoticed).
func (r *Runtime) WaitReady(ctx context.Context, id string) error {
	inst, err := r.get(id)
	if err != nil {
		return err
	}
	r.mu.Lock()
	exited, addr := inst.exited, inst.addr
	r.mu.Unlock()
	err = sandbox.ReadyCheck{
		Client: r.http,
		Addr:   addr,
		Exited: exited,
		Broken: r.broken,
		Pause:  5 * time.Millisecond, // steady: through docker-proxy a probe fails at once
	}.Wait(ctx)
	switch {
	case err == nil:
		r.mu.Lock()
		if !inst.ready && inst.exited == exited { // still the same run
			inst.ready = true
			r.events.Push(sandbox.Event{Time: time.Now(), Type: sandbox.EventReady, ID: id, Name: inst.name})
		}
		r.mu.Unlock()
		return nil
	case errors.Is(err, sandbox.ErrExited):
		r.mu.Lock()
		code := inst.exitCode
		r.mu.Unlock()
		return fmt.Errorf("docker: %s exited with code %d before it was ready", inst.name, code)
	case errors.Is(err, ctx.Err()):
		return fmt.Errorf("docker: %s not ready: %w", inst.name, err)
	default:
		return err // from broken: already the actionable daemon error
	}
}

// broken is why the daemon's event stream is down, or nil.
func (r *Runtime) broken() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.down
}
