package fake

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
)

func TestFakeLifecycleEventsAndHTTP(t *testing.T) {
	ctx := context.Background()
	r := New(clock.NewManual(time.Unix(0, 0)))
	inst, err := r.Start(ctx, sandbox.Spec{Name: "env-1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + inst.Addr + "/invoke")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"instance":"env-1"}` {
		t.Fatalf("body = %s", body)
	}
	r.Exit(inst.ID, 3, false)
	if _, err := r.Restart(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}

	var got []sandbox.EventType
	var codes []int
	for e := range r.Events() {
		got = append(got, e.Type)
		if e.Type == sandbox.EventExited {
			codes = append(codes, e.ExitCode)
		}
	}
	want := []sandbox.EventType{"created", "started", "ready", "exited", "started", "exited"}
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
	if codes[0] != 3 || codes[1] != 137 {
		t.Fatalf("exit codes %v, want [3 137]", codes)
	}
	if r.Len() != 0 {
		t.Fatalf("%d instances left after Close", r.Len())
	}
}

func TestManualReadyBlocksUntilMarked(t *testing.T) {
	ctx := context.Background()
	r := New(clock.Real())
	r.ManualReady = true
	defer r.Close(ctx)
	inst, _ := r.Start(ctx, sandbox.Spec{Name: "p"})
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := r.WaitReady(short, inst.ID); err == nil {
		t.Fatal("WaitReady returned before MarkReady")
	}
	go r.MarkReady(inst.ID)
	if err := r.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
}
