package orchestrator

import "sync"

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

// stream delivers updates to one reader without ever blocking the loop.
// Close ends the delivery at once: updates still queued are dropped.
//
// A reader that keeps up sees every state the control plane went through.
// One that falls behind is never left further behind than maxLag updates:
// refreshes without events are dropped, and changes are folded into the
// last queued update (its events kept, its snapshot replaced by the newer).
type stream struct {
	mu   sync.Mutex
	cond *sync.Cond
	buf  []Update
	quit chan struct{}
	out  chan Update
}

func newStream() *stream {
	s := &stream{out: make(chan Update), quit: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.deliver()
	return s
}

func (s *stream) isClosed() bool {
	select {
	case <-s.quit:
		return true
	default:
		return false
	}
}

// maxLag is how many updates may wait for a slow reader before changes are
// folded together (a fraction of a second of a busy control plane).
const maxLag = 32

// push queues u: refresh marks the periodic refresh, which carries no state
// change the next update does not carry too.
func (s *stream) push(u Update, refresh bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch n := len(s.buf); {
	case s.isClosed():
		return
	case refresh && len(u.Events) == 0 && n > 2:
		return
	case n >= maxLag:
		last := &s.buf[n-1]
		last.Events = append(last.Events, u.Events...)
		last.Snapshot = u.Snapshot
		return
	}
	s.buf = append(s.buf, u)
	s.cond.Signal()
}

func (s *stream) close() {
	s.mu.Lock()
	if !s.isClosed() {
		close(s.quit)
	}
	s.cond.Signal()
	s.mu.Unlock()
}

func (s *stream) deliver() {
	defer close(s.out)
	for {
		s.mu.Lock()
		for len(s.buf) == 0 && !s.isClosed() {
			s.cond.Wait()
		}
		if s.isClosed() {
			s.mu.Unlock()
			return
		}
		u := s.buf[0]
		s.buf = s.buf[1:]
		s.mu.Unlock()
		select {
		case s.out <- u:
		case <-s.quit:
			return
		}
	}
}
