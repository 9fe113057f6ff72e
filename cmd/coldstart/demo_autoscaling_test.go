package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
)

// The headless JSON of up,down on the fake runtime with the request-rate
// metric: decisions, a replica history that rises and comes back, and the
// scale-in only after the stabilization window.
func TestAutoscalingHeadlessJSON(t *testing.T) {
	rt := fake.New(clock.Real())
	defer rt.Close(context.Background())
	opts := autoscaling.Options{Min: 1, Max: 6, TimeScale: 100}
	recs := headlessJSON(t, autoscaling.Name, func(ctx context.Context, out *recordWriter) (autoscaling.Summary, error) {
		return runAutoscaling(ctx, rt, opts, autoscaling.Steps, out, io.Discard)
	})
	hpa := 0
	for _, r := range recs {
		if r["type"] == "event" && r["reason"] == "HPASync" {
			hpa++
			sync, _ := r["hpa"].(map[string]any)
			for _, k := range []string{"replicas", "desired", "metric", "target", "ratio", "reason"} {
				if _, ok := sync[k]; !ok {
					t.Fatalf("HPASync event without hpa.%s: %v", k, r)
				}
			}
		}
	}
	if hpa == 0 {
		t.Error("no HPASync events")
	}
	s := recs[len(recs)-1]
	if s["type"] != "summary" || s["metric"] != "rps" || s["final_replicas"] != 1.0 || s["pods_left"] != 0.0 {
		t.Errorf("summary %v", s)
	}
	if s["max_replicas_seen"].(float64) < 2 {
		t.Errorf("never scaled out: %v", s["replica_history"])
	}
	if after := s["scale_in_after_s"].(float64); after < (cluster.DefaultHPADownWindow - cluster.DefaultHPASync).Seconds() {
		t.Errorf("scaled in %.0f s after the load fell, inside the 300 s window", after)
	}
	hist := s["replica_history"].([]any)
	if len(hist) == 0 {
		t.Fatal("empty replica_history")
	}
	for _, k := range []string{"clock_s", "replicas", "metric"} {
		if _, ok := hist[0].(map[string]any)[k]; !ok {
			t.Errorf("replica_history entry without %s", k)
		}
	}
}

// The printer counts syncs, not the history's length: once the bounded
// history is full it still prints each new decision (it used to stop at
// the 400th).
func TestDecisionPrinterPastTheBoundedHistory(t *testing.T) {
	print := decisionPrinter()
	full := make([]cluster.HPADecision, 400)
	if n := len(print(&cluster.Snapshot{Autoscaler: &cluster.AutoscalerStatus{History: full, Syncs: 400}})); n != 400 {
		t.Fatalf("%d lines for the first 400 syncs", n)
	}
	next := append(full[1:400:400], cluster.HPADecision{Current: 3, Desired: 7})
	recs := print(&cluster.Snapshot{Autoscaler: &cluster.AutoscalerStatus{History: next, Syncs: 401}})
	if len(recs) != 1 || !strings.HasPrefix(recs[0].String(), "hpa      3 → 7 replicas") {
		t.Errorf("the 401st sync: %v", recs)
	}
	if recs := print(&cluster.Snapshot{Autoscaler: &cluster.AutoscalerStatus{History: next, Syncs: 401}}); len(recs) != 0 {
		t.Errorf("a snapshot without a new sync printed %v", recs)
	}
}
