package manifest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// hostname is the only topology the engine has: its nodes.
const hostname = "kubernetes.io/hostname"

// checker collects the problems of one document, each located on the line
// of its field path.
type checker struct {
	file  string
	root  *yaml.Node
	notes []Note
	ps    Problems
}

func (c *checker) errorf(path, format string, args ...any) {
	c.ps = append(c.ps, Problem{File: c.file, Line: lineOf(c.root, path), Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) notef(path, format string, args ...any) {
	c.notes = append(c.notes, Note{File: c.file, Line: lineOf(c.root, path), Path: path, Message: fmt.Sprintf(format, args...)})
}

// atLeast rejects a number below min, as the API server's
// ValidateNonnegativeField and friends do.
func (c *checker) atLeast(path string, v int32, min int32) {
	if v < min {
		c.errorf(path, "must be greater than or equal to %d", min)
	}
}

// app validates the defaulted objects, each on its own and against each
// other, and converts them.
func (o *objects) app() (*App, []Note, error) {
	c := &checker{file: o.file, root: o.roots[o.deployment]}
	app := &App{Deployment: c.deployment(o.deployment)}
	if o.service != nil {
		c.root = o.roots[o.service]
		app.Service = c.service(o.service, &app.Deployment)
	}
	if o.hpa != nil {
		c.root = o.roots[o.hpa]
		app.HPA = c.hpa(o.hpa, &app.Deployment)
	}
	if len(c.ps) > 0 {
		return nil, c.notes, c.ps.err()
	}
	return app, c.notes, nil
}

func (c *checker) name(path, name string) {
	if name == "" {
		c.errorf(path, "required")
		return
	}
	for _, msg := range validation.IsDNS1123Subdomain(name) {
		c.errorf(path, "%q: %s", name, msg)
	}
}

func (c *checker) labels(path string, m map[string]string) {
	for k, v := range m {
		for _, msg := range validation.IsQualifiedName(k) {
			c.errorf(path, "key %q: %s", k, msg)
		}
		for _, msg := range validation.IsValidLabelValue(v) {
			c.errorf(path, "value %q: %s", v, msg)
		}
	}
}

func (c *checker) deployment(d *appsv1.Deployment) Deployment {
	s := d.Spec
	c.name("metadata.name", d.Name)
	out := Deployment{
		Name:                 d.Name,
		Replicas:             int(*s.Replicas),
		Labels:               s.Template.Labels,
		MinReady:             seconds(s.MinReadySeconds),
		ProgressDeadline:     seconds(*s.ProgressDeadlineSeconds),
		RevisionHistoryLimit: int(*s.RevisionHistoryLimit),
		TerminationGrace:     time.Duration(*s.Template.Spec.TerminationGracePeriodSeconds) * time.Second,
	}
	c.atLeast("spec.replicas", *s.Replicas, 0)
	c.atLeast("spec.minReadySeconds", s.MinReadySeconds, 0)
	c.atLeast("spec.revisionHistoryLimit", *s.RevisionHistoryLimit, 0)
	if *s.ProgressDeadlineSeconds <= s.MinReadySeconds {
		c.errorf("spec.progressDeadlineSeconds", "must be greater than minReadySeconds")
	}
	if *s.Template.Spec.TerminationGracePeriodSeconds < 0 {
		c.errorf("spec.template.spec.terminationGracePeriodSeconds", "must be greater than or equal to 0")
	}

	// apps/v1 requires a selector, and it must select the template's pods.
	if s.Selector == nil || len(s.Selector.MatchLabels) == 0 {
		c.errorf("spec.selector", "required: matchLabels naming the pod template's labels")
	} else {
		out.Selector = s.Selector.MatchLabels
		c.labels("spec.selector.matchLabels", s.Selector.MatchLabels)
		if !selects(out.Selector, out.Labels) {
			c.errorf("spec.template.metadata.labels", "selector does not match template labels (%s)", labels.Set(out.Selector))
		}
	}
	c.labels("spec.template.metadata.labels", out.Labels)

	switch s.Strategy.Type {
	case appsv1.RecreateDeploymentStrategyType:
		out.Strategy = cluster.Strategy{Recreate: true}
		if s.Strategy.RollingUpdate != nil {
			c.errorf("spec.strategy.rollingUpdate", "may not be specified when strategy type is 'Recreate'")
		}
	case appsv1.RollingUpdateDeploymentStrategyType:
		ru := s.Strategy.RollingUpdate
		out.Strategy = cluster.Strategy{MaxSurge: ru.MaxSurge.String(), MaxUnavailable: ru.MaxUnavailable.String()}
		// A string limit must be a percentage: "1" quoted is refused, as
		// by the API server's ValidatePositiveIntOrPercent.
		for _, l := range []struct {
			name string
			v    *intstr.IntOrString
		}{{"maxSurge", ru.MaxSurge}, {"maxUnavailable", ru.MaxUnavailable}} {
			if name, v := l.name, l.v; v.Type == intstr.String && !strings.HasSuffix(v.StrVal, "%") {
				c.errorf("spec.strategy.rollingUpdate."+name, "%q: must be an integer or a percentage such as \"25%%\"", v.StrVal)
			}
		}
		if err := out.Strategy.Validate(); err != nil {
			c.errorf("spec.strategy.rollingUpdate", "%v", err)
		}
	default:
		c.errorf("spec.strategy.type", "%q: supported values: \"Recreate\", \"RollingUpdate\"", s.Strategy.Type)
	}

	p := s.Template.Spec
	if p.RestartPolicy != corev1.RestartPolicyAlways {
		c.errorf("spec.template.spec.restartPolicy", "%q: a Deployment's pods must use \"Always\"", p.RestartPolicy)
	}
	if len(p.Containers) != 1 {
		c.errorf("spec.template.spec.containers", "%d containers; exactly one is modelled here", len(p.Containers))
	} else {
		out.Container = c.container("spec.template.spec.containers[0]", p.Containers[0])
	}
	for i, t := range p.TopologySpreadConstraints {
		out.Spread = append(out.Spread, c.spread(fmt.Sprintf("spec.template.spec.topologySpreadConstraints[%d]", i), t, out.Labels))
	}
	if a := p.Affinity; a != nil && a.PodAntiAffinity != nil {
		for i, t := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			path := fmt.Sprintf("spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[%d]", i)
			c.ownPods(path, t.TopologyKey, t.LabelSelector, out.Labels)
			out.OnePerNode = true
		}
	}
	return out
}

// ownPods checks a scheduling rule is about the Deployment's own pods per
// node, the only rule the engine can place.
func (c *checker) ownPods(path, key string, sel *metav1.LabelSelector, podLabels map[string]string) {
	if key != hostname {
		c.errorf(path+".topologyKey", "%q: only %s is modelled here", key, hostname)
	}
	if sel == nil || len(sel.MatchExpressions) > 0 || !selects(sel.MatchLabels, podLabels) {
		c.errorf(path+".labelSelector", "must be matchLabels selecting this Deployment's pods; rules about other pods are not modelled here")
	}
}

func (c *checker) spread(path string, t corev1.TopologySpreadConstraint, podLabels map[string]string) Spread {
	if t.MaxSkew <= 0 {
		c.errorf(path+".maxSkew", "must be greater than 0")
	}
	c.ownPods(path, t.TopologyKey, t.LabelSelector, podLabels)
	switch t.WhenUnsatisfiable {
	case corev1.DoNotSchedule, corev1.ScheduleAnyway:
	default:
		c.errorf(path+".whenUnsatisfiable", "%q: supported values: \"DoNotSchedule\", \"ScheduleAnyway\"", t.WhenUnsatisfiable)
	}
	return Spread{MaxSkew: int(t.MaxSkew), DoNotSchedule: t.WhenUnsatisfiable == corev1.DoNotSchedule}
}

func (c *checker) container(path string, k corev1.Container) Container {
	for _, msg := range validation.IsDNS1123Label(k.Name) {
		c.errorf(path+".name", "%q: %s", k.Name, msg)
	}
	if strings.TrimSpace(k.Image) == "" {
		c.errorf(path+".image", "required")
	}
	out := Container{Name: k.Name, Image: k.Image, Command: k.Command, Args: k.Args}
	for i, e := range k.Env {
		for _, msg := range validation.IsEnvVarName(e.Name) {
			c.errorf(fmt.Sprintf("%s.env[%d].name", path, i), "%q: %s", e.Name, msg)
		}
		out.Env = append(out.Env, EnvVar{Name: e.Name, Value: e.Value})
	}
	for i, p := range k.Ports {
		pp := fmt.Sprintf("%s.ports[%d]", path, i)
		if p.ContainerPort < 1 || p.ContainerPort > 65535 {
			c.errorf(pp+".containerPort", "must be between 1 and 65535, inclusive")
		}
		if p.Name != "" {
			for _, msg := range validation.IsValidPortName(p.Name) {
				c.errorf(pp+".name", "%q: %s", p.Name, msg)
			}
		}
		if p.Protocol != corev1.ProtocolTCP {
			c.errorf(pp+".protocol", "%q: only TCP is modelled here", p.Protocol)
		}
		out.Ports = append(out.Ports, Port{Name: p.Name, Number: int(p.ContainerPort)})
	}
	out.Requests = resources(k.Resources.Requests)
	out.Limits = resources(k.Resources.Limits)
	for _, r := range []struct {
		name     string
		req, lim int64
	}{{"cpu", out.Requests.MilliCPU, out.Limits.MilliCPU}, {"memory", out.Requests.MemoryBytes, out.Limits.MemoryBytes}} {
		if r.lim > 0 && r.req > r.lim {
			c.errorf(path+".resources.requests."+r.name, "must be less than or equal to %s limit", r.name)
		}
	}
	for name, q := range k.Resources.Requests {
		if q.Sign() < 0 {
			c.errorf(path+".resources.requests."+string(name), "must be greater than or equal to 0")
		}
	}
	for name, q := range k.Resources.Limits {
		if q.Sign() < 0 {
			c.errorf(path+".resources.limits."+string(name), "must be greater than or equal to 0")
		}
	}
	out.Readiness = c.probe(path+".readinessProbe", k.ReadinessProbe, out.Ports, false)
	out.Liveness = c.probe(path+".livenessProbe", k.LivenessProbe, out.Ports, true)
	out.Startup = c.probe(path+".startupProbe", k.StartupProbe, out.Ports, true)
	return out
}

func resources(l corev1.ResourceList) Resources {
	return Resources{MilliCPU: l.Cpu().MilliValue(), MemoryBytes: l.Memory().Value()}
}

// probe validates an httpGet probe. Liveness and startup probes must have
// successThreshold 1, as the API server requires.
func (c *checker) probe(path string, p *corev1.Probe, ports []Port, mustSucceedOnce bool) *Probe {
	if p == nil {
		return nil
	}
	if p.HTTPGet == nil {
		c.errorf(path, "needs httpGet; it is the only probe handler modelled here")
		return nil
	}
	c.atLeast(path+".initialDelaySeconds", p.InitialDelaySeconds, 0)
	c.atLeast(path+".periodSeconds", p.PeriodSeconds, 1)
	c.atLeast(path+".timeoutSeconds", p.TimeoutSeconds, 1)
	c.atLeast(path+".failureThreshold", p.FailureThreshold, 1)
	c.atLeast(path+".successThreshold", p.SuccessThreshold, 1)
	if mustSucceedOnce && p.SuccessThreshold != 1 {
		c.errorf(path+".successThreshold", "must be 1")
	}
	port, ok := resolvePort(p.HTTPGet.Port, ports)
	if !ok {
		c.errorf(path+".httpGet.port", "%s matches no container port (%s)", p.HTTPGet.Port.String(), portList(ports))
	}
	return &Probe{
		Path:             p.HTTPGet.Path,
		Port:             port,
		InitialDelay:     seconds(p.InitialDelaySeconds),
		Period:           seconds(p.PeriodSeconds),
		Timeout:          seconds(p.TimeoutSeconds),
		FailureThreshold: int(p.FailureThreshold),
		SuccessThreshold: int(p.SuccessThreshold),
	}
}

// resolvePort turns a port number or name into a number. A number must be a
// declared container port when the container declares any: the workload
// listens only on those.
func resolvePort(v intstr.IntOrString, ports []Port) (int, bool) {
	if v.Type == intstr.String {
		for _, p := range ports {
			if p.Name != "" && p.Name == v.StrVal {
				return p.Number, true
			}
		}
		return 0, false // a quoted "8080" is a name to the API server, and no valid one
	}
	n := int(v.IntVal)
	if n < 1 || n > 65535 {
		return 0, false
	}
	if len(ports) == 0 {
		return n, true
	}
	for _, p := range ports {
		if p.Number == n {
			return n, true
		}
	}
	return 0, false
}

func portList(ports []Port) string {
	if len(ports) == 0 {
		return "none declared"
	}
	var s []string
	for _, p := range ports {
		if p.Name != "" {
			s = append(s, fmt.Sprintf("%s=%d", p.Name, p.Number))
		} else {
			s = append(s, strconv.Itoa(p.Number))
		}
	}
	return "declared: " + strings.Join(s, ", ")
}

func (c *checker) service(s *corev1.Service, d *Deployment) *Service {
	c.name("metadata.name", s.Name)
	out := &Service{Name: s.Name, Type: string(s.Spec.Type), Selector: s.Spec.Selector}
	switch s.Spec.Type {
	case corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort, corev1.ServiceTypeLoadBalancer:
	default:
		c.errorf("spec.type", "%q: modelled are ClusterIP, NodePort and LoadBalancer", s.Spec.Type)
	}
	c.labels("spec.selector", s.Spec.Selector)
	if len(s.Spec.Selector) == 0 {
		c.errorf("spec.selector", "required: a Service without a selector has no endpoints here")
	} else if !selects(s.Spec.Selector, d.Labels) {
		c.errorf("spec.selector", "selects none of Deployment %q's pods (labels %s)", d.Name, labels.Set(d.Labels))
	}
	if len(s.Spec.Ports) == 0 {
		c.errorf("spec.ports", "required")
	}
	for i, p := range s.Spec.Ports {
		path := fmt.Sprintf("spec.ports[%d]", i)
		if p.Port < 1 || p.Port > 65535 {
			c.errorf(path+".port", "must be between 1 and 65535, inclusive")
		}
		if len(s.Spec.Ports) > 1 && p.Name == "" {
			c.errorf(path+".name", "required when a Service has more than one port")
		}
		if p.Protocol != corev1.ProtocolTCP {
			c.errorf(path+".protocol", "%q: only TCP is modelled here", p.Protocol)
		}
		target, ok := resolvePort(p.TargetPort, d.Container.Ports)
		if !ok {
			c.errorf(path+".targetPort", "%s matches no container port (%s)", p.TargetPort.String(), portList(d.Container.Ports))
		}
		out.Ports = append(out.Ports, ServicePort{Name: p.Name, Port: int(p.Port), TargetPort: target})
	}
	return out
}

func (c *checker) hpa(h *autoscalingv2.HorizontalPodAutoscaler, d *Deployment) *HPA {
	c.name("metadata.name", h.Name)
	s := h.Spec
	ref := s.ScaleTargetRef
	if ref.Kind != "Deployment" || ref.Name != d.Name || (ref.APIVersion != "" && ref.APIVersion != "apps/v1") {
		c.errorf("spec.scaleTargetRef", "must name the Deployment: apiVersion apps/v1, kind Deployment, name %s", d.Name)
	}
	out := &HPA{Name: h.Name, Min: int(*s.MinReplicas), Max: int(s.MaxReplicas)}
	c.atLeast("spec.minReplicas", *s.MinReplicas, 1)
	if s.MaxReplicas < *s.MinReplicas {
		c.errorf("spec.maxReplicas", "must be greater than or equal to minReplicas (%d)", *s.MinReplicas)
	}
	for i, m := range s.Metrics {
		out.Metrics = append(out.Metrics, c.metric(fmt.Sprintf("spec.metrics[%d]", i), m, d))
	}
	out.ScaleUp = c.rules("spec.behavior.scaleUp", s.Behavior.ScaleUp)
	out.ScaleDown = c.rules("spec.behavior.scaleDown", s.Behavior.ScaleDown)
	return out
}

func (c *checker) metric(path string, m autoscalingv2.MetricSpec, d *Deployment) Metric {
	switch {
	case m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil:
		r := m.Resource
		if r.Name != corev1.ResourceCPU {
			c.errorf(path+".resource.name", "%q: only cpu is modelled here", r.Name)
		}
		if r.Target.Type != autoscalingv2.UtilizationMetricType || r.Target.AverageUtilization == nil {
			c.errorf(path+".resource.target", "must be type Utilization with averageUtilization; only that is modelled here")
			return Metric{}
		}
		if *r.Target.AverageUtilization < 1 {
			c.errorf(path+".resource.target.averageUtilization", "must be greater than 0")
		}
		if d.Container.Requests.MilliCPU == 0 {
			c.notef(path, "cpu Utilization is a percentage of the container's cpu request, and it sets none: the HPA will report FailedGetResourceMetric and not scale")
		}
		return Metric{Name: MetricCPU, Target: float64(*r.Target.AverageUtilization)}
	case m.Type == autoscalingv2.PodsMetricSourceType && m.Pods != nil:
		p := m.Pods
		if p.Metric.Name != MetricRequestsPerSecond {
			c.errorf(path+".pods.metric.name", "%q: only %s is modelled here", p.Metric.Name, MetricRequestsPerSecond)
		}
		if p.Target.Type != autoscalingv2.AverageValueMetricType || p.Target.AverageValue == nil {
			c.errorf(path+".pods.target", "must be type AverageValue with averageValue; only that is modelled here")
			return Metric{}
		}
		v := p.Target.AverageValue.AsApproximateFloat64()
		if v <= 0 {
			c.errorf(path+".pods.target.averageValue", "must be positive")
		}
		return Metric{Name: MetricRequestsPerSecond, Target: v}
	}
	c.errorf(path+".type", "%q: modelled are Resource (cpu Utilization) and Pods (%s AverageValue), each with its matching field set", m.Type, MetricRequestsPerSecond)
	return Metric{}
}

// rules validates one behavior direction with upstream's bounds
// (validateScalingRules in pkg/apis/autoscaling/validation).
func (c *checker) rules(path string, r *autoscalingv2.HPAScalingRules) ScalingRules {
	w := *r.StabilizationWindowSeconds
	if w < 0 || w > 3600 {
		c.errorf(path+".stabilizationWindowSeconds", "must be between 0 and 3600 seconds")
	}
	out := ScalingRules{StabilizationWindow: seconds(w), SelectPolicy: string(*r.SelectPolicy)}
	switch *r.SelectPolicy {
	case autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect, autoscalingv2.DisabledPolicySelect:
	default:
		c.errorf(path+".selectPolicy", "%q: supported values: \"Disabled\", \"Max\", \"Min\"", *r.SelectPolicy)
	}
	for i, p := range r.Policies {
		pp := fmt.Sprintf("%s.policies[%d]", path, i)
		if p.Type != autoscalingv2.PodsScalingPolicy && p.Type != autoscalingv2.PercentScalingPolicy {
			c.errorf(pp+".type", "%q: supported values: \"Percent\", \"Pods\"", p.Type)
		}
		if p.Value <= 0 {
			c.errorf(pp+".value", "must be greater than 0")
		}
		if p.PeriodSeconds <= 0 || p.PeriodSeconds > 1800 {
			c.errorf(pp+".periodSeconds", "must be between 1 and 1800 seconds")
		}
		out.Policies = append(out.Policies, ScalingPolicy{Type: string(p.Type), Value: int(p.Value), Period: seconds(p.PeriodSeconds)})
	}
	return out
}

// selects reports whether every selector label is among the pod's labels.
func selects(selector, podLabels map[string]string) bool {
	for k, v := range selector {
		if w, ok := podLabels[k]; !ok || w != v {
			return false
		}
	}
	return len(selector) > 0
}

func seconds(s int32) time.Duration { return time.Duration(s) * time.Second }
