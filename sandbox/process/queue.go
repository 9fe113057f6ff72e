package process

import (
	"sync"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// queue is an unbounded event queue: push never blocks, a pump goroutine
// hands events to the out channel in order, and closes it after close once
// every queued event was delivered. Readers must drain out until it closes.
type queue struct {
	mu     sync.Mutex
	items  []sandbox.Event
	closed bool
	wake   chan struct{}
	out    chan sandbox.Event
}

func newQueue() *queue {
	q := &queue{wake: make(chan struct{}, 1), out: make(chan sandbox.Event)}
	go q.pump()
	return q
}

func (q *queue) push(e sandbox.Event) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, e)
	}
	q.mu.Unlock()
	q.poke()
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.poke()
}

func (q *queue) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue) pump() {
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			closed := q.closed
			q.mu.Unlock()
			if closed {
				close(q.out)
				return
			}
			<-q.wake
			continue
		}
		e := q.items[0]
		q.items[0] = sandbox.Event{}
		q.items = q.items[1:]
		q.mu.Unlock()
		q.out <- e
	}
}
