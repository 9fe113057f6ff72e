package sandbox

import "sync"

// EventQueue is an unbounded FIFO of events between a runtime, which must
// never block on a slow reader, and the one goroutine reading Out.
type EventQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []Event
	closed bool
	out    chan Event
}

// NewEventQueue starts a queue; Close it to end the delivery goroutine.
func NewEventQueue() *EventQueue {
	q := &EventQueue{out: make(chan Event)}
	q.cond = sync.NewCond(&q.mu)
	go q.deliver()
	return q
}

// Push adds an event; it never blocks. Events pushed after Close are dropped.
func (q *EventQueue) Push(e Event) {
	q.mu.Lock()
	if !q.closed {
		q.buf = append(q.buf, e)
		q.cond.Signal()
	}
	q.mu.Unlock()
}

// Out delivers the events in order; it is closed after Close once every
// queued event was delivered.
func (q *EventQueue) Out() <-chan Event { return q.out }

// Close stops accepting events.
func (q *EventQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Signal()
	q.mu.Unlock()
}

func (q *EventQueue) deliver() {
	defer close(q.out)
	for {
		q.mu.Lock()
		for len(q.buf) == 0 && !q.closed {
			q.cond.Wait()
		}
		if len(q.buf) == 0 {
			q.mu.Unlock()
			return
		}
		e := q.buf[0]
		q.buf = q.buf[1:]
		q.mu.Unlock()
		q.out <- e
	}
}
