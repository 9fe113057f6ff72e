package docker_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/runtimetest"
)

// The benchmarks measure what the demos show and compare with the docker
// CLI in the same run. scripts/bench-docker runs them and prints a table.
// Run: go test -run '^$' -bench . -benchtime 10x ./sandbox/docker/

// BenchmarkColdStart: a new instance until its first HTTP 200 on /readyz,
// through this runtime and through the docker CLI (`docker run -d`, `docker
// port`, then polling), alternating in one loop so both see the same
// machine load. It reports the medians and their ratio.
func BenchmarkColdStart(b *testing.B) {
	if _, err := exec.LookPath("docker"); err != nil {
		b.Skip("no docker CLI on PATH")
	}
	rt := dockertest.Runtime(b)
	ctx := context.Background()
	// Same image, limits, network and labels as the runtime's containers.
	args := []string{"run", "-d", "-p", "127.0.0.1::8080",
		"--network", "coldstart-" + rt.Session(),
		"--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
		"--user", "65532:65532", "--memory", "256m", "--memory-swap", "256m", "--pids-limit", "128",
		"--label", sandbox.LabelManaged + "=true", "--label", sandbox.LabelSession + "=" + rt.Session(),
		"--label", sandbox.LabelPID + "=" + strconv.Itoa(os.Getpid()),
		"-e", "COLDSTART_WL_ADDR=0.0.0.0", "-e", "COLDSTART_WL_PORT=8080",
		rt.Image().Ref}
	// The same on the default bridge network, as a plain `docker run -d`
	// would: it skips the embedded DNS setup of user-defined networks,
	// which the runtime pays for per-session isolation.
	bridgeArgs := slices.Clone(args)
	bridgeArgs[slices.Index(bridgeArgs, "--network")+1] = "bridge"
	hc := &http.Client{Timeout: 2 * time.Second}
	cliStart := func(args []string) time.Duration {
		t0 := time.Now()
		out, err := exec.Command("docker", args...).Output()
		if err != nil {
			b.Fatalf("docker run: %v", err)
		}
		id := strings.TrimSpace(string(out))
		out, err = exec.Command("docker", "port", id, "8080/tcp").Output()
		if err != nil {
			b.Fatalf("docker port: %v", err)
		}
		addr := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
		for !ready(hc, addr) {
			time.Sleep(5 * time.Millisecond)
		}
		took := time.Since(t0)
		exec.Command("docker", "rm", "-f", id).Run()
		return took
	}
	var ours, cli, cliBridge []time.Duration
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		inst, err := rt.Start(ctx, sandbox.Spec{Name: fmt.Sprint("bench-", i)})
		if err != nil {
			b.Fatal(err)
		}
		if err := rt.WaitReady(ctx, inst.ID); err != nil {
			b.Fatal(err)
		}
		ours = append(ours, time.Since(t0))
		if err := rt.Remove(ctx, inst.ID); err != nil {
			b.Fatal(err)
		}

		cli = append(cli, cliStart(args))
		cliBridge = append(cliBridge, cliStart(bridgeArgs))
	}
	o, c := median(ours), median(cli)
	b.ReportMetric(ms(o), "ms-runtime")
	b.ReportMetric(ms(c), "ms-cli")
	b.ReportMetric(float64(o)/float64(c), "ratio")
	b.ReportMetric(ms(median(cliBridge)), "ms-cli-bridge")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ready(hc *http.Client, addr string) bool {
	resp, err := hc.Get("http://" + addr + "/readyz")
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == 200
}

// BenchmarkWarmRequest: GET /invoke on a ready instance, through the
// published port (docker-proxy), with keep-alive.
func BenchmarkWarmRequest(b *testing.B) {
	lat := runtimetest.WarmLatencies(b, dockertest.Runtime(b), sandbox.Spec{Name: "warm"})
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-p50")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "ms-p99")
}

// BenchmarkKillToExitedEvent: Kill until the exited event is read from
// Events by a reader running alongside, as a demo's is. (The Kill call
// itself returns later: the daemon answers once its cleanup is done.)
func BenchmarkKillToExitedEvent(b *testing.B) {
	rt := dockertest.Runtime(b)
	ctx := context.Background()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		inst, err := rt.Start(ctx, sandbox.Spec{Name: fmt.Sprint("kill-", i)})
		if err != nil {
			b.Fatal(err)
		}
		if err := rt.WaitReady(ctx, inst.ID); err != nil {
			b.Fatal(err)
		}
		drain(rt.Events())
		t0 := time.Now()
		killed := make(chan error, 1)
		go func() { killed <- rt.Kill(ctx, inst.ID) }()
		for e := range rt.Events() {
			if e.ID == inst.ID && e.Type == sandbox.EventExited {
				break
			}
		}
		lat = append(lat, time.Since(t0))
		if err := <-killed; err != nil {
			b.Fatal(err)
		}
		rt.Remove(ctx, inst.ID)
	}
	b.ReportMetric(ms(median(lat)), "ms-median")
	b.ReportMetric(ms(slices.Max(lat)), "ms-max")
}

func drain(c <-chan sandbox.Event) {
	for {
		select {
		case <-c:
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

// BenchmarkImagePrep: preparing the workload image the first time and when
// cached. "first" imports under a fresh tag (then removes that image, only
// ours), so the shared image other tests may be running stays; the daemon
// extracts the whole layer again either way.
func BenchmarkImagePrep(b *testing.B) {
	eng := dockertest.Engine(b)
	ctx := context.Background()
	if _, err := eng.PrepareImage(ctx, nil); err != nil { // builds the binary if needed
		b.Fatal(err)
	}
	b.Run("first", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			img, err := docker.PrepareImageTagged(ctx, eng, fmt.Sprintf("bench-%d-%d", os.Getpid(), i))
			if err != nil {
				b.Fatal(err)
			}
			if img.Cached {
				b.Fatalf("%s was already there", img.Ref)
			}
			b.StopTimer()
			if err := eng.RemoveImage(ctx, img.Ref); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/prep")
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := eng.PrepareImage(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/prep")
	})
}
