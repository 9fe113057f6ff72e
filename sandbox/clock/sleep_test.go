package clock

import (
	"context"
	"testing"
	"time"
)

func TestSleepWaitsOnTheClockOrTheContext(t *testing.T) {
	c := NewManual(t0)
	slept := make(chan error, 1)
	go func() { slept <- Sleep(context.Background(), c, 10*time.Second) }()
	for c.Pending() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Advance(9 * time.Second)
	select {
	case err := <-slept:
		t.Fatalf("Sleep returned %v after 9 s of 10", err)
	case <-time.After(20 * time.Millisecond):
	}
	c.Advance(time.Second)
	if err := <-slept; err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, c, time.Hour); err != context.Canceled {
		t.Errorf("Sleep with a done context = %v, want context.Canceled", err)
	}
	if n := c.Pending(); n != 0 {
		t.Errorf("%d timers left pending, want Sleep to stop its own", n)
	}
}
