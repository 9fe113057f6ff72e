package commands

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

func TestCommandTexts(t *testing.T) {
	k, l := DemoKube, DemoLambda
	v1 := cluster.Template{Version: "v1", Env: map[string]string{"A": "1", "GONE": "x"}}
	v2 := cluster.Template{Version: "v2", Env: map[string]string{"A": "1", "COLDSTART_WL_READY_FAIL": "1"}}
	res := cluster.Template{Version: "v1", Env: v1.Env, MemoryMB: 256, CPUs: 0.2, CPURequest: 0.1}
	probes := cluster.Template{Version: "v1", Env: v1.Env, Probes: &cluster.Probes{}}
	cfg := faas.Defaults
	mem := cfg
	mem.MemoryMB, mem.Timeout, mem.Env = 1024, 2500*time.Millisecond, map[string]string{"COUNTER": "store", "DEPENDENCY_MS": "5"}
	heavy := cfg
	heavy.Profile = faas.Heavy
	conc := cfg
	conc.Concurrency, conc.Provisioned = 3, 2
	broken := cfg
	broken.InitFails, broken.IdleTimeout = true, 5*time.Second
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"delete-pod", []string{k.DeletePod("web-6d4f-x2k9p")}, []string{"kubectl delete pod web-6d4f-x2k9p"}},
		{"kill-pod", []string{k.KillPod("web-x")}, []string{"kubectl delete pod web-x --grace-period=0 --force"}},
		{"hang-pod", []string{k.HangPod("web-x")}, []string{"kubectl debug pod/web-x --image=busybox -- wget -qO- http://localhost:8080/hang"}},
		{"crashloop-pod", []string{k.CrashLoopPod("web-x")}, []string{"kubectl set image pod/web-x web=coldstart-workload:crash-on-start"}},
		{"kill-node", []string{k.KillNode("node-2")}, []string{"docker kill node-2  # the node's machine dies (a kind node is a container; on a cloud VM: a forced stop)"}},
		{"scale", []string{k.Scale(4)}, []string{"kubectl scale deployment/web --replicas=4"}},
		{"pause", []string{k.Pause()}, []string{"kubectl rollout pause deployment/web"}},
		{"resume", []string{k.Resume()}, []string{"kubectl rollout resume deployment/web"}},
		{"undo", []string{k.Undo(0)}, []string{"kubectl rollout undo deployment/web"}},
		{"undo to", []string{k.Undo(2)}, []string{"kubectl rollout undo deployment/web --to-revision=2"}},
		{"strategy rolling", []string{k.SetStrategy(cluster.Strategy{MaxSurge: "1", MaxUnavailable: "0"})},
			[]string{`kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0},"type":"RollingUpdate"}}}'`}},
		{"strategy default", []string{k.SetStrategy(cluster.Strategy{})},
			[]string{`kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"}}}'`}},
		{"strategy recreate", []string{k.SetStrategy(cluster.Strategy{Recreate: true})},
			[]string{`kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":null,"type":"Recreate"}}}'`}},
		{"set-template version and env", k.SetTemplate(v1, v2), []string{
			"kubectl set image deployment/web web=coldstart-workload:v2",
			"kubectl set env deployment/web COLDSTART_WL_READY_FAIL=1 GONE-"}},
		{"set-template resources", k.SetTemplate(v1, res), []string{"kubectl set resources deployment/web -c web --limits=cpu=200m,memory=256Mi --requests=cpu=100m"}},
		{"set-template other", k.SetTemplate(v1, probes), []string{"kubectl apply -f web.yaml  # the Deployment with its pod template edited"}},
		{"set-load", []string{k.SetLoad(30, 0)}, []string{"kill $HEY 2>/dev/null; hey -z 30m -c 30 -q 1 'http://web/invoke' & HEY=$!  # 30 requests/s through the Service"}},
		{"set-load work", []string{k.SetLoad(2, 16)}, []string{"kill $HEY 2>/dev/null; hey -z 30m -c 2 -q 1 'http://web/invoke?work=16' & HEY=$!  # 2 requests/s through the Service"}},
		{"set-load stop", []string{k.SetLoad(0, 0)}, []string{"kill $HEY 2>/dev/null  # stop the load generator"}},
		{"autoscale cpu", []string{k.Autoscale(cluster.HPASpec{MinReplicas: 1, MaxReplicas: 6, Target: 50}, "cpu")},
			[]string{"kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=6"}},
		{"autoscale rps", []string{k.Autoscale(cluster.HPASpec{MinReplicas: 1, MaxReplicas: 6, Target: 10}, "rps")},
			[]string{"kubectl apply -f hpa.yaml  # autoscaling/v2 HPA on deployment/web: Pods metric requests_per_second, averageValue 10, min 1, max 6"}},
		{"fast-forward", []string{FastForward(50 * time.Second)}, []string{"# nothing to type: wait 50s (the demo fast-forwarded its control-plane timers)"}},

		{"invoke", []string{l.Invoke()}, []string{"aws lambda invoke --function-name cold-start out.json"}},
		{"invoke work", []string{l.InvokeWork(6000)},
			[]string{`aws lambda invoke --function-name cold-start --cli-binary-format raw-in-base64-out --payload '{"work":6000}' out.json`}},
		{"burst", []string{l.Burst(6)}, []string{"for i in $(seq 6); do aws lambda invoke --function-name cold-start out-$i.json & done; wait"}},
		{"configure memory, timeout, env", l.Configure(cfg, mem), []string{
			`aws lambda update-function-configuration --function-name cold-start --memory-size 1024 --timeout 3 --environment 'Variables={COUNTER=store,DEPENDENCY_MS=5}'`}},
		{"configure profile", l.Configure(cfg, heavy), []string{
			"aws lambda update-function-configuration --function-name cold-start --runtime java21  # a heavy init: Java without SnapStart (with its code: update-function-code)"}},
		{"configure concurrency", l.Configure(cfg, conc), []string{
			"aws lambda put-function-concurrency --function-name cold-start --reserved-concurrent-executions 3",
			"aws lambda put-provisioned-concurrency-config --function-name cold-start --qualifier live --provisioned-concurrent-executions 2"}},
		{"configure no provisioned", l.Configure(conc, cfg), []string{
			"aws lambda put-function-concurrency --function-name cold-start --reserved-concurrent-executions 10",
			"aws lambda delete-provisioned-concurrency-config --function-name cold-start --qualifier live"}},
		{"configure broken, idle", l.Configure(cfg, broken), []string{
			"aws lambda update-function-code --function-name cold-start --zip-file fileb://broken.zip  # its init code exits: every cold start fails",
			"# no Lambda setting for the idle timeout (the demo's is now 5s): AWS reclaims idle environments on its own"}},
		{"configure nothing", l.Configure(cfg, cfg), nil},
		{"skip-idle", []string{l.SkipToIdleReap("10s")}, []string{"# nothing to type: wait (the demo skipped its 10s idle timeout; AWS reclaims idle environments after minutes)"}},
		{"reset", []string{l.Reset()}, []string{"# nothing to type: the demo reset its function (statistics, shared store, environments)"}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.got, tt.want)
		}
	}
}

