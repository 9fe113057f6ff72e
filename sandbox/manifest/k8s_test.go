package manifest

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// base is a valid Deployment; cases edit it, so their line numbers refer
// to these lines.
const base = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: coldstart/web:v1
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: http
`

// service follows base after "---" on line 25, so it starts on line 26.
const service = `---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
`

// hpa follows base after "---" on line 25.
const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 5
`

func edit(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("test edit does not apply: " + old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestParseK8sProblems(t *testing.T) {
	tests := []problemCase{
		{"typo'd field", edit(base, "image:", "imagee:"), 17, "spec.template.spec.containers[0].imagee", `unknown field; did you mean "image"?`},
		{"wrong type", edit(base, "replicas: 2", "replicas: three"), 6, "spec.replicas", "a string where int32 belongs"},
		{"syntax error", edit(base, "replicas: 2", "replicas: [2"), 6, "", "YAML syntax: did not find expected ',' or ']'"},
		{"duplicate key", base + "  replicas: 3\n", 25, "spec.replicas", "set twice (first on line 6)"},
		{"unknown kind", edit(base, "kind: Deployment", "kind: StatefulSet"), 2, "kind", "accepted are apps/v1 Deployment, v1 Service, autoscaling/v2 HorizontalPodAutoscaler"},
		{"old apiVersion", edit(base, "apps/v1", "extensions/v1beta1"), 1, "apiVersion", `accepted is apps/v1`},
		{"selector misses template", edit(base, "      app: web\n  template", "      app: api\n  template"), 12, "spec.template.metadata.labels", "selector does not match template labels"},
		{"no selector", edit(base, "  selector:\n    matchLabels:\n      app: web\n", ""), 5, "spec.selector", "required"},
		{"probe port unknown", edit(base, "port: http", "port: htp"), 24, "spec.template.spec.containers[0].readinessProbe.httpGet.port", "htp matches no container port (declared: http=8080)"},
		{"probe port number undeclared", edit(base, "port: http", "port: 9090"), 24, "spec.template.spec.containers[0].readinessProbe.httpGet.port", "9090 matches no container port"},
		{"second container", base + "      - name: side\n        image: x\n", 15, "spec.template.spec.containers", "2 containers; exactly one is modelled here"},
		{"refused field", base + "      hostNetwork: true\n", 25, "spec.template.spec.hostNetwork", "not modelled here, and it would change the outcome; remove it"},
		{"refused nested field", base + "        env:\n        - name: A\n          valueFrom:\n            secretKeyRef: {name: s, key: k}\n", 27, "spec.template.spec.containers[0].env[0].valueFrom", "remove it"},
		{"refused probe handler", base + "        livenessProbe:\n          exec:\n            command: [cat, /tmp/ok]\n", 26, "spec.template.spec.containers[0].livenessProbe.exec", "remove it"},
		{"both limits 0", base + "  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n", 26, "spec.strategy.rollingUpdate", "may not be 0 when maxSurge is 0"},
		{"maxUnavailable above 100%", base + "  strategy:\n    rollingUpdate:\n      maxUnavailable: 120%\n", 26, "spec.strategy.rollingUpdate", "must not be greater than 100%"},
		{"quoted number as a limit", base + "  strategy:\n    rollingUpdate:\n      maxSurge: \"1\"\n", 27, "spec.strategy.rollingUpdate.maxSurge", "must be an integer or a percentage"},
		{"quoted probe port", edit(base, "port: http", "port: \"8080\""), 24, "spec.template.spec.containers[0].readinessProbe.httpGet.port", "matches no container port"},
		{"Recreate with rollingUpdate", base + "  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n", 27, "spec.strategy.rollingUpdate", "may not be specified when strategy type is 'Recreate'"},
		{"unknown strategy", base + "  strategy:\n    type: BlueGreen\n", 26, "spec.strategy.type", "supported values"},
		{"negative replicas", edit(base, "replicas: 2", "replicas: -1"), 6, "spec.replicas", "must be greater than or equal to 0"},
		{"deadline not above minReady", base + "  minReadySeconds: 600\n", 5, "spec.progressDeadlineSeconds", "must be greater than minReadySeconds"},
		{"liveness successThreshold", base + "        livenessProbe:\n          httpGet: {port: 8080}\n          successThreshold: 2\n", 27, "spec.template.spec.containers[0].livenessProbe.successThreshold", "must be 1"},
		{"probe period 0 is defaulted, -1 is not", base + "        livenessProbe:\n          httpGet: {port: 8080}\n          periodSeconds: -1\n", 27, "spec.template.spec.containers[0].livenessProbe.periodSeconds", "must be greater than or equal to 1"},
		{"request above limit", base + "        resources:\n          requests: {cpu: 500m}\n          limits: {cpu: 250m}\n", 26, "spec.template.spec.containers[0].resources.requests.cpu", "must be less than or equal to cpu limit"},
		{"restartPolicy", base + "      restartPolicy: Never\n", 25, "spec.template.spec.restartPolicy", `must use "Always"`},
		{"spread over zones", base + "      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector: {matchLabels: {app: web}}\n", 27, "spec.template.spec.topologySpreadConstraints[0].topologyKey", "only kubernetes.io/hostname is modelled here"},
		{"anti-affinity on other pods", base + "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - topologyKey: kubernetes.io/hostname\n            labelSelector: {matchLabels: {app: db}}\n", 29, "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector", "rules about other pods are not modelled here"},
		{"bad container name", edit(base, "- name: web", "- name: Web_1"), 16, "spec.template.spec.containers[0].name", "RFC 1123"},
		{"bad env name", base + "        env:\n        - {name: \"A=B\", value: x}\n", 26, "spec.template.spec.containers[0].env[0].name", "valid environment variable name"},
		{"bad deployment name", edit(base, "name: web\nspec", "name: Web\nspec"), 4, "metadata.name", "RFC 1123"},
		{"no image", edit(base, "        image: coldstart/web:v1\n", ""), 16, "spec.template.spec.containers[0].image", "required"},

		{"service selects nothing", base + edit(service, "    app: web", "    app: api"), 31, "spec.selector", `selects none of Deployment "web"'s pods`},
		{"service target port name", base + edit(service, "targetPort: http", "targetPort: grpc"), 35, "spec.ports[0].targetPort", "grpc matches no container port"},
		{"service UDP", base + service + "    protocol: UDP\n", 36, "spec.ports[0].protocol", "only TCP is modelled here"},
		{"service typo in second document", base + edit(service, "selector:", "selecter:"), 31, "spec.selecter", `did you mean "selector"?`},
		{"second service", base + service + service, 38, "kind", "a second Service"},

		{"hpa targets another deployment", base + edit(hpa, "name: web\n  minReplicas", "name: api\n  minReplicas"), 31, "spec.scaleTargetRef", "name web"},
		{"hpa min above max", base + edit(hpa, "maxReplicas: 5", "maxReplicas: 1"), 36, "spec.maxReplicas", "must be greater than or equal to minReplicas (2)"},
		{"hpa external metric", base + hpa + "  metrics:\n  - type: External\n    external:\n      metric: {name: queue}\n      target: {type: Value, value: 3}\n", 38, "spec.metrics[0].type", `"External": modelled are Resource`},
		{"hpa memory metric", base + hpa + "  metrics:\n  - type: Resource\n    resource:\n      name: memory\n      target: {type: Utilization, averageUtilization: 60}\n", 40, "spec.metrics[0].resource.name", "only cpu is modelled here"},
		{"hpa window too long", base + hpa + "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 4000\n", 39, "spec.behavior.scaleDown.stabilizationWindowSeconds", "between 0 and 3600"},
		{"hpa policy period", base + hpa + "  behavior:\n    scaleUp:\n      policies:\n      - {type: Pods, value: 2, periodSeconds: 0}\n", 40, "spec.behavior.scaleUp.policies[0].periodSeconds", "between 1 and 1800"},

		{"no deployment", strings.TrimPrefix(service, "---\n"), 1, "", "no Deployment"},
		{"not a mapping", "- a\n- b\n", 1, "", "must be a mapping"},
	}
	checkProblems(t, "app.yaml", ParseK8s, tests)
}

func TestParseK8sAllProblemsAtOnce(t *testing.T) {
	doc := edit(edit(base, "image:", "imagee:"), "containerPort:", "containerPrt:")
	_, _, err := ParseK8s("app.yaml", []byte(doc))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[0].Line != 17 || ps[1].Line != 20 {
		t.Fatalf("want two problems on lines 17 and 20, got %v", err)
	}
	want := "app.yaml:17: spec.template.spec.containers[0].imagee: unknown field; did you mean \"image\"?"
	if got := strings.Split(err.Error(), "\n")[0]; got != want {
		t.Errorf("first line\n got %s\nwant %s", got, want)
	}
}

func TestParseK8sNotes(t *testing.T) {
	tests := []noteCase{
		{"node affinity", base + "      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 1\n            preference: {matchExpressions: [{key: disk, operator: In, values: [ssd]}]}\n", 26, "spec.template.spec.affinity.nodeAffinity"},
		{"tolerations", base + "      tolerations:\n      - {key: k, operator: Exists}\n", 25, "spec.template.spec.tolerations"},
		{"image pull policy", base + "        imagePullPolicy: Always\n", 25, "spec.template.spec.containers[0].imagePullPolicy"},
		{"probe scheme", edit(base, "path: /ready", "path: /ready\n            scheme: HTTPS"), 24, "spec.template.spec.containers[0].readinessProbe.httpGet.scheme"},
		{"hpa tolerance", base + hpa + "  behavior:\n    scaleUp:\n      tolerance: 50m\n", 39, "spec.behavior.scaleUp.tolerance"},
		{"cpu utilization without request", base + hpa + "  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n", 38, "spec.metrics[0]"},
	}
	checkNotes(t, "app.yaml", ParseK8s, tests)
}

func TestParseK8sZeroFieldsNeedNoNote(t *testing.T) {
	// kubectl get -o yaml writes zero values and status; none is a note.
	doc := base + "      hostNetwork: false\n      tolerations: []\n      nodeName: \"\"\nstatus: {replicas: 2}\n"
	if _, notes, err := ParseK8s("app.yaml", []byte(doc)); err != nil || len(notes) != 0 {
		t.Fatalf("got notes %v, err %v", notes, err)
	}
}

// TestDefaults checks every default against the value upstream documents
// (https://kubernetes.io/docs/reference/kubernetes-api/). The wants are
// literals, not the package's constants, so a wrong constant fails.
func TestDefaults(t *testing.T) {
	doc := `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: web
        ports: [{containerPort: 8080}]
        resources: {limits: {cpu: 500m, memory: 64Mi}}
        readinessProbe: {httpGet: {port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8080}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
`
	app, _, err := ParseK8s("app.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	d, c, p := app.Deployment, app.Deployment.Container, app.Deployment.Container.Readiness
	up, down := app.HPA.ScaleUp, app.HPA.ScaleDown
	tests := []struct {
		field     string
		got, want any
	}{
		{"spec.replicas", d.Replicas, 1},
		{"spec.strategy.type", d.Strategy.Recreate, false},
		{"spec.strategy.rollingUpdate.maxSurge", d.Strategy.MaxSurge, "25%"},
		{"spec.strategy.rollingUpdate.maxUnavailable", d.Strategy.MaxUnavailable, "25%"},
		{"spec.minReadySeconds", d.MinReady, time.Duration(0)},
		{"spec.progressDeadlineSeconds", d.ProgressDeadline, 600 * time.Second},
		{"spec.revisionHistoryLimit", d.RevisionHistoryLimit, 10},
		{"terminationGracePeriodSeconds", d.TerminationGrace, 30 * time.Second},
		{"requests default to limits (cpu)", c.Requests.MilliCPU, int64(500)},
		{"requests default to limits (memory)", c.Requests.MemoryBytes, int64(64 << 20)},
		{"probe httpGet.path", p.Path, "/"},
		{"probe initialDelaySeconds", p.InitialDelay, time.Duration(0)},
		{"probe periodSeconds", p.Period, 10 * time.Second},
		{"probe timeoutSeconds", p.Timeout, time.Second},
		{"probe failureThreshold", p.FailureThreshold, 3},
		{"probe successThreshold", p.SuccessThreshold, 1},
		{"service type", app.Service.Type, "ClusterIP"},
		{"service targetPort", app.Service.Ports[0].TargetPort, 8080},
		{"hpa minReplicas", app.HPA.Min, 1},
		{"hpa metrics", app.HPA.Metrics, []Metric{{Name: "cpu", Target: 80}}},
		{"scaleUp window", up.StabilizationWindow, time.Duration(0)},
		{"scaleUp policies", up.Policies, []ScalingPolicy{{"Pods", 4, 15 * time.Second}, {"Percent", 100, 15 * time.Second}}},
		{"scaleUp selectPolicy", up.SelectPolicy, "Max"},
		{"scaleDown window", down.StabilizationWindow, 300 * time.Second},
		{"scaleDown policies", down.Policies, []ScalingPolicy{{"Percent", 100, 15 * time.Second}}},
		{"scaleDown selectPolicy", down.SelectPolicy, "Max"},
	}
	for _, tc := range tests {
		if !equal(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.field, tc.got, tc.want)
		}
	}
}

func TestPartialBehaviorKeepsOtherDefaults(t *testing.T) {
	doc := base + hpa + "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n"
	app, _, err := ParseK8s("app.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := app.HPA.ScaleDown
	want := ScalingRules{StabilizationWindow: time.Minute, SelectPolicy: "Max",
		Policies: []ScalingPolicy{{"Percent", 100, 15 * time.Second}}}
	if !equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestExamples(t *testing.T) {
	read := func(name string) *App {
		t.Helper()
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		app, notes, err := ParseK8s(name, b)
		if err != nil || len(notes) > 0 {
			t.Fatalf("%s: notes %v, err %v", name, notes, err)
		}
		return app
	}
	zd := read("zero-downtime.yaml")
	if s, u := zd.Deployment.Strategy.Resolve(zd.Deployment.Replicas); s != 1 || u != 0 {
		t.Errorf("zero-downtime: surge %d unavailable %d, want 1 and 0", s, u)
	}
	if r := zd.Deployment.Container.Readiness; r.Port != 8080 || r.Period != 2*time.Second {
		t.Errorf("zero-downtime readiness: %+v", r)
	}
	if p := zd.Service.Ports[0]; p.Port != 80 || p.TargetPort != 8080 {
		t.Errorf("zero-downtime service port: %+v", p)
	}
	if sp := zd.Deployment.Spread; len(sp) != 1 || sp[0].DoNotSchedule {
		t.Errorf("zero-downtime spread: %+v", sp)
	}

	cl := read("crashloop.yaml")
	if l := cl.Deployment.Container.Liveness; l.Period != time.Second || l.FailureThreshold != 3 || cl.Deployment.Container.Startup != nil {
		t.Errorf("crashloop liveness: %+v", l)
	}

	h := read("hpa.yaml").HPA
	want := []Metric{{MetricRequestsPerSecond, 50}, {MetricCPU, 70}}
	if h.Min != 2 || h.Max != 10 || !equal(h.Metrics, want) || h.ScaleDown.StabilizationWindow != 2*time.Minute {
		t.Errorf("hpa: %+v", h)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{"a.yaml", 3, "spec.replicas", "bad"}, "a.yaml:3: spec.replicas: bad"},
		{Problem{"a.yaml", 0, "", "bad"}, "a.yaml: bad"},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	if got := (Problems{tests[0].p, tests[1].p}).Error(); got != tests[0].want+"\n"+tests[1].want {
		t.Errorf("Problems.Error: %q", got)
	}
}
