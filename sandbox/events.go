package sandbox

import "sync"

// Queue is an unbounded FIFO between a producer, which must never block on a
// slow reader, and the one goroutine reading Out. Runtimes queue Events;
// demo engines queue their own event types.
type Queue[T any] struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []T
	closed bool
	out    chan T
}

// EventQueue is the queue of runtime events.
type EventQueue = Queue[Event]

// NewQueue starts a queue; Close it to end the delivery goroutine.
func NewQueue[T any]() *Queue[T] {
	q := &Queue[T]{out: make(chan T)}
	q.cond = sync.NewCond(&q.mu)
	go q.deliver()
	return q
}

// NewEventQueue starts a queue of runtime events.
func NewEventQueue() *EventQueue { return NewQueue[Event]() }

// Push adds an item; it never blocks. Items pushed after Close are dropped.
func (q *Queue[T]) Push(e T) {
	q.mu.Lock()
	if !q.closed {
		q.buf = append(q.buf, e)
		q.cond.Signal()
	}
	q.mu.Unlock()
}

// Out delivers the items in order; it is closed after Close once every
// queued item was delivered.
func (q *Queue[T]) Out() <-chan T { return q.out }

// Close stops accepting items.
func (q *Queue[T]) Close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Signal()
	q.mu.Unlock()
}

func (q *Queue[T]) deliver() {
	defer close(q.out)
	var zero T
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
		q.buf[0] = zero // let the delivered item be collected
		q.buf = q.buf[1:]
		q.mu.Unlock()
		q.out <- e
	}
}
