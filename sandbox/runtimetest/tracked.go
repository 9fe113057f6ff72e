package runtimetest

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// Tracked wraps a runtime and remembers the instances started through it
// and not removed yet, so an engine's test can prove it left nothing behind.
type Tracked struct {
	sandbox.Runtime
	mu   sync.Mutex
	live map[string]bool
}

// Track wraps rt.
func Track(rt sandbox.Runtime) *Tracked { return &Tracked{Runtime: rt, live: map[string]bool{}} }

func (t *Tracked) Start(ctx context.Context, spec sandbox.Spec) (sandbox.Instance, error) {
	inst, err := t.Runtime.Start(ctx, spec)
	if err == nil {
		t.mu.Lock()
		t.live[inst.ID] = true
		t.mu.Unlock()
	}
	return inst, err
}

func (t *Tracked) Remove(ctx context.Context, id string) error {
	err := t.Runtime.Remove(ctx, id)
	if err == nil {
		t.mu.Lock()
		delete(t.live, id)
		t.mu.Unlock()
	}
	return err
}

// Alive counts the instances started and not removed.
func (t *Tracked) Alive() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.live)
}

// IDs are the instances started and not removed, in no order.
func (t *Tracked) IDs() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Collect(maps.Keys(t.live))
}
