package orchestrator

// The control plane's one goroutine: its mailbox, the reconcile after every
// batch of work, its timers, and the publish of events and snapshots.

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

// mailbox is the control plane's inbox: an unbounded FIFO of functions the
// loop goroutine runs one after another. Posting never blocks, so timer
// callbacks (even those Clock.Advance runs inside the loop) and runtime
// goroutines can always hand work over.
type mailbox struct {
	mu     sync.Mutex
	buf    []func()
	closed bool
	signal chan struct{} // has a value when buf may be non-empty
}

func newMailbox() *mailbox { return &mailbox{signal: make(chan struct{}, 1)} }

// post queues f; it reports false once the mailbox is closed.
func (m *mailbox) post(f func()) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	m.buf = append(m.buf, f)
	select {
	case m.signal <- struct{}{}:
	default:
	}
	return true
}

func (m *mailbox) drain() []func() {
	m.mu.Lock()
	defer m.mu.Unlock()
	fs := m.buf
	m.buf = nil
	return fs
}

func (m *mailbox) close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
}

// post hands f to the loop; false once the cluster is closing.
func (c *Cluster) post(f func()) bool { return c.mb.post(f) }

// call runs f on the loop and waits for it. It returns before the loop
// reconciles and publishes f's batch: a Snapshot read right after may not
// show f's effects yet (sync waits for them).
func (c *Cluster) call(f func()) error {
	done := make(chan struct{})
	if !c.post(func() { f(); close(done) }) {
		return ErrClosed
	}
	return c.wait(done)
}

// sync returns once the loop has published the batch it landed in: the
// Snapshot then shows everything posted before sync (timers Advance fired,
// commands), reconciled.
func (c *Cluster) sync() error {
	done, ok := c.published()
	if !ok {
		return ErrClosed
	}
	return c.wait(done)
}

// wait returns once done is closed, or ErrClosed when the loop quits first.
func (c *Cluster) wait(done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-c.quit:
		return ErrClosed
	}
}

// published is sync without the wait: the channel is closed after the
// publish of the batch this request lands in.
func (c *Cluster) published() (<-chan struct{}, bool) {
	done := make(chan struct{})
	return done, c.post(func() { c.barriers = append(c.barriers, done) })
}

func (c *Cluster) loop() {
	defer c.loopWG.Done()
	refresh := time.NewTicker(c.cfg.Refresh)
	defer refresh.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-c.mb.signal:
			for _, f := range c.mb.drain() {
				f()
			}
			c.reconcile()
			c.startTrafficOnce()
			c.publish(sendChange)
			for _, b := range c.barriers {
				close(b)
			}
			c.barriers = nil
		case <-refresh.C:
			c.publish(sendRefresh)
		}
	}
}

// reconcile runs every controller once: Deployment, ReplicaSets, scheduler.
// The loop calls it after every batch of work, so a change anywhere (a pod
// gone, a pod ready, a spec change) is acted on at once.
func (c *Cluster) reconcile() {
	c.syncDeployment()
	for _, rs := range c.rss {
		c.syncReplicaSet(rs)
	}
	c.schedulePending()
	c.syncRollout()
}

func (c *Cluster) forwardRuntimeEvents() {
	defer c.loopWG.Done()
	for {
		select {
		case <-c.quit:
			return
		case e, ok := <-c.rt.Events():
			if !ok {
				return
			}
			c.post(func() { c.onRuntimeEvent(e) })
		}
	}
}

// emit records an event in kubectl's words.
func (c *Cluster) emit(t EventType, reason, object, msg string) {
	c.record(Event{Type: t, Reason: reason, Object: object, Message: msg})
}

// record emits e, with its typed details, stamped now.
func (c *Cluster) record(e Event) {
	e.Time, e.Clock = time.Now(), c.clk.Now()
	c.reasons[e.Reason]++
	c.pending = append(c.pending, e)
}

// How publish hands a snapshot on.
type publishMode int

const (
	keepOnly    publishMode = iota // Snapshot only, no update on the stream
	sendChange                     // after the loop ran work: every reader sees it
	sendRefresh                    // the periodic refresh (traffic, countdowns): dropped when the reader is behind
)

// publish builds the snapshot and sends the pending events with it.
func (c *Cluster) publish(mode publishMode) {
	s := c.buildSnapshot()
	c.measure.observe(s)
	c.snap.Store(s)
	c.chMu.Lock()
	close(c.changed)
	c.changed = make(chan struct{})
	c.chMu.Unlock()
	if mode != keepOnly {
		c.updates.push(Update{Events: c.pending, Snapshot: s}, mode == sendRefresh)
	}
	c.pending = nil
}

// after runs f on the loop once d has passed on the control-plane clock.
func (c *Cluster) after(d time.Duration, f func()) clock.Timer {
	return c.clk.AfterFunc(d, func() { c.post(f) })
}

// nextMilestone is the earliest control-plane deadline worth jumping to.
func (c *Cluster) nextMilestone() (time.Time, bool) {
	var at time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (at.IsZero() || t.Before(at)) {
			at = t
		}
	}
	for _, n := range c.nodes {
		if n.down() && n.cond == NodeReady {
			consider(n.leaseExpires(c.clk.Now()))
		}
		consider(n.evictAt)
	}
	for _, p := range c.pods {
		if p.restartTimer != nil {
			consider(p.restartAt)
		}
	}
	consider(c.hpaMilestone())
	consider(c.rolloutMilestone())
	return at, !at.IsZero()
}

// goOp runs a runtime call off the loop and tracks it for Close.
func (c *Cluster) goOp(f func(ctx context.Context)) {
	c.opsWG.Add(1)
	go func() {
		defer c.opsWG.Done()
		f(c.ctx)
	}()
}

// warn logs the error of a runtime call nobody waits for. An instance
// already gone, or a call cut short by Close or the end of its container
// run, is no error.
func warn(what, id string, err error) {
	if err == nil || errors.Is(err, sandbox.ErrNotFound) || errors.Is(err, context.Canceled) {
		return
	}
	slog.Warn("orchestrator: "+what+" failed", "instance", id, "err", err)
}

// removeInstance removes an instance from the runtime, off the loop, and
// stops counting it live once it is gone (a failure is logged, and the
// instance is still counted).
func (c *Cluster) removeInstance(ctx context.Context, id string) {
	if err := c.rt.Remove(ctx, id); err == nil || errors.Is(err, sandbox.ErrNotFound) {
		c.trackLive(id, false)
	} else {
		warn("remove", id, err)
	}
}

// remove removes an instance, off the loop, and then runs then on the loop.
func (c *Cluster) remove(id string, then func()) {
	c.goOp(func(ctx context.Context) {
		if id != "" {
			c.removeInstance(ctx, id)
		}
		if then != nil {
			c.post(then)
		}
	})
}
