package selfhealing

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
)

// A container patched to crash on start (here: it fails to start) backs off
// 10, 20, 40, 80 s; deleting the pod ends it, its replacement is healthy.
func TestCrashLoopStepOnScaledClock(t *testing.T) {
	rt := fake.New(clock.Real())
	rt.StartErr = fake.CrashOnStart
	c, err := orchestrator.New(rt, clock.NewScaled(1000), orchestrator.Config{TrafficRate: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		c.Close(context.Background())
		if rt.Len() != 0 {
			t.Errorf("%d instances left", rt.Len())
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := RunStep(ctx, c, StepCrashLoop)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second}
	if !slices.Equal(res.Backoff, want) {
		t.Errorf("back-off %v, want %v", res.Backoff, want)
	}
	if s := c.Snapshot(); !s.Settled || s.ReadyPods != 3 {
		t.Errorf("not healed: %d ready", s.ReadyPods)
	}
}