// stubEngine answers every action with err; pod and node actions act on "web-x".
type stubEngine struct {
	cluster.Engine // nil: a method not stubbed panics
	err            error
	calls          int
}

func (s *stubEngine) Snapshot() *cluster.Snapshot { return &cluster.Snapshot{Deployment: "shop"} }
func (s *stubEngine) Template() cluster.Template  { return cluster.Template{Version: "v1"} }
func (s *stubEngine) pod(string) (string, error)  { s.calls++; return "web-x", s.err }
func (s *stubEngine) KillPod(n string) (string, error) {
	return s.pod(n)
}
func (s *stubEngine) DeletePod(n string) (string, error)    { return s.pod(n) }
func (s *stubEngine) HangPod(n string) (string, error)      { return s.pod(n) }
func (s *stubEngine) CrashLoopPod(n string) (string, error) { return s.pod(n) }
func (s *stubEngine) KillNode(n string) (string, error)     { return s.pod(n) }
func (s *stubEngine) Scale(int) error                       { s.calls++; return s.err }
func (s *stubEngine) SetTemplate(cluster.Template) error    { s.calls++; return s.err }
func (s *stubEngine) SetStrategy(cluster.Strategy) error    { s.calls++; return s.err }
func (s *stubEngine) Pause() error                          { s.calls++; return s.err }
func (s *stubEngine) Resume() error                         { s.calls++; return s.err }
func (s *stubEngine) Undo(int) (int, error)                 { s.calls++; return 1, s.err }
func (s *stubEngine) SetLoad(int, int) error                { s.calls++; return s.err }
func (s *stubEngine) Autoscale(cluster.HPASpec, string) error {
	s.calls++
	return s.err
}

// clusterActions call every action of e once.
func clusterActions(e cluster.Engine) {
	e.KillPod("")
	e.DeletePod("")
	e.HangPod("")
	e.CrashLoopPod("")
	e.KillNode("")
	e.Scale(2)
	e.SetTemplate(cluster.Template{Version: "v2"})
	e.SetStrategy(cluster.Strategy{Recreate: true})
	e.Pause()
	e.Resume()
	e.Undo(0)
	e.SetLoad(5, 0)
	e.Autoscale(cluster.HPASpec{MinReplicas: 1, MaxReplicas: 3, Target: 50}, "cpu")
}

