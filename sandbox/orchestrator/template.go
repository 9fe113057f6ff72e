package orchestrator

import (
	"maps"
	"strconv"
	"strings"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// BadMode is how a bad version fails.
type BadMode string

const (
	BadReadiness BadMode = "readiness" // runs, but /readyz never answers 200
	BadCrash     BadMode = "crash"     // exits at start: CrashLoopBackOff
	// BadBroken runs but answers every request, and every probe path but
	// /healthz, with 503: a version whose readiness probe, wherever it
	// points, fails (the exercises' deploy-bad).
	BadBroken BadMode = "broken"
)

// NextVersion is the version after v: "v1" → "v2"; anything else gets "-next".
func NextVersion(v string) string {
	if n, err := strconv.Atoi(strings.TrimPrefix(v, "v")); err == nil && strings.HasPrefix(v, "v") {
		return "v" + strconv.Itoa(n+1)
	}
	return v + "-next"
}

// NextTemplate is t with the next version, healthy or bad.
func NextTemplate(t Template, bad BadMode) Template {
	t = cloneTemplate(t)
	if t.Env == nil {
		t.Env = map[string]string{}
	}
	maps.DeleteFunc(t.Env, func(k, _ string) bool {
		return k == workload.EnvReadyFail || k == workload.EnvCrashOnStart || k == workload.EnvBroken
	})
	t.Version = NextVersion(t.Version)
	switch bad {
	case BadReadiness:
		t.Env[workload.EnvReadyFail] = "1"
	case BadCrash:
		t.Env[workload.EnvCrashOnStart] = "1"
	case BadBroken:
		t.Env[workload.EnvBroken] = "1"
	}
	return t
}

// IsBad reports a template made by NextTemplate with a BadMode.
func IsBad(t Template) bool {
	return t.Env[workload.EnvReadyFail] != "" || t.Env[workload.EnvCrashOnStart] != "" || t.Env[workload.EnvBroken] != ""
}

// Template is the Deployment's current pod template.
func (c *Cluster) Template() Template {
	var t Template
	c.call(func() { t = cloneTemplate(c.deploy.template) })
	return t
}
