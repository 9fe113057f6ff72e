package check

// The orchestration engine: the learner's Kubernetes manifests applied to
// the embedded control plane (sandbox/orchestrator) on real workloads, the
// exercise's steps run under real traffic, and every measurement taken from
// the run (orchestration_measure.go).
//
// Time: the control plane runs TimeScale times faster than real time. The
// manifest's durations, the steps' waits and timeouts and every *_s
// measurement are control-plane seconds; requests, their rates and the
// *_ms latencies are real.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/manifest"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
)

// How long (control-plane time) the steps that wait for the cluster wait
// at most, as KnownSteps says: deploy and undo until complete, deploy-bad
// outright; apply until available, or until its rollout exceeds the
// Deployment's progressDeadlineSeconds (as `kubectl rollout status` gives
// up), and never longer than applyTimeout.
const (
	applyTimeout   = 60 * time.Second
	rolloutTimeout = 120 * time.Second
	badWait        = 60 * time.Second
)

func init() { register(exercise.Orchestration, orchestration{}) }

type orchestration struct{}

func (orchestration) Run(ctx context.Context, rt sandbox.Runtime, ex *exercise.Exercise, files Files, progress func(Progress)) (exercise.Measurements, []string, error) {
	progress(Progress{Text: "applying " + strings.Join(ex.Files, ", ")})
	app, notes, err := parseManifests(ex, files)
	if err != nil {
		return nil, notes, err
	}
	if len(app.Deployment.Container.Command) > 0 {
		notes = append(notes, ex.Files[0]+": command: the image's program here is always the workload; its args reach it, the command is not run")
	}
	r := &run{rt: rt, replicas: app.Deployment.Replicas, liveness: app.Deployment.Container.Liveness != nil}
	if r.plan, err = plan(app); err != nil {
		return nil, notes, &FilesError{Problems: []string{ex.Files[0] + ": " + err.Error()}}
	}
	defer r.close()
	for i, st := range ex.Steps {
		last := ""
		r.say = func(text string) { // once per change: waits call it for every state
			if text != last {
				last = text
				progress(Progress{Step: i + 1, Of: len(ex.Steps), Text: text})
			}
		}
		r.say(st.String())
		if err := r.step(ctx, st); err != nil {
			return nil, notes, err
		}
	}
	m, err := r.finish()
	return m, notes, err
}

// parseManifests reads the exercise's files: one Deployment, with at most a
// Service and an HPA, in one of them.
func parseManifests(ex *exercise.Exercise, files Files) (*manifest.App, []string, error) {
	var app *manifest.App
	var notes, problems []string
	for _, name := range ex.Files {
		a, ns, err := manifest.ParseK8s(name, files[name])
		for _, n := range ns {
			notes = append(notes, n.String())
		}
		var ps manifest.Problems
		switch {
		case errors.As(err, &ps):
			for _, p := range ps {
				problems = append(problems, p.String())
			}
		case err != nil:
			problems = append(problems, name+": "+err.Error())
		case app != nil:
			problems = append(problems, name+": a second Deployment; an exercise runs one")
		default:
			app = a
		}
	}
	if len(problems) > 0 {
		return nil, notes, &FilesError{Problems: problems}
	}
	if app == nil {
		return nil, notes, &FilesError{Problems: []string{"no Deployment in " + strings.Join(ex.Files, ", ")}}
	}
	return app, notes, nil
}

// run is one exercise run on one cluster.
type run struct {
	rt       sandbox.Runtime
	plan     clusterPlan
	replicas int
	liveness bool // the container has a livenessProbe, as applied
	say      func(string)

	c       *orchestrator.Cluster // nil until apply
	clk     *clock.Virtual
	obs     *observer
	obsDone chan struct{}
	load    *serviceLoad
	rate    int // the load's requests per second now
	closed  bool
}

