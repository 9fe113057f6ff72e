package check

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/fake"
	"github.com/coldstart-dev/coldstart/sandbox/manifest"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// template is a SAM template with props under the function's Properties.
func template(props ...string) []byte {
	return []byte(`AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: java21
      CodeUri: src/
` + indent(props))
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}

func TestServerlessFunctionConfig(t *testing.T) {
	tests := []struct {
		name  string
		props []string
		want  faas.Config
	}{
		{"Lambda's defaults", nil,
			faas.Config{MemoryMB: 128, Timeout: 3 * time.Second, Concurrency: UnreservedConcurrency}},
		{"memory and timeout", []string{"MemorySize: 1024", "Timeout: 30"},
			faas.Config{MemoryMB: 1024, Timeout: 30 * time.Second, Concurrency: UnreservedConcurrency}},
		{"reserved concurrency is the limit", []string{"ReservedConcurrentExecutions: 25"},
			faas.Config{MemoryMB: 128, Timeout: 3 * time.Second, Concurrency: 25}},
		{"reserved below the unreserved default", []string{"ReservedConcurrentExecutions: 2"},
			faas.Config{MemoryMB: 128, Timeout: 3 * time.Second, Concurrency: 2}},
		{"provisioned within reserved", []string{"AutoPublishAlias: live", "ReservedConcurrentExecutions: 5",
			"ProvisionedConcurrencyConfig:", "  ProvisionedConcurrentExecutions: 3"},
			faas.Config{MemoryMB: 128, Timeout: 3 * time.Second, Concurrency: 5, Provisioned: 3}},
		{"provisioned beyond the unreserved default", []string{"AutoPublishAlias: live",
			"ProvisionedConcurrencyConfig:", "  ProvisionedConcurrentExecutions: 15"},
			faas.Config{MemoryMB: 128, Timeout: 3 * time.Second, Concurrency: 15, Provisioned: 15}},
		{"environment", []string{"Environment:", "  Variables:", "    DEPENDENCY_MS: 200", "    COUNTER: memory"},
			faas.Config{MemoryMB: 128, Timeout: 3 * time.Second, Concurrency: UnreservedConcurrency,
				Env: map[string]string{"DEPENDENCY_MS": "200", "COUNTER": "memory"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn, _, err := manifest.ParseSAM("template.yaml", template(tt.props...))
			if err != nil {
				t.Fatal(err)
			}
			got := Serverless{Profile: faas.Heavy}.FunctionConfig(fn)
			want := tt.want
			want.Profile, want.IdleTimeout = faas.Heavy, IdleTimeout
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("FunctionConfig\n got %+v\nwant %+v", got, want)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("the engine refuses it: %v", err)
			}
		})
	}
}

func TestProfileFor(t *testing.T) {
	for _, tt := range []struct {
		runtime string
		want    faas.Profile
	}{
		{"java21", faas.Heavy}, {"java8.al2", faas.Heavy}, {"dotnet8", faas.Heavy},
		{"python3.13", faas.Light}, {"nodejs22.x", faas.Light}, {"provided.al2023", faas.Light}, {"ruby3.4", faas.Light},
	} {
		if got := ProfileFor(tt.runtime); got != tt.want {
			t.Errorf("ProfileFor(%q) = %s, want %s", tt.runtime, got, tt.want)
		}
	}
}

// The fake runtime enforces no CPU share.
func TestServerlessCPULimited(t *testing.T) {
	if m, _ := runOnFake(t, nil, "deploy", "burst 1"); m["cpu_limited"].Bool {
		t.Error("cpu_limited = true on the fake runtime")
	}
}

// slsExercise is a serverless exercise with steps and one check on each
// of measurements, so Run must measure them.
func slsExercise(t *testing.T, steps ...string) *exercise.Exercise {
	t.Helper()
	var b strings.Builder
	b.WriteString("id: t\ntitle: T\ntrack: serverless\nlesson: limits\nengine: serverless\nfiles: [template.yaml]\nsteps:\n")
	for _, s := range steps {
		b.WriteString("  - " + s + "\n")
	}
	b.WriteString("checks:\n")
	for _, m := range exercise.KnownMeasurements {
		if m.Kind == exercise.Number && strings.Contains(fmt.Sprint(m.Engines), "serverless") {
			fmt.Fprintf(&b, "  - {id: %s, assert: %s >= 0, not_yet: x, pass: x}\n", strings.ReplaceAll(m.Name, "_", "-"), m.Name)
		}
	}
	b.WriteString("hints: [h]\n")
	x, problems := exercise.Parse("exercise.yaml", []byte(b.String()))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return x
}

