package docker

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// watch subscribes to the daemon's container events of this session before
// returning (so no event of a later Start is missed), then maps them to
// sandbox events in a goroutine until Close. If the stream breaks (daemon
// restart), it resubscribes from the last event's time.
func (r *Runtime) watch(ctx context.Context) error {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.stopWatch = cancel
	filters := make(client.Filters).
		Add("type", string(events.ContainerEventType)).
		Add("label", sandbox.LabelSession+"="+r.session).
		Add("event", string(events.ActionCreate), string(events.ActionStart), string(events.ActionDie), string(events.ActionOOM))
	sub := r.eng.cli.Events(wctx, client.EventsListOptions{Filters: filters})
	select {
	case err := <-sub.Err:
		cancel()
		return r.eng.wrap("listen to events", err)
	default:
	}
	go func() {
		defer close(r.watchDone)
		var last int64 // the latest TimeNano handled, to resubscribe from
		var seen recent
		for {
			select {
			case m := <-sub.Messages:
				// A resubscription replays events from last on; skip
				// those already handled. (Timestamps alone cannot tell:
				// concurrent events may be published out of time order.)
				if seen.add(m) {
					last = max(last, m.TimeNano)
					r.handle(m)
				}
				continue
			case err := <-sub.Err:
				if wctx.Err() != nil {
					return
				}
				r.setDown(r.eng.wrap("listen to events", err))
			}
			// The stream broke (daemon restarting or gone): resubscribe
			// from the last event's time until it answers again.
			for {
				select {
				case <-wctx.Done():
					return
				case <-time.After(500 * time.Millisecond):
				}
				opts := client.EventsListOptions{Filters: filters}
				if last > 0 {
					opts.Since = fmt.Sprintf("%d.%09d", last/1e9, last%1e9)
				}
				sub = r.eng.cli.Events(wctx, opts)
				select {
				case err := <-sub.Err:
					if wctx.Err() != nil {
						return
					}
					r.setDown(r.eng.wrap("listen to events", err))
					continue
				default:
				}
				r.setDown(nil)
				break
			}
		}
	}()
	return nil
}

// recent remembers the last events handled.
type recent struct {
	keys map[string]bool
	ring []string
}

// add reports whether m is new, and remembers it.
func (c *recent) add(m events.Message) bool {
	key := fmt.Sprint(m.Actor.ID, m.Action, m.TimeNano)
	if c.keys[key] {
		return false
	}
	if c.keys == nil {
		c.keys = map[string]bool{}
	}
	c.keys[key] = true
	c.ring = append(c.ring, key)
	if len(c.ring) > 1024 {
		delete(c.keys, c.ring[0])
		c.ring = c.ring[1:]
	}
	return true
}

// setDown records why the event stream is broken (nil: it works again).
func (r *Runtime) setDown(err error) {
	r.mu.Lock()
	r.down = err
	r.mu.Unlock()
}

// handle maps one daemon event to sandbox events, stamped with the daemon's
// time.
func (r *Runtime) handle(m events.Message) {
	at := time.Unix(0, m.TimeNano)
	if m.TimeNano == 0 {
		at = time.Unix(m.Time, 0)
	}
	id, name := m.Actor.ID, m.Actor.Attributes[sandbox.LabelName]
	switch m.Action {
	case events.ActionCreate:
		r.events.Push(sandbox.Event{Time: at, Type: sandbox.EventCreated, ID: id, Name: name})
	case events.ActionStart:
		r.queueStarted(id, name, at)
	case events.ActionOOM:
		r.mu.Lock()
		inst := r.byID[id]
		if inst == nil || !inst.oom && !isClosed(inst.exited) {
			if inst != nil {
				inst.oom = true
			}
			r.events.Push(sandbox.Event{Time: at, Type: sandbox.EventOOM, ID: id, Name: name})
		}
		r.mu.Unlock()
	case events.ActionDie:
		code, _ := strconv.Atoi(m.Actor.Attributes["exitCode"])
		r.queueExited(id, name, at, code, r.oomKilled(id, code))
	}
}

// oomKilled checks the daemon's record when a container died of SIGKILL
// that we did not send, without an oom event first (the two can arrive in
// either order), so the oom event always precedes the exit. (Inspecting
// after our own kills would hold the event up: the daemon answers only
// once its cleanup is done, ~150 ms after the die event.)
func (r *Runtime) oomKilled(id string, code int) bool {
	r.mu.Lock()
	inst := r.byID[id]
	seen := inst != nil && inst.oom
	killed := inst != nil && inst.killed
	r.mu.Unlock()
	if inst == nil || seen || killed || code != 137 {
		return seen
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	info, err := r.eng.cli.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	if err != nil {
		slog.Warn("docker: could not tell whether the memory limit killed a container; reporting a plain kill", "err", err, "container", id)
		return false
	}
	return info.Container.State != nil && info.Container.State.OOMKilled
}

// queueStarted queues the started event of inst's current run, once.
func (r *Runtime) queueStarted(id, name string, at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	inst := r.byID[id]
	if inst != nil && inst.started != nil {
		if isClosed(inst.started) {
			return // already queued (by a timeout fallback)
		}
		close(inst.started)
	}
	r.events.Push(sandbox.Event{Time: at, Type: sandbox.EventStarted, ID: id, Name: name})
}

// queueExited queues the exited event of inst's current run, once, with an
// oom event first when the memory limit killed it.
func (r *Runtime) queueExited(id, name string, at time.Time, code int, oom bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	inst := r.byID[id]
	if inst != nil && inst.exited != nil {
		if isClosed(inst.exited) {
			return
		}
		if oom && !inst.oom {
			inst.oom = true
			r.events.Push(sandbox.Event{Time: at, Type: sandbox.EventOOM, ID: id, Name: name})
		}
		inst.exitCode = code
		inst.addr = ""
		close(inst.exited)
	}
	r.events.Push(sandbox.Event{Time: at, Type: sandbox.EventExited, ID: id, Name: name,
		ExitCode: code, Signaled: oom || code > 128 && code <= 128+64})
}
