package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// TestSelfHealingHeadlessJSON runs the default script on the fake runtime
// (a container patched to crash on start fails to start) and checks the
// JSON lines the README promises.
func TestSelfHealingHeadlessJSON(t *testing.T) {
	rt := fake.New(clock.Real())
	rt.StartErr = fake.CrashOnStart
	old := selfHealingBackend
	selfHealingBackend = func(context.Context, *globals, io.Writer) (sandbox.Runtime, backend.Choice, error) {
		return rt, backend.Choice{Backend: "fake", Reason: "fake: test"}, nil
	}
	defer func() { selfHealingBackend = old }()

	var stdout, stderr bytes.Buffer
	root := newRootCmd()
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs([]string{"demo", "self-healing", "--headless", "--json", "--time-scale", "1000"})
	if err := root.Execute(); err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, stderr.String())
	}

	type line struct {
		TMS  *int64 `json:"t_ms"`
		Type string `json:"type"`
		Pods []struct {
			Name, Node, Version, Phase string
			Ready                      *bool
			Restarts                   *int
		} `json:"pods"`
		Traffic *struct{ OK, Failed *int64 } `json:"traffic"`

		FinalReady       int       `json:"final_ready"`
		Replicas         int       `json:"replicas"`
		HealMS           []int64   `json:"heal_ms"`
		BackoffS         []float64 `json:"backoff_s"`
		PodsLeft         *int      `json:"pods_left"`
		PodsOnKilledNode int       `json:"pods_on_killed_node"`
		KilledNode       string    `json:"killed_node"`
		Requests         int64     `json:"requests"`
	}
	var lines []line
	types := map[string]int{}
	for _, raw := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var env scenario.Envelope
		if err := json.Unmarshal([]byte(raw), &env); err != nil {
			t.Fatalf("not JSON: %q: %v", raw, err)
		}
		var l line
		if body := slices.Concat(env.Event, env.Snapshot, env.Step, env.Summary); json.Unmarshal(body, &l) != nil {
			t.Fatalf("no body: %q", raw)
		}
		l.TMS, l.Type = &env.TMS, string(env.Type)
		if l.TMS == nil || l.Type == "" {
			t.Fatalf("line without t_ms or type: %s", raw)
		}
		types[l.Type]++
		lines = append(lines, l)
	}
	for _, want := range []string{"event", "snapshot", "step", "summary"} {
		if types[want] == 0 {
			t.Errorf("no %q line; got %v", want, types)
		}
	}
	for _, l := range lines {
		if l.Type != "snapshot" {
			continue
		}
		if l.Traffic == nil || l.Traffic.OK == nil || l.Traffic.Failed == nil {
			t.Fatalf("snapshot without traffic ok/failed")
		}
		for _, p := range l.Pods {
			if p.Name == "" || p.Version == "" || p.Phase == "" || p.Ready == nil || p.Restarts == nil {
				t.Fatalf("snapshot pod lacks a field: %+v", p)
			}
		}
	}
	sum := lines[len(lines)-1]
	if sum.Type != "summary" {
		t.Fatalf("last line is %q, want the summary", sum.Type)
	}
	if sum.FinalReady != sum.Replicas || sum.Replicas != 3 {
		t.Errorf("final_ready %d, replicas %d", sum.FinalReady, sum.Replicas)
	}
	if len(sum.HealMS) != 2 { // the killed pod, and the one pod of the killed node
		t.Errorf("heal_ms %v, want 2 entries", sum.HealMS)
	}
	if want := []float64{10, 20, 40, 80}; !slices.Equal(sum.BackoffS, want) {
		t.Errorf("backoff_s %v, want %v", sum.BackoffS, want)
	}
	if sum.KilledNode == "" || sum.PodsOnKilledNode != 0 {
		t.Errorf("killed node %q still runs %d pods", sum.KilledNode, sum.PodsOnKilledNode)
	}
	if sum.PodsLeft == nil || *sum.PodsLeft != 0 || rt.Len() != 0 {
		t.Errorf("pods_left %v, runtime holds %d", sum.PodsLeft, rt.Len())
	}
	if sum.Requests == 0 {
		t.Error("no traffic went through the Service")
	}
}

func TestSelfHealingFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"--replicas", "0"}, {"--nodes", "99"}, {"--time-scale", "0.5"}, {"--script", "kill-pod,explode"},
	} {
		root := newRootCmd()
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		root.SetArgs(append([]string{"demo", "self-healing", "--headless"}, args...))
		if err := root.Execute(); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
