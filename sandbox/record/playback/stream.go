package playback

import "sync"

// stream is an engine's one stream of updates: the deck pushes without
// ever blocking (a seek's catch-up may be thousands of cold-start events),
// the view's pump reads them in order from C.
type stream[U any] struct {
	c    chan U
	mu   sync.Mutex
	q    []U
	wake chan struct{} // a push happened
	done chan struct{} // closed by close
	once sync.Once
}

func newStream[U any]() *stream[U] {
	s := &stream[U]{c: make(chan U), wake: make(chan struct{}, 1), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *stream[U]) push(us ...U) {
	if len(us) == 0 {
		return
	}
	s.mu.Lock()
	s.q = append(s.q, us...)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// run hands the queue to C in order until close, then closes C.
func (s *stream[U]) run() {
	defer close(s.c)
	for {
		s.mu.Lock()
		q := s.q
		s.q = nil
		s.mu.Unlock()
		for _, u := range q {
			select {
			case s.c <- u:
			case <-s.done:
				return
			}
		}
		select {
		case <-s.wake:
		case <-s.done:
			return
		}
	}
}

func (s *stream[U]) close() { s.once.Do(func() { close(s.done) }) }
