package sandbox_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
)

func TestReadyCheckWait(t *testing.T) {
	errBroken := errors.New("event stream broken")
	for _, tc := range []struct {
		name     string
		refuse   int             // dials refused before the server is reached
		status   func(n int) int // the answer to the n-th request (from 1)
		exitAt   int             // the instance exits during this request (0: never)
		broken   error
		deadline time.Duration // a short ctx deadline (0: the test's hang guard)
		want     error
		requests int // requests served, checked when the wait ended at a 200
	}{
		{name: "ready at once", status: always(200), requests: 1},
		{name: "ready after 3 attempts", status: okFrom(3), requests: 3},
		{name: "connection refused then ready", refuse: 2, status: always(200), requests: 1},
		{name: "never ready until the ctx deadline", status: always(503), deadline: 50 * time.Millisecond, want: context.DeadlineExceeded},
		{name: "exits before it is ready", status: always(503), exitAt: 2, want: sandbox.ErrExited},
		{name: "runtime broken", status: always(200), broken: errBroken, want: errBroken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exited := make(chan struct{})
			var requests atomic.Int32
			var exitOnce sync.Once
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(requests.Add(1))
				if r.URL.Path != "/readyz" {
					t.Errorf("GET %s, want /readyz", r.URL.Path)
				}
				if n == tc.exitAt {
					exitOnce.Do(func() { close(exited) })
				}
				w.WriteHeader(tc.status(n))
			}))
			defer srv.Close()

			var dials atomic.Int32
			tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				if int(dials.Add(1)) <= tc.refuse {
					// What dialing a port nobody listens on returns.
					return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
				}
				return (&net.Dialer{}).DialContext(ctx, network, addr)
			}}
			defer tr.CloseIdleConnections()

			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			if tc.deadline > 0 {
				ctx, cancel = context.WithTimeout(t.Context(), tc.deadline)
			}
			defer cancel()
			check := sandbox.ReadyCheck{
				Client: &http.Client{Transport: tr, Timeout: time.Second},
				Addr:   srv.Listener.Addr().String(),
				Exited: exited,
				Pause:  time.Millisecond, MaxPause: 5 * time.Millisecond,
			}
			if tc.broken != nil {
				check.Broken = func() error { return tc.broken }
			}

			err := check.Wait(ctx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Wait = %v, want %v", err, tc.want)
			}
			if tc.want == nil && int(requests.Load()) != tc.requests {
				t.Errorf("%d requests served, want %d", requests.Load(), tc.requests)
			}
			if tc.broken != nil && requests.Load() != 0 {
				t.Errorf("%d requests to a runtime that is broken, want none", requests.Load())
			}
			if want := tc.refuse + 1; tc.refuse > 0 && int(dials.Load()) != want {
				t.Errorf("%d dials, want %d (%d refused, then the server)", dials.Load(), want, tc.refuse)
			}
		})
	}
}

func always(code int) func(int) int { return func(int) int { return code } }

// okFrom answers 503 until the n-th request, then 200.
func okFrom(n int) func(int) int {
	return func(i int) int {
		if i < n {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	}
}
