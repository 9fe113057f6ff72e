package check

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/manifest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
)

// deploymentYAML is a Deployment whose pod spec ends where a case adds its
// lines (indented for the container, or for the pod spec).
const deploymentYAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
%s      containers:
        - name: web
          image: coldstart-workload:v1
          ports:
            - containerPort: 8080
%s`

func parsePlan(t *testing.T, podSpec, container, more string) clusterPlan {
	t.Helper()
	data := []byte(fmt.Sprintf(deploymentYAML, podSpec, container) + more)
	app, _, err := manifest.ParseK8s("app.yaml", data)
	if err != nil {
		t.Fatalf("ParseK8s: %v\n%s", err, data)
	}
	p, err := plan(app)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanProbes(t *testing.T) {
	readiness := "          readinessProbe:\n            httpGet: {path: /readyz, port: 8080}\n            periodSeconds: 1\n            failureThreshold: 2\n"
	startup := "          startupProbe:\n            httpGet: {path: /healthz, port: 8080}\n            initialDelaySeconds: 2\n            periodSeconds: 1\n            failureThreshold: 30\n"
	liveness := "          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n            timeoutSeconds: 2\n"
	tests := []struct {
		name      string
		container string
		want      cluster.Probes
	}{
		{"none: ready once running", "", cluster.Probes{}},
		{"readiness", readiness, cluster.Probes{Readiness: &cluster.Probe{Path: "/readyz", Period: time.Second, Timeout: time.Second, FailureThreshold: 2, SuccessThreshold: 1}}},
		{"startup gates liveness", startup + liveness, cluster.Probes{
			Startup:  &cluster.Probe{Path: "/healthz", InitialDelay: 2 * time.Second, Period: time.Second, Timeout: time.Second, FailureThreshold: 30, SuccessThreshold: 1},
			Liveness: &cluster.Probe{Path: "/healthz", Period: 10 * time.Second, Timeout: 2 * time.Second, FailureThreshold: 3, SuccessThreshold: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parsePlan(t, "", tt.container, "").Config.Template.Probes
			if got == nil || !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("probes = %s, want %s", probesString(got), probesString(&tt.want))
			}
		})
	}
}

// probesString shows each set probe, for a failure message.
func probesString(p *cluster.Probes) string {
	if p == nil {
		return "nil (the demos' probes)"
	}
	show := func(x *cluster.Probe) string {
		if x == nil {
			return "-"
		}
		return fmt.Sprintf("%+v", *x)
	}
	return fmt.Sprintf("{readiness %s, liveness %s, startup %s}", show(p.Readiness), show(p.Liveness), show(p.Startup))
}

func TestPlanPodSpec(t *testing.T) {
	tests := []struct {
		name         string
		podSpec, ctr string
		check        func(orchestrator.Config) bool
		want         string
	}{
		{"grace as written", "      terminationGracePeriodSeconds: 5\n", "",
			func(c orchestrator.Config) bool { return c.Template.TerminationGrace == 5*time.Second }, "grace 5s"},
		{"grace 0 kills at once", "      terminationGracePeriodSeconds: 0\n", "",
			func(c orchestrator.Config) bool { return c.Template.TerminationGrace == cluster.NoGrace }, "NoGrace"},
		{"spread", "      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: DoNotSchedule\n          labelSelector: {matchLabels: {app: web}}\n", "",
			func(c orchestrator.Config) bool {
				return reflect.DeepEqual(c.Template.Spread, []cluster.Spread{{MaxSkew: 1, DoNotSchedule: true}})
			}, "one DoNotSchedule constraint of skew 1"},
		{"anti-affinity", "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - topologyKey: kubernetes.io/hostname\n              labelSelector: {matchLabels: {app: web}}\n", "",
			func(c orchestrator.Config) bool { return c.Template.OnePerNode }, "one per node"},
		{"resources and env", "", "          env:\n            - {name: LOG_LEVEL, value: debug}\n            - {name: LOG_LEVEL, value: info}\n          resources:\n            requests: {cpu: 250m}\n            limits: {cpu: 500m, memory: 100Mi}\n",
			func(c orchestrator.Config) bool {
				t := c.Template
				return t.Env["LOG_LEVEL"] == "info" && t.Env["COLDSTART_WL_TIME_SCALE"] == "10" && t.CPURequest == 0.25 && t.CPUs == 0.5 && t.MemoryMB == 100
			}, "the last LOG_LEVEL, the time scale, request 0.25, limits 0.5 CPU and 100 MiB"},
		{"history as defaulted", "", "",
			func(c orchestrator.Config) bool { return c.Rollout.RevisionHistoryLimit == 10 }, "the default 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parsePlan(t, tt.podSpec, tt.ctr, "").Config
			if !tt.check(c) {
				t.Errorf("config %+v; want %s", c, tt.want)
			}
		})
	}
}

func TestPlanHPA(t *testing.T) {
	hpa := `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 8
  metrics:
    - type: Pods
      pods:
        metric: {name: requests_per_second}
        target: {type: AverageValue, averageValue: "50"}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 60
      selectPolicy: Min
      policies:
        - {type: Pods, value: 1, periodSeconds: 30}
        - {type: Percent, value: 50, periodSeconds: 30}
`
	p := parsePlan(t, "", "", hpa)
	want := &cluster.HPASpec{MinReplicas: 2, MaxReplicas: 8, Target: 50, Behavior: &cluster.HPABehavior{
		ScaleUp: cluster.HPARules{Select: "Max", Policies: []cluster.HPAPolicy{{Value: 4, Period: 15 * time.Second}, {Percent: true, Value: 100, Period: 15 * time.Second}}},
		ScaleDown: cluster.HPARules{Window: time.Minute, Select: "Min", Policies: []cluster.HPAPolicy{
			{Value: 1, Period: 30 * time.Second}, {Percent: true, Value: 50, Period: 30 * time.Second}}},
	}}
	if !reflect.DeepEqual(p.HPA, want) || p.Metric != "rps" {
		t.Errorf("HPA = %+v %+v (%s), want %+v %+v (rps)", p.HPA, p.HPA.Behavior, p.Metric, want, want.Behavior)
	}
}
