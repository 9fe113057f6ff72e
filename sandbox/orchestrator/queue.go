package orchestrator

// The stream of updates to the one reader.

import "sync"

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

// maxFolded bounds the events folded into the last queued update for a
// reader that stopped reading (minutes of a busy control plane): it keeps
// between maxFolded and twice that; older ones are counted in
// Update.Dropped.
const maxFolded = 2000

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
		if extra := len(last.Events) - maxFolded; len(last.Events) > 2*maxFolded { // trim now and then, not every push
			last.Events = append(last.Events[:0:0], last.Events[extra:]...)
			last.Dropped += extra
		}
		last.Dropped += u.Dropped
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