func (r *run) step(ctx context.Context, st exercise.Step) error {
	if r.c == nil && st.Name != "apply" {
		return fmt.Errorf("step %q before apply: a scenario starts with apply", st)
	}
	switch st.Name {
	case "apply":
		return r.apply(ctx)
	case "deploy":
		return r.rollOut(ctx, st, "", rolloutTimeout)
	case "deploy-bad":
		return r.rollOut(ctx, st, orchestrator.BadBroken, badWait)
	case "undo":
		return r.undo(ctx, st)
	case "kill-pod":
		return r.killPod()
	case "kill-node":
		return r.killNode()
	case "scale":
		return r.c.Scale(st.Count)
	case "load":
		if st.Count < r.rate {
			r.obs.loadLowered(r.clk.Now())
		}
		r.rate = st.Count
		r.load.setRate(st.Count)
		return nil
	case "burst":
		r.load.burst(ctx, st.Count)
		return ctx.Err()
	case "wait":
		return r.sleep(ctx, st.Wait)
	}
	return fmt.Errorf("step %q is not implemented by the orchestration engine", st)
}

// apply starts the cluster with the files' Deployment (and its HPA) and
// waits until it is available: every replica ready, as `kubectl rollout
// status` waits, until the progress deadline or applyTimeout.
func (r *run) apply(ctx context.Context) error {
	if r.c != nil {
		return errors.New("apply: the files are already applied")
	}
	r.clk = clock.NewScaled(TimeScale)
	cfg := r.plan.Config
	if r.replicas == 0 {
		cfg.Replicas = 1 // Config reads 0 as its default; scaled to 0 below
	}
	c, err := orchestrator.New(r.rt, r.clk, cfg)
	if err != nil {
		return &FilesError{Problems: []string{err.Error()}}
	}
	r.c = c
	r.obs, r.obsDone = newObserver(r.clk.Now()), make(chan struct{})
	go r.obs.watch(c.Updates(), r.obsDone)
	url := ""
	if r.plan.Service {
		url = c.Snapshot().ServiceURL
	}
	r.load = newServiceLoad(url, r.clk.Now)
	if r.replicas == 0 {
		if err := c.Scale(0); err != nil {
			return err
		}
	}
	if h := r.plan.HPA; h != nil {
		if err := c.Autoscale(*h, r.plan.Metric); err != nil {
			return &FilesError{Problems: []string{"HorizontalPodAutoscaler: " + err.Error()}}
		}
	}
	version := c.Template().Version
	r.obs.rolloutStarted(version, r.clk.Now())
	s, _, err := r.waitUntil(ctx, applyTimeout, func(s *cluster.Snapshot) bool {
		r.say(fmt.Sprintf("apply: %d of %d pods ready", s.ReadyPods, s.Replicas))
		return s.Rollout.Version == version && (s.Rollout.Complete || s.Rollout.Failed)
	})
	if err != nil {
		return err
	}
	r.obs.becameAvailable(s) // or gave up waiting: the run goes on from here
	return nil
}

// rollOut changes the pod template to the next version (healthy, or bad)
// and waits for the rollout to complete, at most limit; a bad one is given
// the whole limit.
func (r *run) rollOut(ctx context.Context, st exercise.Step, bad orchestrator.BadMode, limit time.Duration) error {
	t := orchestrator.NextTemplate(r.c.Template(), bad)
	if err := r.c.SetTemplate(t); err != nil {
		return err
	}
	r.obs.rolloutStarted(t.Version, r.clk.Now())
	if bad != "" {
		return r.sleep(ctx, limit)
	}
	return r.waitRollout(ctx, st, t.Version, limit)
}

// undo rolls back to the previous revision and waits for it.
func (r *run) undo(ctx context.Context, st exercise.Step) error {
	if _, err := r.c.Undo(0); err != nil {
		return fmt.Errorf("undo: %w", err)
	}
	version := r.c.Template().Version
	r.obs.rolloutStarted(version, r.clk.Now())
	return r.waitRollout(ctx, st, version, rolloutTimeout)
}

