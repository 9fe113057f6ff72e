package process

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

func TestStatsSeeTheWork(t *testing.T) {
	if !statsAvailable {
		t.Skip("stats need /proc")
	}
	rt := newRuntime(t)
	defer rt.Close(context.Background())
	go drain(rt)
	ctx := t.Context()
	inst, err := rt.Start(ctx, sandbox.Spec{Name: "busy", Env: workload.Config{InitMemMB: 32}.Env()})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Stats(ctx, inst.ID); err != nil { // the baseline
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + inst.Addr + "/invoke?work=200") // >100 ms of CPU
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	st, err := rt.Stats(ctx, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.CPUPercent <= 0 || st.MemoryBytes < 32<<20 {
		t.Errorf("Stats after 200 units of work on 32 MiB = %+v, want CPU > 0 and >= 32 MiB", st)
	}
}

func TestMemoryWatchdogSparesInstancesUnderTheLimit(t *testing.T) {
	if !statsAvailable {
		t.Skip("the watchdog needs /proc")
	}
	rt := newRuntime(t)
	defer rt.Close(context.Background())
	ctx := t.Context()
	inst, err := rt.Start(ctx, sandbox.Spec{Name: "fits", MemoryMB: 128, Env: workload.Config{InitMemMB: 16}.Env()})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	// Several watchdog rounds pass while we stop it; it must exit 0, not OOM.
	time.Sleep(4 * watchdogEvery)
	if err := rt.Stop(ctx, inst.ID, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for e := range rt.Events() {
		if e.Type == sandbox.EventOOM {
			t.Fatalf("OOM event for an instance under its limit: %+v", e)
		}
		if e.Type == sandbox.EventExited {
			if e.ExitCode != 0 {
				t.Errorf("exited %+v, want 0", e)
			}
			return
		}
	}
}

func TestDescribeIsHonest(t *testing.T) {
	d := NewWithCommand("workload", nil).Describe()
	if !strings.Contains(d, "not enforced") || !strings.Contains(d, "CPU") {
		t.Errorf("Describe() = %q: it must say CPU limits are not enforced", d)
	}
}

func TestNoInstancesFromInsideAnInstance(t *testing.T) {
	t.Setenv(envParent, "1")
	rt := NewWithCommand("/bin/false", nil)
	defer rt.Close(context.Background())
	if _, err := rt.Start(t.Context(), sandbox.Spec{Name: "nested"}); err == nil || !strings.Contains(err.Error(), "inside a workload instance") {
		t.Errorf("Start inside an instance: %v, want a refusal", err)
	}
}
