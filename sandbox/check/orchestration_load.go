package check

// The exercise's traffic: `load N` and `burst N` send real requests to the
// Service and keep every outcome, for the request measurements.

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// answerWithin is how long a request may take before it counts as failed.
const answerWithin = 2 * time.Second

// outcome is one request: when it was sent (control-plane time, like
// every moment the measurements compare) and how it ended.
type outcome struct {
	sent    time.Time
	ok      bool
	latency time.Duration // real
}

// serviceLoad sends the requests through the Service and keeps their
// outcomes.
type serviceLoad struct {
	url    string // "" when the files hold no Service: every request fails
	now    func() time.Time
	client *http.Client

	mu       sync.Mutex
	outcomes []outcome
	stopRate chan struct{} // closed to stop the current `load` ticker
	inFlight sync.WaitGroup
}

func newServiceLoad(url string, now func() time.Time) *serviceLoad {
	return &serviceLoad{url: url, now: now, client: &http.Client{
		Timeout: answerWithin,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: time.Second}).DialContext,
			MaxIdleConnsPerHost: 64,
		},
	}}
}

// setRate sends rate requests per second (real time) from now until stop,
// replacing an earlier rate.
func (l *serviceLoad) setRate(rate int) {
	l.mu.Lock()
	if l.stopRate != nil {
		close(l.stopRate)
	}
	stop := make(chan struct{})
	l.stopRate = stop
	l.mu.Unlock()
	l.inFlight.Add(1)
	go func() {
		defer l.inFlight.Done()
		tick := time.NewTicker(time.Second / time.Duration(rate))
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				l.inFlight.Add(1)
				go func() { defer l.inFlight.Done(); l.one() }()
			}
		}
	}()
}

// burst sends n requests at once and returns once all are answered (or
// timed out).
func (l *serviceLoad) burst(ctx context.Context, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		l.inFlight.Add(1)
		go func() { defer wg.Done(); defer l.inFlight.Done(); l.one() }()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func (l *serviceLoad) one() {
	o := outcome{sent: l.now()}
	begin := time.Now()
	if l.url != "" {
		resp, err := l.client.Get(l.url + "/invoke")
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			o.ok = err == nil && resp.StatusCode == http.StatusOK
		}
	}
	o.latency = time.Since(begin)
	l.mu.Lock()
	l.outcomes = append(l.outcomes, o)
	l.mu.Unlock()
}

// stop ends the load and waits for the requests in flight; it returns
// every outcome, in the order they ended.
func (l *serviceLoad) stop() []outcome {
	l.mu.Lock()
	if l.stopRate != nil {
		close(l.stopRate)
		l.stopRate = nil
	}
	l.mu.Unlock()
	l.inFlight.Wait() // each request ends within answerWithin
	l.client.CloseIdleConnections()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.outcomes
}
