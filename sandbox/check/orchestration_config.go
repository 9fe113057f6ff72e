package check

// What a learner's manifest becomes on the embedded control plane: the
// manifest's App mapped field by field to the orchestrator's Config and
// the HPA's spec. Durations stay control-plane time; the clock's scale
// (TimeScale) makes them real.

import (
	"fmt"
	"math"
	"strconv"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/manifest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// TimeScale is how many times faster than real time the exercise's
// control plane runs: a manifest's periodSeconds: 1 probes every 100 ms, a
// step's "wait 30s" waits 3 s, the app's WARMUP_SECONDS: 3 warms up for
// 300 ms. Requests, their rates and latencies are real.
const TimeScale = 10

// ExerciseNodes is the cluster's size in every orchestration exercise.
const ExerciseNodes = 3

// clusterPlan is how one App runs: the cluster's config and, when the
// files hold an HPA, its spec and metric.
type clusterPlan struct {
	Config  orchestrator.Config
	HPA     *cluster.HPASpec
	Metric  string // "cpu" or "rps"
	Service bool   // the files hold a Service: load steps go through it
}

// plan maps app to the control plane; an error is a value the engine
// cannot run (the API server would accept it).
func plan(app *manifest.App) (clusterPlan, error) {
	d := app.Deployment
	if d.Replicas > orchestrator.MaxReplicas {
		return clusterPlan{}, fmt.Errorf("replicas %d: at most %d run on a laptop", d.Replicas, orchestrator.MaxReplicas)
	}
	p := clusterPlan{Service: app.Service != nil}
	p.Config = orchestrator.Config{
		Deployment:  d.Name,
		Replicas:    d.Replicas,
		Nodes:       ExerciseNodes,
		Template:    podTemplate(d),
		TrafficRate: -1, // the exercise's load steps are the only traffic
		Rollout: orchestrator.Rollout{
			Strategy:             d.Strategy,
			MinReadySeconds:      d.MinReady,
			ProgressDeadline:     d.ProgressDeadline,
			RevisionHistoryLimit: d.RevisionHistoryLimit,
		},
	}
	if d.RevisionHistoryLimit == 0 {
		p.Config.Rollout.RevisionHistoryLimit = orchestrator.NoHistory
	}
	if h := app.HPA; h != nil {
		spec, metric, err := hpaSpec(h)
		if err != nil {
			return clusterPlan{}, err
		}
		p.HPA, p.Metric = &spec, metric
	}
	return p, nil
}

// podTemplate is the pod template: the container's env as written (later
// entries win, as the kubelet sets them), under the engine's own settings.
func podTemplate(d manifest.Deployment) orchestrator.Template {
	c := d.Container
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	env[workload.EnvTimeScale] = strconv.Itoa(TimeScale)
	t := orchestrator.Template{
		Version:    "v1",
		Env:        env,
		Command:    c.Command,
		Args:       c.Args,
		MemoryMB:   int(math.Ceil(float64(c.Limits.MemoryBytes) / (1 << 20))),
		CPUs:       float64(c.Limits.MilliCPU) / 1000,
		CPURequest: float64(c.Requests.MilliCPU) / 1000,
		Probes: &cluster.Probes{
			Readiness: probe(c.Readiness),
			Liveness:  probe(c.Liveness),
			Startup:   probe(c.Startup),
		},
		TerminationGrace: d.TerminationGrace,
		OnePerNode:       d.OnePerNode,
	}
	if d.TerminationGrace == 0 {
		t.TerminationGrace = cluster.NoGrace
	}
	for _, s := range d.Spread {
		t.Spread = append(t.Spread, cluster.Spread{MaxSkew: s.MaxSkew, DoNotSchedule: s.DoNotSchedule})
	}
	return t
}

func probe(p *manifest.Probe) *cluster.Probe {
	if p == nil {
		return nil
	}
	return &cluster.Probe{Path: p.Path, InitialDelay: p.InitialDelay, Period: p.Period, Timeout: p.Timeout,
		FailureThreshold: p.FailureThreshold, SuccessThreshold: p.SuccessThreshold}
}

// hpaSpec maps an autoscaling/v2 HPA. The engine measures one metric: the
// first the HPA lists.
func hpaSpec(h *manifest.HPA) (cluster.HPASpec, string, error) {
	if len(h.Metrics) == 0 {
		return cluster.HPASpec{}, "", fmt.Errorf("HorizontalPodAutoscaler %s: no metric", h.Name)
	}
	if h.Max > cluster.MaxReplicas {
		return cluster.HPASpec{}, "", fmt.Errorf("HorizontalPodAutoscaler %s: maxReplicas %d: at most %d run on a laptop", h.Name, h.Max, cluster.MaxReplicas)
	}
	m := h.Metrics[0]
	metric := "rps"
	if m.Name == manifest.MetricCPU {
		metric = "cpu"
	}
	spec := cluster.HPASpec{
		MinReplicas: h.Min, MaxReplicas: h.Max, Target: m.Target,
		Behavior: &cluster.HPABehavior{ScaleUp: rules(h.ScaleUp), ScaleDown: rules(h.ScaleDown)},
	}
	return spec, metric, nil
}

func rules(r manifest.ScalingRules) cluster.HPARules {
	out := cluster.HPARules{Window: r.StabilizationWindow, Select: r.SelectPolicy}
	for _, p := range r.Policies {
		out.Policies = append(out.Policies, cluster.HPAPolicy{Percent: p.Type == "Percent", Value: p.Value, Period: p.Period})
	}
	return out
}
