package workload

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"reflect"
	"testing"
	"time"
)

// TestMain lets the test binary act as the workload when re-executed, so
// tests can exercise real exits and signals without building anything.
func TestMain(m *testing.M) {
	if os.Getenv("WORKLOAD_TEST_AS_WORKLOAD") == "1" {
		os.Exit(Main(context.Background()))
	}
	os.Exit(m.Run())
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    func(*Config)
		wantErr bool
	}{
		{name: "defaults", env: map[string]string{EnvName: "a"}, want: func(c *Config) {}},
		{name: "ip", env: map[string]string{EnvName: "a", EnvAddr: "127.0.0.1", EnvPort: "9000"},
			want: func(c *Config) { c.Addr = "127.0.0.1:9000" }},
		{name: "host:port", env: map[string]string{EnvName: "a", EnvAddr: "127.0.0.1:7"},
			want: func(c *Config) { c.Addr = "127.0.0.1:7" }},
		{name: "ipv6", env: map[string]string{EnvName: "a", EnvAddr: "::1", EnvPort: "9"},
			want: func(c *Config) { c.Addr = "[::1]:9" }},
		{name: "knobs", env: map[string]string{EnvName: "a", EnvVersion: "v2", EnvInitWork: "30", EnvInitThreads: "2",
			EnvInitMemMB: "8", EnvRequestWork: "1", EnvReadyDelayMS: "50", EnvReadyFail: "true",
			EnvCrashOnStart: "4", EnvCrashAfter: "3", EnvCrashCode: "9"},
			want: func(c *Config) {
				c.Version, c.InitWork, c.InitThreads, c.InitMemMB, c.RequestWork = "v2", 30, 2, 8, 1
				c.ReadyDelayMS, c.ReadyFail, c.CrashOnStart, c.CrashAfter, c.CrashCode = 50, true, 4, 3, 9
			}},
		{name: "negative", env: map[string]string{EnvName: "a", EnvInitWork: "-1"}, wantErr: true},
		{name: "words", env: map[string]string{EnvName: "a", EnvCrashAfter: "many"}, wantErr: true},
		{name: "port range", env: map[string]string{EnvName: "a", EnvPort: "70000"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr {
				if err == nil {
					t.Fatalf("FromEnv(%v) = %+v, want an error", tt.env, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := Config{Addr: "0.0.0.0:8080", Name: "a", Version: "v1", InitThreads: 1, CrashCode: 1}
			tt.want(&want)
			if got != want {
				t.Errorf("FromEnv(%v)\n got %+v\nwant %+v", tt.env, got, want)
			}
		})
	}
}

func TestEnvRoundTrip(t *testing.T) {
	for _, c := range []Config{Light, Heavy, {Name: "n", Version: "v3", RequestWork: 2, ReadyFail: true, CrashAfter: 5, CrashCode: 3}} {
		env := c.Env()
		got, err := FromEnv(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		got.Addr = ""
		want := c
		if want.Name == "" {
			want.Name = got.Name // the hostname
		}
		if want.Version == "" {
			want.Version = "v1"
		}
		want.InitThreads = max(1, want.InitThreads)
		if want.CrashCode == 0 {
			want.CrashCode = 1
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("FromEnv(%+v.Env())\n got %+v\nwant %+v", c, got, want)
		}
	}
}

// serve runs a Server in this process and returns its base URL and a channel
// that delivers Serve's exit code.
func serve(t *testing.T, ctx context.Context, cfg Config) (*Server, string, <-chan int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Name == "" {
		cfg.Name = "test-1"
	}
	s := NewServer(ctx, cfg)
	code := make(chan int, 1)
	go func() { code <- s.Serve(ctx, ln) }()
	return s, "http://" + ln.Addr().String(), code
}

func get(t *testing.T, url string) (*http.Response, Response) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r Response
	if resp.Header.Get("Content-Type") == "application/json" {
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return resp, r
}

func waitCode(t *testing.T, code <-chan int) int {
	t.Helper()
	select {
	case c := <-code:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("the workload did not exit")
		return -1
	}
}

func TestInvokeCountsAndReportsMeasuredInit(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	s, url, code := serve(t, ctx, Config{Version: "v7", InitWork: 5, InitMemMB: 2, RequestWork: 1, CrashCode: 1})
	if s.InitDuration() <= 0 {
		t.Fatalf("InitDuration = %v after 5 units of work", s.InitDuration())
	}
	for i, path := range []string{"/invoke", "/", "/invoke?work=2"} {
		resp, r := get(t, url+path)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		if r.Count != int64(i+1) || r.Cold != (i == 0) {
			t.Errorf("GET %s: count %d cold %v, want %d %v", path, r.Count, r.Cold, i+1, i == 0)
		}
		if r.Version != "v7" || r.Instance != "test-1" || r.PID != os.Getpid() || r.Hostname == "" {
			t.Errorf("GET %s: identity %+v", path, r)
		}
		if r.InitMS <= 0 || r.HandlerMS <= 0 || resp.Header.Get(HeaderInitMS) == "" || resp.Header.Get(HeaderInstance) != "test-1" {
			t.Errorf("GET %s: timings not reported: %+v %v", path, r, resp.Header)
		}
	}
	if _, r := get(t, url+"/stats"); r.Count != 3 || r.HandlerMS != 0 {
		t.Errorf("/stats = %+v, want count 3 without work", r)
	}
	if resp, _ := get(t, url+"/invoke?work=x"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("/invoke?work=x: %s, want 400", resp.Status)
	}
	cancel()
	if c := waitCode(t, code); c != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", c)
	}
}

func TestReadiness(t *testing.T) {
	t.Run("fails for ever", func(t *testing.T) {
		_, url, _ := serve(t, t.Context(), Config{ReadyFail: true})
		if resp, _ := get(t, url+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("/readyz = %s, want 503", resp.Status)
		}
		if resp, _ := get(t, url+"/healthz"); resp.StatusCode != 200 {
			t.Errorf("/healthz = %s, want 200", resp.Status)
		}
	})
	t.Run("after a delay", func(t *testing.T) {
		_, url, _ := serve(t, t.Context(), Config{ReadyDelayMS: 300})
		if resp, _ := get(t, url+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("/readyz right after start = %s, want 503", resp.Status)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			resp, _ := get(t, url+"/readyz")
			if resp.StatusCode == 200 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("/readyz never became 200")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

func TestCrashAfterAnswersThenExits(t *testing.T) {
	_, url, code := serve(t, t.Context(), Config{CrashAfter: 2, CrashCode: 42})
	if resp, r := get(t, url+"/invoke"); resp.StatusCode != 200 || r.Count != 1 {
		t.Fatalf("first call: %s %+v", resp.Status, r)
	}
	select {
	case c := <-code:
		t.Fatalf("exited with %d after one call", c)
	default:
	}
	if resp, r := get(t, url+"/invoke"); resp.StatusCode != 200 || r.Count != 2 {
		t.Fatalf("second call: %s %+v", resp.Status, r)
	}
	if c := waitCode(t, code); c != 42 {
		t.Errorf("exit code = %d, want 42", c)
	}
}

func TestCrashEndpoint(t *testing.T) {
	_, url, code := serve(t, t.Context(), Config{CrashCode: 1})
	if resp, _ := get(t, url+"/crash?code=300"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("/crash?code=300: %s, want 400", resp.Status)
	}
	if resp, _ := get(t, url+"/crash?code=7"); resp.StatusCode != 200 {
		t.Errorf("/crash?code=7: %s", resp.Status)
	}
	if c := waitCode(t, code); c != 7 {
		t.Errorf("exit code = %d, want 7", c)
	}
}

func TestHangBreaksLivenessButNotShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	_, url, code := serve(t, ctx, Config{})
	get(t, url+"/hang")
	client := &http.Client{Timeout: 200 * time.Millisecond}
	resp, err := client.Get(url + "/healthz")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("/healthz answered %s after /hang, want no answer", resp.Status)
	}
	var uerr interface{ Timeout() bool }
	if !errors.As(err, &uerr) || !uerr.Timeout() {
		t.Fatalf("/healthz after /hang: %v, want a timeout", err)
	}
	// A hanging probe in flight must not hold up the graceful shutdown.
	go client.Get(url + "/healthz")
	cancel()
	if c := waitCode(t, code); c != 0 {
		t.Errorf("exit code = %d, want 0", c)
	}
}

func BenchmarkWorkUnit(b *testing.B) {
	for b.Loop() {
		burn(context.Background(), 1, 1)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/unit")
}

func TestDrainKeepsServingButIsNotReady(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	_, url, code := serve(t, ctx, Config{ShutdownDelayMS: 60_000})
	cancel() // as SIGTERM would
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, _ := get(t, url+"/readyz")
		if resp.StatusCode == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("/readyz still 200 after SIGTERM")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if resp, r := get(t, url+"/invoke"); resp.StatusCode != 200 || r.Count != 1 {
		t.Errorf("/invoke while draining: %s %+v, want served", resp.Status, r)
	}
	get(t, url+"/crash?code=9") // end the drain early
	if c := waitCode(t, code); c != 9 {
		t.Errorf("exit code = %d, want 9", c)
	}
}