func (r *run) waitRollout(ctx context.Context, st exercise.Step, version string, limit time.Duration) error {
	_, _, err := r.waitUntil(ctx, limit, func(s *cluster.Snapshot) bool {
		r.say(st.Name + ": " + s.Rollout.Status)
		return s.Rollout.Version == version && s.Rollout.Complete
	})
	return err
}

// killPod deletes one ready pod at once, as a crash would.
func (r *run) killPod() error {
	name := ""
	for _, p := range r.c.Snapshot().Pods {
		if p.Ready {
			name = p.Name
			break
		}
	}
	at := r.clk.Now()
	killed, err := r.c.KillPod(name)
	if err != nil {
		return fmt.Errorf("kill-pod: %w", err)
	}
	r.obs.killed(at, killed)
	r.say("kill-pod: deleted pod " + killed)
	return nil
}

// killNode stops the node that runs the most pods (the first by name of a
// tie); its pods die with it.
func (r *run) killNode() error {
	s := r.c.Snapshot()
	onNode := map[string][]string{}
	busiest := ""
	for _, p := range s.Pods {
		if p.Node == "" || p.Status == cluster.StatusTerminating {
			continue
		}
		onNode[p.Node] = append(onNode[p.Node], p.Name)
	}
	for _, n := range s.Nodes {
		if !n.Down && (busiest == "" || len(onNode[n.Name]) > len(onNode[busiest])) {
			busiest = n.Name
		}
	}
	if busiest == "" {
		return errors.New("kill-node: no live node")
	}
	at := r.clk.Now()
	if _, err := r.c.KillNode(busiest); err != nil {
		return fmt.Errorf("kill-node: %w", err)
	}
	r.obs.killed(at, onNode[busiest]...)
	r.say(fmt.Sprintf("kill-node: stopped %s with %d pods", busiest, len(onNode[busiest])))
	return nil
}

// waitUntil waits until cond holds for a published state, or limit of
// control-plane time passes (ok false, no error).
func (r *run) waitUntil(ctx context.Context, limit time.Duration, cond func(*cluster.Snapshot) bool) (*cluster.Snapshot, bool, error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t := r.clk.AfterFunc(limit, cancel)
	defer t.Stop()
	s, err := r.c.WaitFor(wctx, cond)
	switch {
	case err == nil:
		return s, true, nil
	case ctx.Err() != nil:
		return s, false, ctx.Err()
	case errors.Is(err, context.Canceled):
		return s, false, nil
	}
	return s, false, err
}

// sleep waits d of control-plane time.
func (r *run) sleep(ctx context.Context, d time.Duration) error { return clock.Sleep(ctx, r.clk, d) }

// finish ends the run: the load stops (requests in flight are answered or
// time out), the cluster is closed and must leave nothing behind, and the
// measurements are taken.
func (r *run) finish() (exercise.Measurements, error) {
	if r.c == nil {
		return nil, errors.New("the scenario never applied the files")
	}
	r.obs.finish(r.clk.Now())
	outcomes := r.load.stop()
	if err := r.close(); err != nil {
		return nil, err
	}
	m := r.obs.measurements(r.replicas, outcomes)
	m["liveness_probe"] = exercise.FlagValue(r.liveness)
	m["scale_down_window_s"] = exercise.NumberValue(0)
	if h := r.plan.HPA; h != nil {
		m["scale_down_window_s"] = exercise.NumberValue(seconds(h.ScaleDownWindow()))
	}
	return m, nil
}

// close stops the load and the cluster, once, and checks that no pod is
// left.
func (r *run) close() error {
	if r.c == nil || r.closed {
		return nil
	}
	r.closed = true
	r.load.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := r.c.Close(ctx)
	<-r.obsDone
	if n := r.c.PodsLeft(); err == nil && n > 0 {
		err = fmt.Errorf("closing the cluster left %d pods running", n)
	}
	return err
}
