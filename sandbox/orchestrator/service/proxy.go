// Package service is the data plane of the orchestrator demos: a Service
// (a reverse proxy on 127.0.0.1 that balances round-robin over the ready
// endpoints the control plane gives it) and a steady traffic generator that
// measures what a client of that Service sees.
package service

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// Endpoint is one ready pod behind the Service.
type Endpoint struct {
	Pod     string
	Version string
	Addr    string // host:port on 127.0.0.1
}

// Response headers the proxy adds, so a client knows who answered.
const (
	HeaderPod     = "X-Coldstart-Pod"
	HeaderVersion = "X-Coldstart-Version"
	HeaderRetried = "X-Coldstart-Retried" // "1": the first endpoint refused the connection
)

// Request is one entry of the proxy's request log: one attempt to reach one
// endpoint.
type Request struct {
	At      time.Time // when the endpoint was picked
	Pod     string    // "" when there was no ready endpoint
	Status  int       // HTTP status; 0 when no response came back
	Err     string
	Retried bool // a connection failure sent the request on to the next endpoint
	Latency time.Duration
	Done    bool // false while the request is in flight
}

// RecentRequests bounds the request log: it keeps the newest attempts (at
// 30 requests per second, the last five minutes and more); the counters
// keep the rates for longer runs, at a fixed size.
const RecentRequests = 10_000

// Proxy is a Service: it forwards every request to the next ready endpoint.
// A request whose connection is refused (the pod died but the control plane
// has not noticed yet, as after a node loss) is retried once on the next
// endpoint, as a proxy with connect-failure retries does; a pod dying with
// the request in flight is a failed request.
type Proxy struct {
	mu     sync.Mutex
	eps    []Endpoint
	next   int
	recent []Request // a ring once full: attempt i is at recent[i % RecentRequests]
	seq    int       // attempts logged so far
	counts counters

	client *http.Client
	srv    *http.Server
	ln     net.Listener
	done   chan struct{}
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start() (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{
		ln:   ln,
		done: make(chan struct{}),
		client: &http.Client{
			Timeout: 5 * time.Second,
			Transport: &http.Transport{
				Proxy:               nil,
				DialContext:         (&net.Dialer{Timeout: time.Second}).DialContext,
				MaxIdleConnsPerHost: 32,
				IdleConnTimeout:     30 * time.Second,
			},
		},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		defer close(p.done)
		p.srv.Serve(ln)
	}()
	return p, nil
}

// URL is the Service's address, "http://127.0.0.1:port".
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// SetEndpoints replaces the set of ready endpoints.
func (p *Proxy) SetEndpoints(eps []Endpoint) {
	p.mu.Lock()
	p.eps = append([]Endpoint(nil), eps...)
	p.mu.Unlock()
}

// Endpoints is the current set.
func (p *Proxy) Endpoints() []Endpoint {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Endpoint(nil), p.eps...)
}

// Log is a copy of the request log, oldest first: the last RecentRequests
// attempts.
func (p *Proxy) Log() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := p.seq % RecentRequests
	if len(p.recent) < RecentRequests {
		start = 0
	}
	return append(append(make([]Request, 0, len(p.recent)), p.recent[start:]...), p.recent[:start]...)
}

// Window is what the Service did over the last d of real time (at most
// WindowMax), read from its counters.
func (p *Proxy) Window(d time.Duration) Window {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts.window(time.Now(), d)
}

// pick chooses the next endpoint round-robin, passing over avoid when
// another one is ready, and logs the attempt; it returns the attempt's
// number for finish.
func (p *Proxy) pick(avoid string) (Endpoint, int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := Request{At: time.Now()}
	if len(p.eps) == 0 {
		r.Status = http.StatusServiceUnavailable
		r.Err = "no ready endpoints"
		r.Done = true
		p.logLocked(r)
		p.counts.count(r.At, "", Counts{Failed: 1})
		return Endpoint{}, -1, false
	}
	ep := p.eps[p.next%len(p.eps)]
	p.next++
	// A retry goes to another pod: concurrent requests move the round
	// robin on, so the next one in turn may be the pod that just refused.
	for i := 1; ep.Pod == avoid && i < len(p.eps); i++ {
		ep = p.eps[p.next%len(p.eps)]
		p.next++
	}
	r.Pod = ep.Pod
	return ep, p.logLocked(r), true
}

// logLocked adds r to the log, over the oldest entry once it is full.
func (p *Proxy) logLocked(r Request) int {
	if len(p.recent) < RecentRequests {
		p.recent = append(p.recent, r)
	} else {
		p.recent[p.seq%RecentRequests] = r
	}
	p.seq++
	return p.seq - 1
}

// finish records attempt seq's outcome: in the counters always, in the log
// while the attempt is still in it.
func (p *Proxy) finish(seq int, pod string, status int, err error, retried bool, latency time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var c Counts
	switch {
	case retried:
		c.Retried = 1
	case status == http.StatusOK:
		c.OK = 1
	default:
		c.Failed = 1
	}
	p.counts.count(time.Now(), pod, c)
	if seq < p.seq-len(p.recent) {
		return // a newer attempt took its place in the log
	}
	r := &p.recent[seq%RecentRequests]
	r.Status, r.Retried, r.Latency, r.Done = status, retried, latency, true
	if err != nil {
		r.Err = err.Error()
	}
}

// ServeHTTP forwards one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	refusedBy := ""
	for attempt := 0; attempt < 2; attempt++ {
		ep, idx, ok := p.pick(refusedBy)
		if !ok {
			http.Error(w, "service has no ready endpoints", http.StatusServiceUnavailable)
			return
		}
		start := time.Now()
		resp, err := p.forward(r, ep)
		if err != nil {
			retry := attempt == 0 && refused(err) && r.Context().Err() == nil
			p.finish(idx, ep.Pod, 0, err, retry, time.Since(start))
			if retry {
				refusedBy = ep.Pod
				continue
			}
			http.Error(w, "upstream "+ep.Pod+": "+err.Error(), http.StatusBadGateway)
			return
		}
		for k, vs := range resp.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		w.Header().Set(HeaderPod, ep.Pod)
		w.Header().Set(HeaderVersion, ep.Version)
		if attempt > 0 {
			w.Header().Set(HeaderRetried, "1")
		}
		w.WriteHeader(resp.StatusCode)
		_, cerr := io.Copy(w, resp.Body)
		resp.Body.Close()
		status := resp.StatusCode
		if cerr != nil { // the pod died while sending the body
			status = 0
		}
		p.finish(idx, ep.Pod, status, cerr, false, time.Since(start))
		return
	}
}

func (p *Proxy) forward(r *http.Request, ep Endpoint) (*http.Response, error) {
	out, err := http.NewRequestWithContext(r.Context(), r.Method, "http://"+ep.Addr+r.URL.RequestURI(), nil)
	if err != nil {
		return nil, err
	}
	return p.client.Do(out)
}

// refused reports a connection that was never established: nothing reached
// the pod, so sending the request elsewhere is safe.
func refused(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Close stops serving.
func (p *Proxy) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := p.srv.Shutdown(ctx)
	if err != nil {
		p.srv.Close()
	}
	<-p.done
	p.client.CloseIdleConnections()
	return err
}
