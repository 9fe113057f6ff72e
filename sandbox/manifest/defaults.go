package manifest

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Defaults the API server applies to the fields we model, copied from
// upstream's defaulting functions in k8s.io/kubernetes:
//
//	pkg/apis/apps/v1/defaults.go        SetDefaults_Deployment
//	pkg/apis/core/v1/defaults.go        SetDefaults_PodSpec, _Pod, _Probe,
//	                                    _HTTPGetAction, _Service, _ContainerPort
//	pkg/apis/autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscaler{,Behavior}
//
// and documented at https://kubernetes.io/docs/reference/kubernetes-api/.
// Each function only fills what is unset, so applying it twice changes
// nothing.
const (
	defaultReplicas              = 1
	defaultMaxSurge              = "25%"
	defaultMaxUnavailable        = "25%"
	defaultProgressDeadline      = 600
	defaultRevisionHistoryLimit  = 10
	defaultTerminationGrace      = 30
	defaultProbePeriod           = 10
	defaultProbeTimeout          = 1
	defaultProbeFailureThreshold = 3
	defaultProbeSuccessThreshold = 1
	defaultProbePath             = "/"
	defaultHPAMinReplicas        = 1
	defaultHPACPUUtilization     = 80 // when an HPA lists no metrics
	defaultScaleDownWindow       = 300
	defaultScaleUpWindow         = 0
	defaultScalingPeriod         = 15
	defaultScaleUpPods           = 4
	defaultScalingPercent        = 100
	defaultSelectPolicy          = autoscalingv2.MaxChangePolicySelect
)

func defaultDeployment(d *appsv1.Deployment) {
	s := &d.Spec
	setDefault(&s.Replicas, defaultReplicas)
	if s.Strategy.Type == "" {
		s.Strategy.Type = appsv1.RollingUpdateDeploymentStrategyType
	}
	if s.Strategy.Type == appsv1.RollingUpdateDeploymentStrategyType {
		if s.Strategy.RollingUpdate == nil {
			s.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{}
		}
		ru := s.Strategy.RollingUpdate
		if ru.MaxSurge == nil {
			v := intstr.FromString(defaultMaxSurge)
			ru.MaxSurge = &v
		}
		if ru.MaxUnavailable == nil {
			v := intstr.FromString(defaultMaxUnavailable)
			ru.MaxUnavailable = &v
		}
	}
	setDefault(&s.ProgressDeadlineSeconds, defaultProgressDeadline)
	setDefault(&s.RevisionHistoryLimit, defaultRevisionHistoryLimit)

	p := &s.Template.Spec
	if p.RestartPolicy == "" {
		p.RestartPolicy = corev1.RestartPolicyAlways
	}
	setDefault(&p.TerminationGracePeriodSeconds, defaultTerminationGrace)
	for i := range p.Containers {
		c := &p.Containers[i]
		// SetDefaults_Pod: a limit without a request makes the request
		// equal to the limit.
		for name, q := range c.Resources.Limits {
			if _, ok := c.Resources.Requests[name]; !ok {
				if c.Resources.Requests == nil {
					c.Resources.Requests = corev1.ResourceList{}
				}
				c.Resources.Requests[name] = q
			}
		}
		for j := range c.Ports {
			if c.Ports[j].Protocol == "" {
				c.Ports[j].Protocol = corev1.ProtocolTCP
			}
		}
		for _, pr := range []*corev1.Probe{c.ReadinessProbe, c.LivenessProbe, c.StartupProbe} {
			defaultProbe(pr)
		}
	}
}

func defaultProbe(p *corev1.Probe) {
	if p == nil {
		return
	}
	zeroDefault(&p.PeriodSeconds, defaultProbePeriod)
	zeroDefault(&p.TimeoutSeconds, defaultProbeTimeout)
	zeroDefault(&p.FailureThreshold, defaultProbeFailureThreshold)
	zeroDefault(&p.SuccessThreshold, defaultProbeSuccessThreshold)
	if h := p.HTTPGet; h != nil {
		if h.Path == "" {
			h.Path = defaultProbePath
		}
		if h.Scheme == "" {
			h.Scheme = corev1.URISchemeHTTP
		}
	}
}

func defaultService(s *corev1.Service) {
	if s.Spec.Type == "" {
		s.Spec.Type = corev1.ServiceTypeClusterIP
	}
	for i := range s.Spec.Ports {
		p := &s.Spec.Ports[i]
		if p.Protocol == "" {
			p.Protocol = corev1.ProtocolTCP
		}
		if p.TargetPort == intstr.FromInt32(0) || p.TargetPort == intstr.FromString("") {
			p.TargetPort = intstr.FromInt32(p.Port)
		}
	}
}

func defaultHPA(h *autoscalingv2.HorizontalPodAutoscaler) {
	setDefault(&h.Spec.MinReplicas, defaultHPAMinReplicas)
	if len(h.Spec.Metrics) == 0 {
		u := int32(defaultHPACPUUtilization)
		h.Spec.Metrics = []autoscalingv2.MetricSpec{{
			Type: autoscalingv2.ResourceMetricSourceType,
			Resource: &autoscalingv2.ResourceMetricSource{
				Name:   corev1.ResourceCPU,
				Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &u},
			},
		}}
	}
	if h.Spec.Behavior == nil {
		h.Spec.Behavior = &autoscalingv2.HorizontalPodAutoscalerBehavior{}
	}
	b := h.Spec.Behavior
	b.ScaleUp = defaultRules(b.ScaleUp, defaultScaleUpWindow, []autoscalingv2.HPAScalingPolicy{
		{Type: autoscalingv2.PodsScalingPolicy, Value: defaultScaleUpPods, PeriodSeconds: defaultScalingPeriod},
		{Type: autoscalingv2.PercentScalingPolicy, Value: defaultScalingPercent, PeriodSeconds: defaultScalingPeriod},
	})
	b.ScaleDown = defaultRules(b.ScaleDown, defaultScaleDownWindow, []autoscalingv2.HPAScalingPolicy{
		{Type: autoscalingv2.PercentScalingPolicy, Value: defaultScalingPercent, PeriodSeconds: defaultScalingPeriod},
	})
}

// defaultRules fills one direction of behavior field by field, as upstream
// does: a learner who sets only the window keeps the default policies.
func defaultRules(r *autoscalingv2.HPAScalingRules, window int32, policies []autoscalingv2.HPAScalingPolicy) *autoscalingv2.HPAScalingRules {
	if r == nil {
		r = &autoscalingv2.HPAScalingRules{}
	}
	setDefault(&r.StabilizationWindowSeconds, window)
	if r.SelectPolicy == nil {
		p := defaultSelectPolicy
		r.SelectPolicy = &p
	}
	if len(r.Policies) == 0 {
		r.Policies = policies
	}
	return r
}

// setDefault fills an unset optional field.
func setDefault[T any](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}

// zeroDefault fills a plain field whose zero means unset.
func zeroDefault(p *int32, v int32) {
	if *p == 0 {
		*p = v
	}
}
