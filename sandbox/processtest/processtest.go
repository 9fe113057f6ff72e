// Package processtest gives tests a process runtime: real child processes
// of the workload binary, built the first time. Such tests are skipped
// with -short.
package processtest

import (
	"context"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// Runtime starts a process runtime for the test and closes it at the end;
// with -short it skips the test instead.
func Runtime(t testing.TB) *process.Runtime {
	t.Helper()
	if testing.Short() {
		t.Skip("starts real processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // building the workload takes the longest
	defer cancel()
	rt, err := process.New(ctx)
	if err != nil {
		t.Fatalf("process runtime: %v", err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	return rt
}
