package workload

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// Response is the JSON body of /invoke and /stats.
type Response struct {
	Version   string  `json:"version"`
	Instance  string  `json:"instance"`
	Hostname  string  `json:"hostname"`
	PID       int     `json:"pid"`
	Count     int64   `json:"count"`      // invocations this instance answered since it started
	Cold      bool    `json:"cold"`       // this was the instance's first invocation
	InitMS    float64 `json:"init_ms"`    // measured start-up work
	HandlerMS float64 `json:"handler_ms"` // measured time in the handler (0 for /stats)
	UptimeMS  float64 `json:"uptime_ms"`  // since the server started listening
	// Counter is where the function keeps its total (EnvCounter): "memory"
	// (Count is the total) or "store" (the caller adds to the shared store).
	Counter string `json:"counter"`
}

// Response headers, so a client can read timings without decoding JSON.
const (
	HeaderInitMS    = "X-Init-Ms"
	HeaderHandlerMS = "X-Handler-Ms"
	HeaderInstance  = "X-Instance"
)

const maxRequestWork = 100_000 // cap for ?work=N

// Server is one running workload: the start-up work done (and measured) by
// NewServer, then the HTTP handlers. Exits the workload asks for (crashes)
// are reported by Serve's return value, so it can run inside a test.
type Server struct {
	cfg      Config
	hostname string
	initDur  time.Duration
	mem      []byte // the resident init memory; held for the life of the server

	listenAt atomic.Pointer[time.Time]
	count    atomic.Int64
	hung     atomic.Bool
	draining atomic.Bool // SIGTERM received, shutdown delayed
	stopping chan struct{}
	exit     chan int // exit codes asked for by /crash and EnvCrashAfter
}

// NewServer does the configured start-up work and measures it. It returns
// early, with the work unfinished, when ctx is done.
func NewServer(ctx context.Context, cfg Config) *Server {
	s := &Server{cfg: cfg, stopping: make(chan struct{}), exit: make(chan int, 1)}
	s.hostname, _ = os.Hostname()
	start := time.Now()
	s.mem = touchMemory(ctx, cfg.InitMemMB)
	burn(ctx, cfg.InitWork, cfg.InitThreads)
	s.initDur = time.Since(start)
	return s
}

// InitDuration is how long the start-up work took.
func (s *Server) InitDuration() time.Duration { return s.initDur }

// Serve answers HTTP on ln until ctx is done (then it drains for
// ShutdownDelayMS, shuts down gracefully and returns 0) or the workload is told to crash (it returns that exit code
// at once, without a graceful shutdown).
func (s *Server) Serve(ctx context.Context, ln net.Listener) int {
	now := time.Now()
	s.listenAt.Store(&now)
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case code := <-s.exit:
		return code
	case err := <-served:
		fmt.Fprintln(os.Stderr, "workload:", err)
		return 1
	case <-ctx.Done():
	}
	if d := time.Duration(s.cfg.ShutdownDelayMS) * time.Millisecond; d > 0 {
		// Drain: keep serving, but tell readiness probes we are going.
		s.draining.Store(true)
		timer := time.NewTimer(d)
		select {
		case code := <-s.exit:
			timer.Stop()
			return code
		case <-timer.C:
		}
	}
	close(s.stopping) // release hanging /healthz calls
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "workload:", err)
	}
	return 0
}

// Handler serves the workload's endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", s.invoke)
	mux.HandleFunc("/invoke", s.invoke)
	mux.HandleFunc("/stats", s.stats)
	mux.HandleFunc("/healthz", s.healthz)
	mux.HandleFunc("/readyz", s.readyz)
	mux.HandleFunc("/hang", s.hang)
	mux.HandleFunc("/crash", s.crash)
	return mux
}

func (s *Server) invoke(w http.ResponseWriter, r *http.Request) {
	if s.warming() {
		http.Error(w, "warming up", http.StatusServiceUnavailable)
		return
	}
	start := time.Now()
	work := s.cfg.RequestWork
	if v := r.URL.Query().Get("work"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxRequestWork {
			http.Error(w, fmt.Sprintf("work=%q: want 0..%d", v, maxRequestWork), http.StatusBadRequest)
			return
		}
		work = n
	}
	burn(r.Context(), work, 1)
	s.cfg.Function.callDependency(r.Context())
	n := s.count.Add(1)
	resp := s.response(n)
	resp.Cold = n == 1
	resp.HandlerMS = ms(time.Since(start))
	s.writeJSON(w, resp)
	if s.cfg.CrashAfter > 0 && n >= int64(s.cfg.CrashAfter) {
		s.exitWith(w, s.cfg.CrashCode)
	}
}

func (s *Server) stats(w http.ResponseWriter, _ *http.Request) {
	s.writeJSON(w, s.response(s.count.Load()))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if s.hung.Load() {
		select {
		case <-r.Context().Done():
		case <-s.stopping:
		}
		return
	}
	if s.warming() && !s.cfg.App.Broken {
		http.Error(w, "warming up", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if !s.ready() {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

func (s *Server) ready() bool {
	if s.cfg.ReadyFail || s.draining.Load() || s.warming() {
		return false
	}
	at := s.listenAt.Load()
	return at != nil && time.Since(*at) >= time.Duration(s.cfg.ReadyDelayMS)*time.Millisecond
}

func (s *Server) hang(w http.ResponseWriter, _ *http.Request) {
	s.hung.Store(true)
	fmt.Fprintln(w, "/healthz now hangs")
}

func (s *Server) crash(w http.ResponseWriter, r *http.Request) {
	code := s.cfg.CrashCode
	if v := r.URL.Query().Get("code"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 255 {
			http.Error(w, fmt.Sprintf("code=%q: want 0..255", v), http.StatusBadRequest)
			return
		}
		code = n
	}
	body := fmt.Sprintf("exiting with code %d\n", code)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	fmt.Fprint(w, body)
	s.exitWith(w, code)
}

// exitWith sends what was written so far, then asks Serve to return code.
func (s *Server) exitWith(w http.ResponseWriter, code int) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	select {
	case s.exit <- code:
	default: // an exit is already on its way
	}
}

func (s *Server) response(count int64) Response {
	var uptime time.Duration
	if at := s.listenAt.Load(); at != nil {
		uptime = time.Since(*at)
	}
	return Response{
		Version:  s.cfg.Version,
		Instance: s.cfg.Name,
		Hostname: s.hostname,
		PID:      os.Getpid(),
		Count:    count,
		InitMS:   ms(s.initDur),
		UptimeMS: ms(uptime),
		Counter:  s.cfg.Function.counter(),
	}
}

func (s *Server) writeJSON(w http.ResponseWriter, resp Response) {
	body, _ := json.Marshal(resp)
	body = append(body, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body))) // complete even if we exit right after
	h.Set(HeaderInitMS, strconv.FormatFloat(resp.InitMS, 'f', 3, 64))
	h.Set(HeaderHandlerMS, strconv.FormatFloat(resp.HandlerMS, 'f', 3, 64))
	h.Set(HeaderInstance, resp.Instance)
	w.Write(body)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
