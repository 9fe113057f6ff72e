package orchestrator

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/process"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// BenchmarkSoak runs each orchestration demo's setup for an hour of
// control-plane time under real traffic on the process runtime, with its
// disruptions now and then, and checks that the tool's memory levels off:
// RSS after a GC at 1, 10, 30 and 60 simulated minutes, and its growth
// after the first 10 (at most 10%). Timers run x60, so each setup takes
// about a minute of real time.
//
//	scripts/soak   # go test -run '^$' -bench Soak -benchtime 1x ./sandbox/orchestrator/
func BenchmarkSoak(b *testing.B) {
	for _, sc := range soakScenarios {
		b.Run(sc.name, func(b *testing.B) {
			for range b.N {
				runSoak(b, sc)
			}
		})
	}
}

const (
	soakScale     = 60
	soakMaxGrowth = 0.10
)

// soakMarks are the simulated minutes RSS is read at; growth is from the
// second to the last.
var soakMarks = []time.Duration{time.Minute, 10 * time.Minute, 30 * time.Minute, 60 * time.Minute}

var soakWorkload = workload.Config{InitWork: workload.Light.InitWork, InitMemMB: workload.Light.InitMemMB, ReadyDelayMS: 250}

// soakScenario is one demo's setup: its cluster, what it starts once the
// cluster has settled, and the disruption it makes every so often
// (control-plane time); act's i counts the disruptions.
type soakScenario struct {
	name  string
	cfg   Config
	setup func(c *Cluster) error
	every time.Duration
	act   func(c *Cluster, i int) error
}

var soakScenarios = []soakScenario{
	{
		// A pod killed every minute, and a node every quarter of an hour
		// (nodes do not come back: 4 of the 6 die).
		name: "self-healing", cfg: Config{Replicas: 3, Nodes: 6}, every: time.Minute,
		act: func(c *Cluster, i int) error {
			if i%15 == 14 {
				_, err := c.KillNode("")
				return err
			}
			_, err := c.KillPod("")
			return err
		},
	},
	{
		// A new version every 2 minutes, rolled back half the time.
		name: "rolling-deploy", cfg: Config{Replicas: 3}, every: 2 * time.Minute,
		act: func(c *Cluster, i int) error {
			if i%2 == 1 {
				_, err := c.Undo(0)
				return err
			}
			t := c.Template()
			t.Version = "v" + strconv.Itoa(i+2)
			return c.SetTemplate(t)
		},
	},
	{
		// The load up and down every 5 minutes: scale out, and in after the
		// 300 s window.
		name: "autoscaling", cfg: Config{Replicas: 1, TrafficRate: 6}, every: 5 * time.Minute,
		setup: func(c *Cluster) error {
			return c.Autoscale(HPASpec{MinReplicas: 1, MaxReplicas: 6, Target: 10}, "rps")
		},
		act: func(c *Cluster, i int) error {
			if i%2 == 0 {
				return c.SetLoad(45, 0)
			}
			return c.SetLoad(6, 0)
		},
	},
}

func runSoak(b *testing.B, sc soakScenario) {
	ctx := context.Background()
	rt, err := process.New(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close(ctx)
	clk := clock.NewScaled(soakScale)
	cfg := sc.cfg
	cfg.Template = Template{Env: soakWorkload.Env()}
	c, err := New(rt, clk, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := c.Close(cctx); err != nil {
			b.Errorf("Close: %v", err)
		}
	}()
	events := make(chan int, 1)
	go func() { // a view's reader: every update is read
		n := 0
		for u := range c.Updates() {
			n += len(u.Events)
		}
		events <- n
	}()
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if _, err := c.WaitFor(wctx, func(s *Snapshot) bool { return s.Settled && s.Traffic.Rate > 0 }); err != nil {
		b.Fatalf("the first rollout: %v", err)
	}
	if sc.setup != nil {
		if err := sc.setup(c); err != nil {
			b.Fatal(err)
		}
	}

	start := clk.Now()
	var rss []float64 // MB, at soakMarks
	acts, failed := 0, map[string]int{}
	tick := time.NewTicker(100 * time.Millisecond) // 6 s of control-plane time
	defer tick.Stop()
	for len(rss) < len(soakMarks) {
		<-tick.C
		elapsed := clk.Now().Sub(start)
		if elapsed >= time.Duration(acts+1)*sc.every {
			if err := sc.act(c, acts); err != nil {
				failed[err.Error()]++ // e.g. no pod can take a kill while all restart
			}
			acts++
		}
		if elapsed >= soakMarks[len(rss)] {
			mb, heap := memoryMB()
			rss = append(rss, mb)
			b.Logf("%s: %3.0f min: RSS %.1f MB (live heap %.1f MB)", sc.name, soakMarks[len(rss)-1].Minutes(), mb, heap)
		}
	}
	growth := (rss[len(rss)-1] - rss[1]) / rss[1]
	s := c.Snapshot()
	b.Logf("%s: RSS %.1f / %.1f / %.1f / %.1f MB at 1/10/30/60 min; growth after 10 min %+.1f%%; %d disruptions (refused: %v); traffic %d ok, %d failed; %d replicas, %d ready",
		sc.name, rss[0], rss[1], rss[2], rss[3], growth*100, acts, failed, s.Traffic.OK, s.Traffic.Failed, s.Replicas, s.ReadyPods)
	for i, m := range soakMarks {
		b.ReportMetric(rss[i], fmt.Sprintf("rss%.0fmin_MB", m.Minutes()))
	}
	b.ReportMetric(growth*100, "growth_%")
	if growth > soakMaxGrowth {
		b.Errorf("%s: RSS grew %.1f%% from 10 to 60 simulated minutes, want at most %.0f%%", sc.name, growth*100, soakMaxGrowth*100)
	}
	cctx, cancel2 := context.WithTimeout(ctx, time.Minute)
	defer cancel2()
	if err := c.Close(cctx); err != nil {
		b.Errorf("Close: %v", err)
	}
	b.Logf("%s: %d events read from the stream", sc.name, <-events)
}

// memoryMB is the process's resident set and live heap after a collection
// that returns freed memory to the OS, so RSS follows what is kept.
func memoryMB() (rss, heap float64) {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap = float64(ms.HeapAlloc) / (1 << 20)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, heap
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024, heap
		}
	}
	return 0, heap
}
