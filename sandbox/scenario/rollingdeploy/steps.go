package rollingdeploy

import (
	"context"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// Step is one scripted action of the rolling-deploy demo.
type Step string

const (
	StepDeploy    Step = "deploy"     // roll out the next version
	StepDeployBad Step = "deploy-bad" // roll out a version that never gets ready: the rollout stalls
	StepUndo      Step = "undo"       // kubectl rollout undo: back to the previous revision
)

// Steps are the known steps, in the default script's order.
var Steps = []Step{StepDeploy, StepDeployBad, StepUndo}

// ParseScript reads "deploy,deploy-bad,undo".
func ParseScript(s string) ([]Step, error) { return scenario.ParseSteps(s, Steps) }

// StepResult says what one scripted rollout step did.
type StepResult struct {
	Step     Step
	Version  string // the version rolled out (or back to)
	Revision int    // undo: the revision rolled back to
	// Took is the real time from the change to "successfully rolled out",
	// or to ProgressDeadlineExceeded for a stalled one.
	Took    time.Duration
	Stalled bool // the progress deadline was exceeded
	Status  string
	// MostPods and FewestReady are the rollout's measured bounds (see
	// orchestrator.RolloutInfo).
	MostPods, FewestReady int
}

// RunStep applies one step to c and waits for its outcome: a deploy or an
// undo until the rollout is complete and the old pods are gone, a bad
// deploy until its progress deadline is exceeded. bad says how the bad
// version fails.
func RunStep(ctx context.Context, c cluster.Engine, step Step, bad orchestrator.BadMode) (StepResult, error) {
	res := StepResult{Step: step}
	if step != StepUndo {
		if _, err := c.WaitFor(ctx, func(s *cluster.Snapshot) bool { return s.Settled }); err != nil {
			return res, fmt.Errorf("%s: the cluster did not settle first: %w", step, err)
		}
	}
	start := time.Now()
	var err error
	switch step {
	case StepDeploy, StepDeployBad:
		mode := orchestrator.BadMode("")
		if step == StepDeployBad {
			mode = bad
		}
		t := orchestrator.NextTemplate(c.Template(), mode)
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
	s, err := c.WaitFor(ctx, func(s *cluster.Snapshot) bool {
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
