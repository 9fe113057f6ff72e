package process

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/runtimetest"
)

// newRuntime builds (or finds in the cache) the workload once per test binary.
func newRuntime(t testing.TB) *Runtime {
	t.Helper()
	rt, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestContract(t *testing.T) {
	opts := runtimetest.Options{
		Leftovers: func(t *testing.T, rt sandbox.Runtime) []string {
			var left []string
			p := rt.(*Runtime)
			p.mu.Lock()
			defer p.mu.Unlock()
			for _, inst := range p.byID {
				if pid := inst.run.cmd.Process.Pid; groupAlive(pid) {
					left = append(left, fmt.Sprintf("%s (process group %d)", inst.spec.Name, pid))
				}
			}
			return left
		},
	}
	if !statsAvailable {
		opts.SkipMemoryLimit = "the process runtime enforces memory limits on Linux only"
	}
	if runtime.GOOS == "windows" {
		t.Skip("the contract needs SIGTERM and process groups")
	}
	runtimetest.Run(t, func(t *testing.T) sandbox.Runtime { return newRuntime(t) }, opts)
}
