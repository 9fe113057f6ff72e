package workload

import (
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestReadApp(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want App
		errs int
	}{
		{"unset", nil, App{}, 0},
		{"a level", map[string]string{EnvLogLevel: "warn"}, App{LogLevel: "warn"}, 0},
		{"a bad level", map[string]string{EnvLogLevel: "verbose"},
			App{LogLevel: "verbose", BadStart: "LOG_LEVEL=verbose: want debug, info, warn or error"}, 0},
		{"args beat env", map[string]string{EnvLogLevel: "verbose", EnvWarmupSeconds: "9", EnvArgs: `["--log-level=debug","--warmup-seconds","2"]`},
			App{LogLevel: "debug", Warmup: 2 * time.Second}, 0},
		{"an unknown arg", map[string]string{EnvArgs: `["--port=1"]`},
			App{BadStart: `unknown argument "--port=1": want --log-level or --warmup-seconds`}, 0},
		{"warm-up in real seconds", map[string]string{EnvWarmupSeconds: "3"}, App{Warmup: 3 * time.Second}, 0},
		{"warm-up on a clock x10", map[string]string{EnvWarmupSeconds: "3", EnvTimeScale: "10"}, App{Warmup: 300 * time.Millisecond}, 0},
		{"broken", map[string]string{EnvBroken: "1"}, App{Broken: true}, 0},
		{"bad numbers", map[string]string{EnvWarmupSeconds: "soon", EnvTimeScale: "0"}, App{}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := readApp(func(k string) string { return tt.env[k] })
			if got != tt.want || len(errs) != tt.errs {
				t.Errorf("readApp = %+v, %q; want %+v with %d errors", got, errs, tt.want, tt.errs)
			}
		})
	}
}

// A warming app answers 503 everywhere but serves once warmed up; a broken
// one answers 503 for ever but stays alive.
func TestWarmupAndBroken(t *testing.T) {
	tests := []struct {
		name     string
		app      App
		wantNow  map[string]int
		warmedUp bool // the statuses become 200 after the warm-up
	}{
		{"warming", App{Warmup: 300 * time.Millisecond}, map[string]int{"/invoke": 503, "/readyz": 503, "/healthz": 503}, true},
		{"broken", App{Broken: true}, map[string]int{"/invoke": 503, "/readyz": 503, "/healthz": 200}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, url, _ := serve(t, t.Context(), Config{App: tt.app})
			for path, want := range tt.wantNow {
				if resp, _ := get(t, url+path); resp.StatusCode != want {
					t.Errorf("%s = %s, want %d", path, resp.Status, want)
				}
			}
			if !tt.warmedUp {
				return
			}
			time.Sleep(tt.app.Warmup) // the app's own timer, not a synchronisation
			for path := range tt.wantNow {
				if resp, _ := get(t, url+path); resp.StatusCode != http.StatusOK {
					t.Errorf("%s after the warm-up = %s, want 200", path, resp.Status)
				}
			}
		})
	}
}

// A bad LOG_LEVEL makes the app exit 1 at start, saying why.
func TestBadLogLevelExits1(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WORKLOAD_TEST_AS_WORKLOAD=1", EnvLogLevel+"=verbose", EnvAddr+"=127.0.0.1", EnvPort+"=0")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit = %v, want code 1 (%s)", err, out)
	}
	if !strings.Contains(string(out), "LOG_LEVEL=verbose: want debug, info, warn or error") {
		t.Errorf("output %q does not say why", out)
	}
}
