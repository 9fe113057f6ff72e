package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
)

// headlessJSON runs a cluster demo headless with JSON lines (run is
// runAutoscaling or the like, bounded by a minute), writes its summary last
// and parses the output.
func headlessJSON[S record](t *testing.T, demo string, run func(ctx context.Context, out *recordWriter) (S, error)) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	out := newRecordWriter(&buf, demo, true, time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sum, err := run(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	out.Write(time.Now(), sum)
	return jsonLines(t, buf.Bytes())
}

// jsonLines parses the headless output, one record per line, each as its
// body's fields with the envelope's t_ms, demo and type beside them.
func jsonLines(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var env scenario.Envelope
		if err := json.Unmarshal(sc.Bytes(), &env); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		body := map[scenario.Type]json.RawMessage{scenario.TypeEvent: env.Event, scenario.TypeSnapshot: env.Snapshot,
			scenario.TypeStep: env.Step, scenario.TypeSummary: env.Summary}[env.Type]
		r := map[string]any{}
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("no %q body: %q: %v", env.Type, sc.Text(), err)
		}
		r["t_ms"], r["demo"], r["type"] = env.TMS, env.Demo, string(env.Type)
		recs = append(recs, r)
	}
	return recs
}

// The headless JSON of a whole script on the fake runtime (a bad version
// crashes at start there): snapshots carry each pod's version, phase and
// readiness and the traffic; over the snapshot stream the pods never exceed
// replicas + maxSurge and the ready pods never drop below replicas −
// maxUnavailable; the summary says what happened.
func TestRollingDeployHeadlessJSON(t *testing.T) {
	rt := fake.New(clock.Real())
	rt.StartErr = fake.CrashOnStart
	defer rt.Close(context.Background())
	opts := rollingdeploy.Options{Replicas: 4, MaxSurge: "25%", MaxUnavailable: "25%", Strategy: rollingdeploy.Rolling, Bad: rollingdeploy.BadCrash, TimeScale: 600, Rate: 40}
	recs := headlessJSON(t, rollingdeploy.Name, func(ctx context.Context, out *recordWriter) (rollingdeploy.Summary, error) {
		return runRollingDeploy(ctx, rt, opts, rollingdeploy.Steps, out, io.Discard)
	})

	started := false
	maxPods, minReady, snaps := 0, 1<<30, 0
	types := map[string]int{}
	for _, r := range recs {
		types[r["type"].(string)]++
		if r["demo"] != rollingdeploy.Name {
			t.Fatalf("record of demo %v", r["demo"])
		}
		if r["type"] != "snapshot" {
			continue
		}
		snaps++
		pods := r["pods"].([]any)
		total, ready := 0, 0
		for _, p := range pods {
			p := p.(map[string]any)
			for _, k := range []string{"name", "version", "phase", "status", "ready"} {
				if _, ok := p[k]; !ok {
					t.Fatalf("pod without %s: %v", k, p)
				}
			}
			if p["status"] != cluster.StatusTerminating {
				total++
			}
			if p["ready"] == true {
				ready++
			}
		}
		tr := r["traffic"].(map[string]any)
		if _, ok := tr["ok"]; !ok {
			t.Fatalf("traffic without ok: %v", tr)
		}
		if _, ok := tr["failed"]; !ok {
			t.Fatalf("traffic without failed: %v", tr)
		}
		if !started && ready == 4 && total == 4 {
			started = true
		}
		if started {
			maxPods, minReady = max(maxPods, total), min(minReady, ready)
		}
	}
	if maxPods > 5 || minReady < 3 {
		t.Errorf("over the snapshot stream: at most %d pods (limit 5), at least %d ready (limit 3)", maxPods, minReady)
	}
	for _, typ := range []string{"event", "snapshot", "step", "summary"} {
		if types[typ] == 0 {
			t.Errorf("no %q record (%v)", typ, types)
		}
	}
	if !slices.ContainsFunc(recs, func(r map[string]any) bool { return r["reason"] == "RolloutStatus" && r["rollout"] != nil }) {
		t.Error("no `kubectl rollout status` event")
	}
	s := recs[len(recs)-1]
	want := map[string]any{"type": "summary", "strategy": "RollingUpdate", "replicas": 4.0, "max_surge": 1.0, "max_unavailable": 1.0,
		"stalled": true, "final_version": "v2", "pods_left": 0.0}
	for k, v := range want {
		if s[k] != v {
			t.Errorf("summary %s = %v, want %v", k, s[k], v)
		}
	}
	for _, k := range []string{"max_pods_seen", "min_ready_seen", "requests", "failed_requests", "rollout_ms"} {
		if _, ok := s[k]; !ok {
			t.Errorf("summary without %s", k)
		}
	}
	// The controller counts the bounds, so both are reached exactly.
	if s["max_pods_seen"] != 5.0 || s["min_ready_seen"] != 3.0 || s["requests"].(float64) == 0 {
		t.Errorf("summary %v", s)
	}
	if rt.Len() != 0 {
		t.Errorf("%d instances left", rt.Len())
	}
}
