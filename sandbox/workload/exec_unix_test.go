//go:build unix

package workload

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// startSelf runs this test binary as the workload (see TestMain).
func startSelf(t *testing.T, env ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(os.Args[0])
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "WORKLOAD_TEST_AS_WORKLOAD=1", "GORACE=atexit_sleep_ms=0", EnvAddr+"=127.0.0.1", EnvPort+"="+strconv.Itoa(port), EnvName+"=exec-1")
	cmd.Env = append(cmd.Env, env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, "http://127.0.0.1:" + strconv.Itoa(port), &stderr
}

func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(20 * time.Second):
		t.Fatal("workload did not exit")
		return -1
	}
}

func waitReady(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("workload never became ready")
}

func TestExecSIGTERMExitsZero(t *testing.T) {
	cmd, url, stderr := startSelf(t, EnvInitWork+"=3")
	waitReady(t, url)
	resp, err := http.Get(url + "/invoke")
	if err != nil {
		t.Fatal(err)
	}
	var r Response
	json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if r.PID != cmd.Process.Pid || r.Instance != "exec-1" || r.InitMS <= 0 {
		t.Errorf("response %+v from pid %d", r, cmd.Process.Pid)
	}
	t0 := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	defer func() { t.Logf("exit after SIGTERM took %v", time.Since(t0)) }()
	if code := waitExit(t, cmd); code != 0 {
		t.Errorf("exit code after SIGTERM = %d, want 0; stderr: %s", code, stderr)
	}
}

func TestExecCrashOnStart(t *testing.T) {
	cmd, _, stderr := startSelf(t, EnvCrashOnStart+"=5")
	if code := waitExit(t, cmd); code != 5 {
		t.Errorf("exit code = %d, want 5", code)
	}
	if !bytes.Contains(stderr.Bytes(), []byte("crashing on start")) {
		t.Errorf("stderr does not say why: %q", stderr)
	}
}

func TestExecBadConfigExits2(t *testing.T) {
	cmd, _, stderr := startSelf(t, EnvInitWork+"=lots")
	if code := waitExit(t, cmd); code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	if !bytes.Contains(stderr.Bytes(), []byte(EnvInitWork)) {
		t.Errorf("stderr does not name the variable: %q", stderr)
	}
}

func TestExecServesOnAnInheritedListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WORKLOAD_TEST_AS_WORKLOAD=1", "GORACE=atexit_sleep_ms=0", EnvListenFD+"=3", EnvName+"=fd-1")
	cmd.ExtraFiles = []*os.File{f}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ln.Close() // the child holds its own copy
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	waitReady(t, "http://"+ln.Addr().String())
	cmd.Process.Signal(syscall.SIGTERM)
	if code := waitExit(t, cmd); code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
}