func TestClusterEmitsOnSuccessOnly(t *testing.T) {
	var got []scenario.Command
	sink := func(c scenario.Command) { got = append(got, c) }

	ok := &stubEngine{}
	clusterActions(Cluster(ok, sink))
	actions := []string{"kill-pod", "delete-pod", "hang-pod", "crashloop-pod", "kill-node", "scale", "set-template",
		"set-strategy", "pause", "resume", "undo", "set-load", "autoscale"}
	if len(got) != len(actions) || ok.calls != len(actions) {
		t.Fatalf("%d commands for %d calls, want %d: %+v", len(got), ok.calls, len(actions), got)
	}
	for i, c := range got {
		if c.Action != actions[i] || c.At.IsZero() || c.Text == "" {
			t.Errorf("command %d = %+v, want action %s with a time and a text", i, c, actions[i])
		}
	}
	if got[0].Text != "kubectl delete pod web-x --grace-period=0 --force" {
		t.Errorf("kill-pod names the pod acted on: %q", got[0].Text)
	}
	if got[5].Text != "kubectl scale deployment/shop --replicas=2" {
		t.Errorf("the Deployment's name comes from the snapshot: %q", got[5].Text)
	}

	got = nil
	failing := &stubEngine{err: errors.New("no")}
	clusterActions(Cluster(failing, sink))
	if len(got) != 0 || failing.calls != len(actions) {
		t.Errorf("failed actions sent %d commands (%d calls): %+v", len(got), failing.calls, got)
	}
}

type stubTimed struct {
	stubEngine
	d time.Duration
}

func (s *stubTimed) FastForward() (time.Duration, bool) { return s.d, s.d > 0 }

func TestClusterKeepsFastForward(t *testing.T) {
	var got []scenario.Command
	e := Cluster(&stubTimed{d: 10 * time.Second}, func(c scenario.Command) { got = append(got, c) })
	tc, ok := e.(cluster.TimeControl)
	if !ok {
		t.Fatal("a decorated engine lost its fast-forward")
	}
	tc.FastForward()
	if len(got) != 1 || got[0].Action != "fast-forward" {
		t.Errorf("fast-forward sent %+v", got)
	}
	got = nil
	Cluster(&stubTimed{}, func(c scenario.Command) { got = append(got, c) }).(cluster.TimeControl).FastForward()
	if len(got) != 0 {
		t.Errorf("a fast-forward with nothing to wait for sent %+v", got)
	}
	if _, ok := Cluster(&stubEngine{}, nil).(cluster.TimeControl).FastForward(); ok {
		t.Error("an engine without fast-forward gained one")
	}
	if inner := Unwrap(e); inner == e {
		t.Error("Unwrap returned the decorator")
	}
}

// stubFunction accepts configurations when err is nil.
type stubFunction struct {
	faas.Function
	cfg   faas.Config
	err   error
	skips bool
}

func (s *stubFunction) Config() faas.Config                             { return s.cfg }
func (s *stubFunction) Invoke(context.Context) faas.Invocation          { return faas.Invocation{} }
func (s *stubFunction) InvokeWork(context.Context, int) faas.Invocation { return faas.Invocation{} }
func (s *stubFunction) Burst(context.Context, int) []faas.Invocation    { return nil }
func (s *stubFunction) SkipToIdleReap() bool                            { return s.skips }
func (s *stubFunction) Reset(context.Context) error                     { return s.err }
func (s *stubFunction) Configure(c faas.Config) error {
	if s.err == nil {
		s.cfg = c
	}
	return s.err
}

func TestFunctionEmitsOnSuccessOnly(t *testing.T) {
	var got []string
	sink := func(c scenario.Command) { got = append(got, c.Action+": "+c.Text) }
	ctx := context.Background()
	bigger := faas.Defaults
	bigger.MemoryMB = 1024

	f := Function(&stubFunction{cfg: faas.Defaults, skips: true}, sink)
	f.Invoke(ctx)
	f.InvokeWork(ctx, 10)
	f.Burst(ctx, 3)
	f.Configure(bigger)
	f.SkipToIdleReap()
	f.Reset(ctx)
	want := []string{"invoke", "invoke", "burst", "configure", "skip-idle", "reset"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want actions %q", got, want)
	}
	for i, g := range got {
		if !strings.HasPrefix(g, want[i]+": ") {
			t.Errorf("command %d = %q, want action %s", i, g, want[i])
		}
	}
	if got[3] != "configure: aws lambda update-function-configuration --function-name cold-start --memory-size 1024" {
		t.Errorf("configure compares with the configuration before: %q", got[3])
	}

	got = nil
	f = Function(&stubFunction{cfg: faas.Defaults, err: errors.New("no")}, sink)
	f.Configure(bigger)
	f.SkipToIdleReap()
	f.Reset(ctx)
	if len(got) != 0 {
		t.Errorf("refused actions sent %q", got)
	}
}

func TestTee(t *testing.T) {
	n := 0
	count := func(scenario.Command) { n++ }
	Tee(count, nil, count)(scenario.Command{})
	if n != 2 {
		t.Errorf("Tee called %d sinks, want 2", n)
	}
}