// fakeRuntime runs the real workload handler in-process for each
// environment, with almost no init work; a version whose init fails
// (deploy-bad) fails to start.
func fakeRuntime(t *testing.T) *fake.Runtime {
	rt := fake.New(clock.Real())
	rt.Handler = func(spec sandbox.Spec) http.Handler {
		cfg, err := workload.FromEnv(func(k string) string { return spec.Env[k] })
		if err != nil {
			t.Errorf("workload env: %v", err)
		}
		cfg.InitWork, cfg.InitMemMB, cfg.RequestWork = 1, 0, 0
		return workload.NewServer(context.Background(), cfg).Handler()
	}
	rt.StartErr = func(spec sandbox.Spec) error {
		if spec.Env[workload.EnvCrashOnStart] != "" {
			return errors.New("init exited with code 1")
		}
		return nil
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	return rt
}

func runOnFake(t *testing.T, props []string, steps ...string) (exercise.Measurements, []string) {
	t.Helper()
	m, notes, err := Serverless{Profile: faas.Light}.Run(context.Background(), fakeRuntime(t), slsExercise(t, steps...),
		Files{"template.yaml": template(props...)}, func(Progress) {})
	if err != nil {
		t.Fatal(err)
	}
	return m, notes
}

func TestServerlessStepsOnFake(t *testing.T) {
	tests := []struct {
		name  string
		props []string
		steps []string
		want  map[string]float64
	}{
		{"a burst beyond the unreserved pool is throttled", nil, []string{"deploy", "burst 12"},
			map[string]float64{"requests": 12, "throttled": 2, "failed_requests": 2, "cold_starts": 10, "max_concurrency": 10}},
		{"reserved concurrency lets the burst run", []string{"ReservedConcurrentExecutions: 12"}, []string{"deploy", "burst 12"},
			map[string]float64{"requests": 12, "throttled": 0, "failed_requests": 0, "cold_starts": 12, "max_concurrency": 12}},
		{"a second burst is warm", nil, []string{"deploy", "burst 3", "burst 3"},
			map[string]float64{"requests": 6, "cold_starts": 3, "cold_starts_after_deploy": 3}},
		{"a new deploy starts cold again", nil, []string{"deploy", "burst 3", "deploy", "burst 3"},
			map[string]float64{"requests": 6, "cold_starts": 6, "cold_starts_after_deploy": 3}},
		{"provisioned environments serve without cold starts", []string{"AutoPublishAlias: live",
			"ProvisionedConcurrencyConfig:", "  ProvisionedConcurrentExecutions: 3"}, []string{"deploy", "burst 3"},
			map[string]float64{"requests": 3, "cold_starts": 0, "init_ms": 0, "failed_requests": 0}},
		{"a bad version fails, undo recovers", nil, []string{"deploy", "deploy-bad", "burst 2", "undo", "burst 2"},
			map[string]float64{"requests": 4, "failed_requests": 2, "cold_starts": 4, "cold_starts_after_deploy": 4}},
		{"each environment holds a store connection", nil, []string{"deploy", "burst 4"},
			map[string]float64{"max_db_connections": 4}},
		{"a memory counter uses no database", []string{"Environment:", "  Variables:", "    COUNTER: memory"}, []string{"deploy", "burst 4"},
			map[string]float64{"max_db_connections": 0, "failed_requests": 0}},
		{"a memory counter miscounts across environments", []string{"Environment:", "  Variables:", "    COUNTER: memory"}, []string{"deploy", "burst 4"},
			map[string]float64{"total_mismatch": 3, "failed_requests": 0}}, // 4 environments, each reporting its 1
		{"a store counter counts every invocation", nil, []string{"deploy", "burst 4", "burst 4"},
			map[string]float64{"total_mismatch": 0, "requests": 8}},
		{"no cap: the account's quota", nil, []string{"deploy", "burst 1"},
			map[string]float64{"reserved_concurrency": AccountConcurrency}},
		{"the cap as deployed", []string{"ReservedConcurrentExecutions: 12"}, []string{"deploy", "burst 1"},
			map[string]float64{"reserved_concurrency": 12}},
		{"a handler past its timeout fails", []string{"Timeout: 1", "Environment:", "  Variables:", "    DEPENDENCY_MS: 1500"}, []string{"deploy", "burst 2"},
			map[string]float64{"failed_requests": 2, "throttled": 0}},
		{"a dependency within the timeout", []string{"Timeout: 2", "Environment:", "  Variables:", "    DEPENDENCY_MS: 300"}, []string{"deploy", "burst 2"},
			map[string]float64{"failed_requests": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := runOnFake(t, tt.props, tt.steps...)
			for name, want := range tt.want {
				if got := m[name].Num; got != want {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
		})
	}
}

// Measurements that are not counts: consistent with the counts, from the
// durations seen.
func TestServerlessMeasurementsOnFake(t *testing.T) {
	m, _ := runOnFake(t, []string{"Timeout: 2", "Environment:", "  Variables:", "    DEPENDENCY_MS: 200"}, "deploy", "burst 4", "burst 4")
	num := func(name string) float64 { return m[name].Num }
	if p50, p99 := num("p50_ms"), num("p99_ms"); p50 < 200 || p99 < p50 {
		t.Errorf("p50 %v ms, p99 %v ms: want p50 >= the 200 ms dependency, p99 >= p50", p50, p99)
	}
	if num("init_ms") <= 0 {
		t.Errorf("init_ms = %v after 4 cold starts", num("init_ms"))
	}
	// At least the request price ($0.20 per million) plus 128 MB for >= 200 ms.
	if c, floor := num("cost_per_million_usd"), 0.20+0.125*0.2*0.0000166667*1e6; c < floor {
		t.Errorf("cost_per_million_usd = %v, want at least %v", c, floor)
	}
	if num("first_failure_s") != 0 || num("failed_requests") != 0 {
		t.Errorf("first_failure_s %v with %v failed: want 0, 0", num("first_failure_s"), num("failed_requests"))
	}
}

func TestServerlessFirstFailure(t *testing.T) {
	m, _ := runOnFake(t, nil, "deploy", "burst 12")
	if m["first_failure_s"].Num <= 0 {
		t.Errorf("first_failure_s = %v after 2 throttled requests, want > 0", m["first_failure_s"].Num)
	}
}

func TestServerlessLoadRunsUntilTheEnd(t *testing.T) {
	m, _ := runOnFake(t, []string{"ReservedConcurrentExecutions: 20"}, "deploy", "load 20", "wait 1s")
	if m["requests"].Num < 1 || m["failed_requests"].Num != 0 {
		t.Errorf("load 20 for 1 s: %v requests, %v failed; want some, none failed", m["requests"].Num, m["failed_requests"].Num)
	}
}

func TestServerlessFilesErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"YAML", []byte("Resources: [\n"), "template.yaml:"},
		{"out of range", template("MemorySize: 64"), "template.yaml:10:"},
		{"engine's own variables", template("Environment:", "  Variables:", "    COLDSTART_WL_INIT_WORK: 1"), "COLDSTART_WL_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Serverless{Profile: faas.Light}.Run(context.Background(), fakeRuntime(t), slsExercise(t, "deploy"),
				Files{"template.yaml": tt.data}, func(Progress) {})
			var fe *FilesError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FilesError", err)
			}
			if !strings.Contains(fe.Error(), tt.want) {
				t.Errorf("err = %v, want it to name %q", err, tt.want)
			}
		})
	}
}

func TestServerlessCancelledRunRemovesEverything(t *testing.T) {
	rt := fakeRuntime(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := slsExercise(t, "deploy", "load 10", "burst 3", "wait 10m")
	_, _, err := Serverless{Profile: faas.Light}.Run(ctx, rt, x, Files{"template.yaml": template()}, func(p Progress) {
		if p.Text == "wait 10m" { // the Ctrl-C, while load runs and environments are warm
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the cancellation", err)
	}
	if n := rt.Len(); n != 0 {
		t.Errorf("%d instances left on the runtime, want 0", n)
	}
}
