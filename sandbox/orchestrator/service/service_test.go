package service

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// startProxy starts a Service proxy, closed when the test ends.
func startProxy(t *testing.T) *Proxy {
	t.Helper()
	p, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func backend(t *testing.T, name string) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, name) }))
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get(HeaderVersion)
}

func TestProxyRoundRobinsOverReadyEndpoints(t *testing.T) {
	p := startProxy(t)
	if code, _, _ := get(t, p.URL()+"/invoke"); code != http.StatusServiceUnavailable {
		t.Errorf("no endpoints: status %d, want 503", code)
	}
	a, b := backend(t, "a"), backend(t, "b")
	p.SetEndpoints([]Endpoint{{Pod: "a", Version: "v1", Addr: a.Listener.Addr().String()}, {Pod: "b", Version: "v2", Addr: b.Listener.Addr().String()}})
	var got []string
	for range 4 {
		code, body, ver := get(t, p.URL()+"/invoke")
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		got = append(got, body+ver)
	}
	if fmt.Sprint(got) != "[av1 bv2 av1 bv2]" {
		t.Errorf("answers %v, want round-robin a, b, a, b with versions", got)
	}
	log := p.Log()
	if len(log) != 5 || log[0].Pod != "" || log[1].Pod != "a" || log[4].Status != 200 {
		t.Errorf("log %+v", log)
	}
}

// A dead endpoint the control plane has not removed yet (a lost node): the
// connection is refused, and the request goes on to the next endpoint.
func TestProxyRetriesARefusedConnection(t *testing.T) {
	p := startProxy(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	live := backend(t, "live")
	p.SetEndpoints([]Endpoint{{Pod: "dead", Addr: dead}, {Pod: "live", Addr: live.Listener.Addr().String()}})
	for range 4 {
		if code, body, _ := get(t, p.URL()); code != 200 || body != "live" {
			t.Fatalf("got %d %q, want the live pod's answer", code, body)
		}
	}
	retried := 0
	for _, r := range p.Log() {
		if r.Pod == "dead" {
			if !r.Retried || r.Status != 0 {
				t.Errorf("attempt on the dead pod: %+v", r)
			}
			retried++
		}
	}
	if retried == 0 {
		t.Error("no attempt on the dead pod was logged")
	}
	// A client sees successes, some of them retried: the first try failed.
	tr := StartTraffic(p.URL(), 200)
	deadline := time.Now().Add(5 * time.Second)
	for tr.Stats().OK < 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	tr.Stop()
	if st := tr.Stats(); st.Failed != 0 || st.Retried == 0 || st.Retried > st.OK {
		t.Errorf("traffic through a half-dead Service: %d ok, %d retried, %d failed", st.OK, st.Retried, st.Failed)
	}
}

func TestTrafficCountsOKAndFailed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/invoke" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set(HeaderVersion, "v1")
	}))
	defer srv.Close()
	tr := StartTraffic(srv.URL, 200)
	deadline := time.Now().Add(5 * time.Second)
	for tr.Stats().OK < 20 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	tr.Stop()
	s := tr.Stats()
	if s.OK < 20 || s.Failed != 0 || s.ByVersion["v1"] != s.OK || s.P50 <= 0 || s.P99 < s.P50 {
		t.Errorf("stats %+v", s)
	}
	srv.Close()
	tr = StartTraffic(srv.URL, 200)
	for tr.Stats().Failed < 5 && time.Now().Before(deadline.Add(5*time.Second)) {
		time.Sleep(10 * time.Millisecond)
	}
	tr.Stop()
	if s := tr.Stats(); s.Failed < 5 || s.OK != 0 {
		t.Errorf("against a closed server: %+v", s)
	}
}

// A retry goes to another pod even when concurrent requests have moved the
// round robin on to the pod that refused (the interleaving is set by hand).
func TestRetryAvoidsThePodThatRefused(t *testing.T) {
	p := startProxy(t)
	p.SetEndpoints([]Endpoint{{Pod: "dead", Addr: "127.0.0.1:1"}, {Pod: "live", Addr: "127.0.0.1:2"}})
	for _, step := range []struct{ avoid, want string }{
		{"", "dead"},     // request A's first try
		{"", "live"},     // request B, concurrent
		{"dead", "live"}, // A's retry: dead is next in turn, but it just refused
		{"", "dead"},     // the round robin goes on from there
		{"", "live"},
	} {
		if ep, _, _ := p.pick(step.avoid); ep.Pod != step.want {
			t.Fatalf("pick(avoid %q) = %s, want %s", step.avoid, ep.Pod, step.want)
		}
	}
	p.SetEndpoints([]Endpoint{{Pod: "only", Addr: "127.0.0.1:1"}})
	if ep, _, ok := p.pick("only"); !ok || ep.Pod != "only" {
		t.Errorf("with one endpoint, a retry goes to it again; got %q", ep.Pod)
	}
}
