package orchestrator

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// RolloutStep is one scripted action of the rolling-deploy demo.
type RolloutStep string

const (
	StepDeploy    RolloutStep = "deploy"     // roll out the next version
	StepDeployBad RolloutStep = "deploy-bad" // roll out a version that never gets ready: the rollout stalls
	StepUndo      RolloutStep = "undo"       // kubectl rollout undo: back to the previous revision
)

// RolloutSteps are the known steps, in the default script's order.
var RolloutSteps = []RolloutStep{StepDeploy, StepDeployBad, StepUndo}

// ParseRolloutScript reads "deploy,deploy-bad,undo".
func ParseRolloutScript(s string) ([]RolloutStep, error) {
	var names []string
	for _, st := range RolloutSteps {
		names = append(names, string(st))
	}
	var out []RolloutStep
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(RolloutSteps, RolloutStep(f)) {
			return nil, fmt.Errorf("unknown step %q in --script: want a comma-separated list of %s", f, strings.Join(names, ", "))
		}
		out = append(out, RolloutStep(f))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty --script: want a comma-separated list of %s", strings.Join(names, ", "))
	}
	return out, nil
}

// BadMode is how a bad version fails.
type BadMode string

const (
	BadReadiness BadMode = "readiness" // runs, but /readyz never answers 200
	BadCrash     BadMode = "crash"     // exits at start: CrashLoopBackOff
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
	maps.DeleteFunc(t.Env, func(k, _ string) bool { return k == workload.EnvReadyFail || k == workload.EnvCrashOnStart })
	t.Version = NextVersion(t.Version)
	switch bad {
	case BadReadiness:
		t.Env[workload.EnvReadyFail] = "1"
	case BadCrash:
		t.Env[workload.EnvCrashOnStart] = "1"
	}
	return t
}

// IsBad reports a template made by NextTemplate with a BadMode.
func IsBad(t Template) bool {
	return t.Env[workload.EnvReadyFail] != "" || t.Env[workload.EnvCrashOnStart] != ""
}

// Template is the Deployment's current pod template.
func (c *Cluster) Template() Template {
	var t Template
	c.call(func() { t = cloneTemplate(c.deploy.template) })
	return t
}

// RolloutResult says what one scripted rollout step did.
type RolloutResult struct {
	Step     RolloutStep
	Version  string // the version rolled out (or back to)
	Revision int    // undo: the revision rolled back to
	// Took is the real time from the change to "successfully rolled out",
	// or to ProgressDeadlineExceeded for a stalled one.
	Took    time.Duration
	Stalled bool // the progress deadline was exceeded
	Status  string
	// MostPods and FewestReady are the rollout's measured bounds (see
	// RolloutInfo).
	MostPods, FewestReady int
}

// RunRolloutStep applies one step and waits for its outcome: a deploy or
// an undo until the rollout is complete and the old pods are gone, a bad
// deploy until its progress deadline is exceeded. bad says how the bad
// version fails.
func (c *Cluster) RunRolloutStep(ctx context.Context, step RolloutStep, bad BadMode) (RolloutResult, error) {
	res := RolloutResult{Step: step}
	if step != StepUndo {
		if _, err := c.WaitFor(ctx, func(s *Snapshot) bool { return s.Settled }); err != nil {
			return res, fmt.Errorf("%s: the cluster did not settle first: %w", step, err)
		}
	}
	start := time.Now()
	var err error
	switch step {
	case StepDeploy, StepDeployBad:
		mode := BadMode("")
		if step == StepDeployBad {
			mode = bad
		}
		t := NextTemplate(c.Template(), mode)
		res.Version = t.Version
		err = c.SetTemplate(t)
	case StepUndo:
		res.Revision, err = c.Undo(0)
		res.Version = c.Template().Version
	default:
		err = fmt.Errorf("unknown step %q", step)
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", step, err)
	}
	s, err := c.WaitFor(ctx, func(s *Snapshot) bool {
		if step == StepDeployBad {
			return s.Rollout.Failed
		}
		return s.Rollout.Complete && s.Rollout.Version == res.Version && s.Settled && len(s.Pods) == s.Replicas
	})
	res.Took = time.Since(start)
	if s.Rollout.Complete && s.Rollout.Took > 0 {
		res.Took = s.Rollout.Took // to "successfully rolled out", before the old pods are gone
	}
	res.Stalled = s.Rollout.Failed
	res.Status = s.Rollout.Status
	res.MostPods, res.FewestReady = s.Rollout.MostPods, s.Rollout.FewestReady
	if err != nil {
		return res, fmt.Errorf("%s %s: %s: %w", step, res.Version, s.Rollout.Status, err)
	}
	return res, nil
}
