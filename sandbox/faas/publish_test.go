package faas

import (
	"context"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

func TestPublishMakesANewVersion(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Invoke(ctx)
	if err := h.e.Configure(Defaults); err != nil {
		t.Fatal(err)
	}
	if inv := h.e.Invoke(ctx); inv.Kind != KindWarm || h.e.Snapshot().Version != 1 {
		t.Fatalf("after Configure with nothing changed: %s on version %d, want warm on 1", inv.Kind, h.e.Snapshot().Version)
	}
	if err := h.e.Publish(Defaults); err != nil {
		t.Fatal(err)
	}
	if inv := h.e.Invoke(ctx); inv.Kind != KindCold || h.e.Snapshot().Version != 2 {
		t.Errorf("after Publish: %s on version %d, want cold on 2", inv.Kind, h.e.Snapshot().Version)
	}
}

func TestABrokenVersionFailsItsColdStarts(t *testing.T) {
	h := newHarness(t, harnessOpts{startErr: fake.CrashOnStart})
	bad := Defaults
	bad.InitFails = true
	if err := h.e.Publish(bad); err != nil {
		t.Fatal(err)
	}
	if inv := h.e.Invoke(context.Background()); inv.Status != StatusError || inv.Kind != KindCold {
		t.Errorf("on the broken version: %s %s, want a cold start that fails", inv.Kind, inv.Status)
	}
	if err := h.e.Publish(Defaults); err != nil {
		t.Fatal(err)
	}
	if inv := h.e.Invoke(context.Background()); inv.Status != StatusOK {
		t.Errorf("after going back: %s (%s), want ok", inv.Status, inv.Err)
	}
}

func TestEachEnvironmentHoldsOneStoreConnection(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.e.Burst(ctx, 3) // three environments at once
	for range 4 {
		h.e.Invoke(ctx) // warm: the same connections again
	}
	if s := h.e.Snapshot(); s.StoreConns != 3 || s.MaxStoreConns != 3 || s.Store != 7 {
		t.Errorf("store: %d connections open, %d at most, count %d; want 3, 3, 7", s.StoreConns, s.MaxStoreConns, s.Store)
	}
}

func TestAMemoryCounterMakesNoStoreCall(t *testing.T) {
	cfg := Defaults
	cfg.Env = map[string]string{workload.EnvCounter: workload.CounterMemory}
	h := newHarness(t, harnessOpts{cfg: cfg})
	ctx := context.Background()
	h.e.Invoke(ctx)
	inv := h.e.Invoke(ctx)
	if s := h.e.Snapshot(); inv.Status != StatusOK || inv.EnvCount != 2 || inv.Store != 0 || s.MaxStoreConns != 0 {
		t.Errorf("%s, env count %d, store %d, %d store connections; want ok, 2, 0, 0", inv.Status, inv.EnvCount, inv.Store, s.MaxStoreConns)
	}
}
