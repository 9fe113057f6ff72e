package faas

import (
	"context"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// initProbe is one configuration whose cold-start init is measured.
type initProbe struct {
	name     string
	profile  Profile
	memoryMB int
}

// measureInits makes rounds cold starts of each probe, one at a time and
// interleaved (so a busy machine slows every probe alike), and returns the
// median workload-measured init and end-to-end cold latency of each.
func measureInits(tb testing.TB, rt sandbox.Runtime, probes []initProbe, rounds int) (initP50, coldP50 map[string]float64) {
	e, err := New(rt, clock.NewManual(time.Now()), Defaults)
	if err != nil {
		tb.Fatal(err)
	}
	defer e.Close(context.Background())
	go func() {
		for range e.Events() {
		}
	}()
	inits, colds := map[string]*samples{}, map[string]*samples{}
	for _, p := range probes {
		inits[p.name], colds[p.name] = &samples{}, &samples{}
	}
	ctx := context.Background()
	for range rounds {
		for _, p := range probes {
			cfg := e.Config()
			cfg.Profile, cfg.MemoryMB = p.profile, p.memoryMB
			cfg.Timeout = time.Minute
			if err := e.Configure(cfg); err != nil { // a new version: the next request is cold
				tb.Fatal(err)
			}
			inv := e.Invoke(ctx)
			if inv.Kind != KindCold || inv.Status != StatusOK {
				tb.Fatalf("%s: %s/%s %s", p.name, inv.Kind, inv.Status, inv.Err)
			}
			inits[p.name].add(inv.Phases.InitMS)
			colds[p.name].add(inv.Phases.TotalMS)
		}
	}
	initP50, coldP50 = map[string]float64{}, map[string]float64{}
	for name := range inits {
		initP50[name], coldP50[name] = inits[name].p50(), colds[name].p50()
	}
	return initP50, coldP50
}

// BenchmarkColdStartDocker measures, on the docker backend, how much slower
// the heavy profile's init is than the light one (at one vCPU), and how much
// faster CPU-bound init gets with more memory (CPU in proportion: 128 MB is
// 0.072 vCPU, 1769 MB one vCPU). Run it with
//
//	go test -run '^$' -bench ColdStartDocker -benchtime 1x ./sandbox/faas
func BenchmarkColdStartDocker(b *testing.B) {
	rt := dockertest.Runtime(b)
	benchColdStart(b, rt)
}

// BenchmarkColdStartProcess is the same on the process backend, which cannot
// enforce CPU limits: memory should make no difference there.
func BenchmarkColdStartProcess(b *testing.B) {
	rt, err := process.New(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close(context.Background())
	benchColdStart(b, rt)
}

// benchColdStart measures the init and cold-start p50 of the light and
// heavy profiles at one vCPU and of the light one at 128 MB on rt.
func benchColdStart(b *testing.B, rt sandbox.Runtime) {
	probes := []initProbe{
		{"light-1769", Light, 1769},
		{"heavy-1769", Heavy, 1769},
		{"light-128", Light, 128},
	}
	for b.Loop() {
		initP50, coldP50 := measureInits(b, rt, probes, 5)
		for _, p := range probes {
			b.Logf("%-11s init p50 %7.1f ms, cold start p50 %7.1f ms", p.name, initP50[p.name], coldP50[p.name])
		}
		b.ReportMetric(initP50["heavy-1769"]/initP50["light-1769"], "heavy/light-init")
		b.ReportMetric(initP50["light-128"]/initP50["light-1769"], "128MB/1769MB-init")
		b.ReportMetric(initP50["light-1769"], "light-init-ms")
	}
}
