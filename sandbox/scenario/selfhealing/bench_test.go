package selfhealing

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/process"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// BenchmarkHeal measures self-healing against its baseline in the same run:
// "cold_ms" is one container's cold start on the runtime (Start to ready),
// "heal_ms" a pod kill until its replacement is ready (the ReplicaSet
// noticing, the scheduler, the kubelet, the same cold start), and
// "heal/cold" their ratio (the goal: at most 1.5).
//
//	go test -run '^$' -bench Heal -benchtime 10x ./sandbox/scenario/selfhealing/
func BenchmarkHeal(b *testing.B) {
	b.Run("process", func(b *testing.B) {
		rt, err := process.New(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		defer rt.Close(context.Background())
		benchHeal(b, rt)
	})
	b.Run("docker", func(b *testing.B) { benchHeal(b, dockertest.Runtime(b)) })
}

func benchHeal(b *testing.B, rt sandbox.Runtime) {
	ctx := context.Background()
	env := workload.Light.Env()
	var cold, heal, startup []time.Duration
	// Baseline: single cold starts, outside any cluster.
	for i := range max(3, min(b.N, 10)) {
		start := time.Now()
		inst, err := rt.Start(ctx, sandbox.Spec{Name: fmt.Sprintf("bench-cold-%d", i), Env: env})
		if err != nil {
			b.Fatal(err)
		}
		if err := rt.WaitReady(ctx, inst.ID); err != nil {
			b.Fatal(err)
		}
		cold = append(cold, time.Since(start))
		rt.Remove(ctx, inst.ID)
	}
	cfg := Defaults().Config()
	cfg.TrafficRate = -1
	c, err := orchestrator.New(rt, clock.NewScaled(Defaults().TimeScale), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(context.Background())
	wctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	b.ResetTimer()
	for range b.N {
		if _, err := RunStep(wctx, c, StepKillPod); err != nil {
			b.Fatal(err)
		}
		s := c.Snapshot()
		h := s.Heals[len(s.Heals)-1]
		heal = append(heal, h.Duration)
		if p, ok := snapshotPod(s, h.Replacement); ok {
			startup = append(startup, p.StartupTime)
		}
	}
	b.StopTimer()
	b.Logf("cold %v heal %v (of which the replacement's own start to ready %v)", cold, heal, startup)
	coldMS, healMS := medianMS(cold), medianMS(heal)
	b.ReportMetric(coldMS, "cold_ms")
	b.ReportMetric(healMS, "heal_ms")
	b.ReportMetric(healMS/coldMS, "heal/cold")
	b.ReportMetric(medianMS(startup), "replacement_start_ms")
}

func medianMS(ds []time.Duration) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[len(s)/2].Microseconds()) / 1000
}
