package faas

import (
	"context"
	"fmt"
	"net/http"
	"os"
	goruntime "runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/processtest"
	"github.com/coldstart-dev/coldstart/sandbox/runtimetest"
)

// envReader reads the environment a runtime's instance really got.
type envReader func(ctx context.Context, id string) ([]string, error)

// runProvisioned checks provisioned concurrency on rt: environments ready
// before traffic with the function's environment variables, serving without
// Init, outliving the idle timeout, all removed by Close. It logs the first
// request's latency without and with provisioned concurrency.
func runProvisioned(t *testing.T, rt sandbox.Runtime, envOf envReader) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := func(provisioned int) (*Engine, *runtimetest.Tracked, *clock.Virtual) {
		tr := runtimetest.Track(rt)
		clk := clock.NewManual(time.Now())
		cfg := Defaults
		cfg.Concurrency, cfg.Provisioned = 3, provisioned
		cfg.Env = map[string]string{"TABLE_NAME": "orders"}
		e, err := New(tr, clk, cfg)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for range e.Events() {
			}
		}()
		return e, tr, clk
	}
	stop := func(e *Engine, tr *runtimetest.Tracked) {
		if err := e.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
		if n := tr.Alive(); n != 0 {
			t.Errorf("%d environments left in the runtime after Close", n)
		}
	}

	e, tr, _ := start(0)
	cold := e.Invoke(ctx)
	stop(e, tr)
	if cold.Kind != KindCold || cold.Status != StatusOK {
		t.Fatalf("first request without provisioned concurrency: %s/%s %s", cold.Kind, cold.Status, cold.Err)
	}

	e, tr, clk := start(2)
	defer stop(e, tr)
	began := time.Now()
	if err := e.WaitProvisioned(ctx); err != nil {
		t.Fatal(err)
	}
	provisioning := time.Since(began)
	if n := tr.Alive(); n != 2 {
		t.Fatalf("%d environments before traffic, want 2", n)
	}
	if envOf != nil {
		for _, id := range tr.IDs() {
			env, err := envOf(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(env, "TABLE_NAME=orders") {
				t.Errorf("instance %s has no TABLE_NAME=orders in its environment", id)
			}
		}
	}
	warm := e.Invoke(ctx)
	if warm.Kind != KindWarm || !warm.Provisioned || warm.Phases.InitMS != 0 || warm.Status != StatusOK {
		t.Fatalf("first request with provisioned concurrency: %s/%s provisioned %v init %v ms %s",
			warm.Kind, warm.Status, warm.Provisioned, warm.Phases.InitMS, warm.Err)
	}
	var spill Invocation
	for _, inv := range e.Burst(ctx, 3) {
		if !inv.Provisioned {
			spill = inv
		}
	}
	if spill.Kind != KindCold || spill.Status != StatusOK {
		t.Fatalf("third of a burst of 3 on 2 provisioned: %s/%s %s, want a cold start", spill.Kind, spill.Status, spill.Err)
	}
	clk.Advance(Defaults.IdleTimeout + time.Millisecond) // reaps inside Advance
	if n := tr.Alive(); n != 2 {
		t.Errorf("after the idle timeout: %d environments, want the 2 provisioned", n)
	}
	snap := e.Snapshot()
	t.Logf("%s: first request %.1f ms cold without provisioned concurrency (init %.1f ms), %.1f ms on a provisioned environment; "+
		"2 provisioned ready in %v (init %.1f, %.1f ms); spill-over cold start %.1f ms; bill: requests $%.9f, on demand $%.9f, provisioned $%.9f",
		rt.Name(), cold.Phases.TotalMS, cold.Phases.InitMS, warm.Phases.TotalMS,
		provisioning.Round(time.Millisecond), snap.Envs[0].InitMS, snap.Envs[1].InitMS, spill.Phases.TotalMS,
		snap.Stats.RequestsUSD, snap.Stats.OnDemandUSD, snap.Stats.ProvisionedUSD)
}

func TestProvisionedOnDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	rt := dockertest.Runtime(t)
	cli := dockertest.Client(t)
	runProvisioned(t, rt, func(ctx context.Context, id string) ([]string, error) {
		info, err := cli.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
		if err != nil {
			return nil, err
		}
		return info.Container.Config.Env, nil
	})
}

func TestProvisionedOnProcesses(t *testing.T) {
	rt := processtest.Runtime(t)
	var envOf envReader
	if goruntime.GOOS == "linux" { // the workload's own environment, from /proc
		envOf = func(ctx context.Context, id string) ([]string, error) {
			addr, err := rt.Addr(id)
			if err != nil {
				return nil, err
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/stats", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			wr, err := decodeResponse(resp.Body)
			if err != nil {
				return nil, err
			}
			b, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", wr.PID))
			return strings.Split(string(b), "\x00"), err
		}
	}
	runProvisioned(t, rt, envOf)
}
