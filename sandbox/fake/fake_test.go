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

// Stop is graceful, as the workload is on SIGTERM: a request in flight
// finishes. Kill (and a Stop whose grace has run out) cuts it off.
func TestStopLetsRequestsInFlightFinish(t *testing.T) {
	for _, tc := range []struct {
		name   string
		end    func(r *Runtime, id string) error
		wantOK bool
	}{
		{"stop", func(r *Runtime, id string) error { return r.Stop(context.Background(), id, 10*time.Second) }, true},
		{"stop, grace runs out", func(r *Runtime, id string) error { return r.Stop(context.Background(), id, time.Millisecond) }, false},
		{"kill", func(r *Runtime, id string) error { return r.Kill(context.Background(), id) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entered, release := make(chan struct{}), make(chan struct{})
			r := New(clock.Real())
			defer r.Close(context.Background())
			r.Handler = func(sandbox.Spec) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
					close(entered)
					select {
					case <-release:
					case <-req.Context().Done():
						return
					}
					io.WriteString(w, "done")
				})
			}
			inst, err := r.Start(context.Background(), sandbox.Spec{Name: "p"})
			if err != nil {
				t.Fatal(err)
			}
			answered := make(chan string, 1)
			go func() {
				resp, err := http.Get("http://" + inst.Addr + "/invoke")
				if err != nil {
					answered <- err.Error()
					return
				}
				defer resp.Body.Close()
				b, err := io.ReadAll(resp.Body)
				if err != nil {
					answered <- err.Error()
					return
				}
				answered <- string(b)
			}()
			<-entered
			if err := tc.end(r, inst.ID); err != nil {
				t.Fatal(err)
			}
			if tc.wantOK {
				close(release) // the handler finishes after the stop began
			} // else the cut must end the request while the handler still waits
			select {
			case got := <-answered:
				if (got == "done") != tc.wantOK {
					t.Errorf("the request in flight got %q; want it answered: %v", got, tc.wantOK)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the request in flight was neither answered nor cut off")
			}
		})
	}
}
