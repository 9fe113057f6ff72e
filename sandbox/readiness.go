package sandbox

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// ErrExited means the instance exited while we waited for it to be ready.
var ErrExited = errors.New("exited before it was ready")

// ReadyCheck is the HTTP readiness check both runtimes wait on. A TCP
// connect is not enough: docker-proxy, and the socket the process runtime
// opens for its child, accept connections before the workload serves.
type ReadyCheck struct {
	Client *http.Client    // its Timeout bounds each attempt
	Addr   string          // host:port of the instance; empty never answers
	Exited <-chan struct{} // closed when the instance's run ends
	// Broken, if set, is asked before every attempt: an error means the
	// runtime can no longer tell when the instance exits, so waiting stops.
	Broken func() error
	// Pause is the wait between attempts; it grows ×1.5 after each one up
	// to MaxPause (or stays put when MaxPause is not larger).
	Pause, MaxPause time.Duration
}

// Wait polls GET /readyz until it answers 200 OK and returns nil. It
// returns ErrExited once Exited is closed, the error of Broken, or ctx's.
func (c ReadyCheck) Wait(ctx context.Context) error {
	pause := c.Pause
	for {
		if c.Broken != nil {
			if err := c.Broken(); err != nil {
				return err
			}
		}
		if c.ready(ctx) {
			return nil
		}
		timer := time.NewTimer(pause)
		select {
		case <-c.Exited:
			timer.Stop()
			return ErrExited
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		pause = max(c.Pause, min(pause*3/2, c.MaxPause))
	}
}

// ready makes one attempt.
func (c ReadyCheck) ready(ctx context.Context) bool {
	if c.Addr == "" {
		return false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+c.Addr+"/readyz", nil)
	if err != nil {
		return false
	}
	resp, err := c.Client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
