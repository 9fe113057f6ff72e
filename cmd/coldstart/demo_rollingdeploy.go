package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	realcmd "github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
)

func init() {
	registerDemo(rollingdeploy.Name, rollingdeploy.Defaults(), func(g *globals) *cobra.Command {
		f := demoFlags{}
		opts := rollingdeploy.Defaults()
		cmd := newDemoCommand(rollingdeploy.Name, `Run a Deployment of real pods (containers or processes) behind a Service under steady traffic,
and roll out new versions.

Full screen by default. With --headless it runs --script and exits: "deploy" rolls out the next
version, "deploy-bad" one that never gets ready (the rollout stalls until its progress deadline,
600 s of control-plane time, and the old version keeps serving), "undo" rolls back to the previous
revision. Control-plane timers (probes, back-off, the progress deadline) run --time-scale times
faster than real time; starting pods and serving requests are real. One line per event, rollout
status line and step on stdout (JSON lines with --json), a summary last; progress on stderr.`)
		cmd.RunE = clusterDemoRunE(g, &f, &opts, rollingdeploy.Name, rollingdeploy.ParseScript, rollingDeployScreen,
			clusterHeadless(rollingdeploy.Name, runRollingDeploy, rollingDeployEnded))
		fl := cmd.Flags()
		f.add(fl, "run --script without the TUI and print one line per event",
			"with --headless: JSON lines (events, snapshots, steps) and a summary object")
		fl.IntVar(&opts.Replicas, "replicas", opts.Replicas, fmt.Sprintf("pods of the Deployment (1-%d)", cluster.MaxReplicas))
		fl.StringVar(&opts.MaxSurge, "max-surge", opts.MaxSurge, "RollingUpdate: pods above replicas during a rollout, a number or a percentage (rounds up)")
		fl.StringVar(&opts.MaxUnavailable, "max-unavailable", opts.MaxUnavailable, "RollingUpdate: pods below replicas during a rollout, a number or a percentage (rounds down)")
		fl.StringVar(&opts.Strategy, "strategy", opts.Strategy, "rolling (RollingUpdate) or recreate (Recreate: all old pods go before new ones start)")
		fl.StringVar(&f.script, "script", joinSteps(rollingdeploy.Steps), "comma-separated steps: deploy, deploy-bad, undo (full screen: one per enter)")
		fl.StringVar((*string)(&opts.Bad), "bad", string(opts.Bad), "how deploy-bad's version fails: readiness (never ready) or crash (CrashLoopBackOff)")
		fl.Float64Var(&opts.TimeScale, "time-scale", opts.TimeScale, "control-plane timers run this many times faster than real time")
		fl.IntVar(&opts.Rate, "rate", opts.Rate, "steady traffic through the Service, requests per second")
		return cmd
	})
}

// runRollingDeploy runs steps on a cluster on rt and writes every event,
// rollout status line, step and a snapshot per change to out. It closes
// the cluster (not rt) before returning the summary.
func runRollingDeploy(ctx context.Context, rt sandbox.Runtime, opts rollingdeploy.Options, steps []rollingdeploy.Step, out *recordWriter, progress io.Writer) (rollingdeploy.Summary, error) {
	clk := opts.Clock()
	sum := rollingdeploy.Summary{Runtime: rt.Describe(), Steps: []rollingdeploy.StepRecord{}}
	c, err := rollingdeploy.New(rt, clk, opts)
	if err != nil {
		return sum, err
	}
	c = realcmd.Cluster(c, out.rec.command) // the steps' real commands go to the recording
	printed := printRolloutUpdates(c, out, nil)

	runErr := func() error {
		fmt.Fprintf(progress, "coldstart: starting %d pods on %s\n", opts.Replicas, rt.Name())
		if err := waitFirstRollout(ctx, c, 2*time.Minute, func(s *cluster.Snapshot) bool { return s.Settled && s.Traffic.OK > 0 }); err != nil {
			return err
		}
		for _, step := range steps {
			fmt.Fprintf(progress, "coldstart: %s\n", step)
			before := c.Snapshot().Traffic
			from := time.Now()
			sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			res, err := rollingdeploy.RunStep(sctx, c, step, opts.Bad)
			cancel()
			after := c.Snapshot().Traffic
			rec := rollingdeploy.StepRecord{
				Step: string(res.Step), Version: res.Version, Revision: res.Revision,
				TookMS: res.Took.Milliseconds(), Stalled: res.Stalled, Status: res.Status,
				Requests: (after.OK + after.Failed) - (before.OK + before.Failed), Failed: after.Failed - before.Failed,
				MostPods: res.MostPods, FewestReady: res.FewestReady,
			}
			rec.NoEndpointMS = noEndpointTime(c, from).Milliseconds()
			sum.Steps = append(sum.Steps, rec)
			if err := writeStep(out, rec, err); err != nil {
				return err
			}
		}
		return nil
	}()

	s := c.Snapshot()
	closeErr := removeEveryPod(c, progress)
	writeErr := <-printed
	r := s.Rollout
	sum.Strategy, sum.Replicas = r.Strategy, s.Replicas
	if r.Strategy != cluster.StrategyRecreate {
		sum.MaxSurge, sum.MaxUnavailable = &r.MaxSurge, &r.MaxUnavailable
	}
	sum.Requests, sum.FailedRequests = s.Traffic.OK+s.Traffic.Failed, s.Traffic.Failed
	sum.FinalVersion, sum.PodsLeft = r.Version, podsLeft(c)
	for i, st := range sum.Steps {
		if i == 0 {
			sum.MaxPodsSeen, sum.MinReadySeen = st.MostPods, st.FewestReady
		}
		sum.MaxPodsSeen, sum.MinReadySeen = max(sum.MaxPodsSeen, st.MostPods), min(sum.MinReadySeen, st.FewestReady)
		switch {
		case st.Stalled:
			sum.Stalled = true
		case st.Step == string(rollingdeploy.StepDeploy) && sum.RolloutMS == 0:
			sum.RolloutMS = st.TookMS
		}
	}
	return sum, errors.Join(runErr, closeErr, writeErr)
}

// rollingDeployEnded names the backend in a headless run's summary; the
// run left sum.PodsLeft pods.
func rollingDeployEnded(sum *rollingdeploy.Summary, backend string) int {
	sum.Backend = backend
	return sum.PodsLeft
}

// printRolloutUpdates writes the cluster's stream, in the background,
// until it ends: the records also makes of each snapshot (nil: none), every
// event, the rollout status line when it changes, and a snapshot when the
// pods change. The channel then gives the first write error.
func printRolloutUpdates(c cluster.Engine, out *recordWriter, also func(*cluster.Snapshot) []record) <-chan error {
	printed := make(chan error, 1)
	go func() {
		print := rolloutPrinter(out, also)
		var werr error
		for u := range c.Updates() {
			out.rec.clusterUpdate(u) // a failure is kept for Close
			if err := print(u); werr == nil {
				werr = err
			}
		}
		printed <- werr
	}()
	return printed
}

// rolloutPrinter prints one update of the stream (printRolloutUpdates);
// a replay prints with it too.
func rolloutPrinter(out *recordWriter, also func(*cluster.Snapshot) []record) func(cluster.Update) error {
	lastStatus, lastPods := "", ""
	return func(u cluster.Update) error {
		var werr error
		write := func(at time.Time, r record) {
			if werr == nil {
				werr = out.Write(at, r)
			}
		}
		s := u.Snapshot
		if also != nil {
			for _, r := range also(s) {
				write(s.Time, r)
			}
		}
		for _, e := range u.Events {
			write(e.Time, eventLine{clusterEvent(e), fmt.Sprintf("%-7s %-18s %-32s %s", e.Type, e.Reason, e.Object, e.Message)})
		}
		if st := s.Rollout.Status; st != lastStatus && s.Rollout.Revision > 0 {
			lastStatus = st
			write(s.Time, rolloutStatusLine(s.Rollout))
		}
		if key := rolloutPodsKey(s); key != lastPods {
			lastPods = key
			write(s.Time, rolloutSnapshot{clusterSnapshot(s)})
		}
		return werr
	}
}

func rolloutPodsKey(s *cluster.Snapshot) string {
	var b strings.Builder
	for _, p := range s.Pods {
		fmt.Fprintf(&b, "%s/%s/%v;", p.Name, p.Status, p.Ready)
	}
	return b.String()
}

// rolloutStatusLine is a `kubectl rollout status` line, as an event.
func rolloutStatusLine(r cluster.RolloutInfo) eventLine {
	severity := scenario.Normal
	if r.Failed {
		severity = scenario.Warning
	}
	return eventLine{scenario.Event{Severity: severity, Reason: "RolloutStatus", Object: "deployment/web", Message: r.Status,
		Rollout: &scenario.RolloutStatus{Revision: r.Revision, Reason: r.Reason}}, "rollout  " + r.Status}
}

// rolloutSnapshot is a snapshot record with its text line: pods by version.
type rolloutSnapshot struct{ scenario.Snapshot }

func (rolloutSnapshot) RecordType() scenario.Type { return scenario.TypeSnapshot }

func (r rolloutSnapshot) String() string {
	type count struct{ all, ready int }
	by := map[string]*count{}
	for _, p := range r.Pods {
		if by[p.Version] == nil {
			by[p.Version] = &count{}
		}
		by[p.Version].all++
		if p.Ready {
			by[p.Version].ready++
		}
	}
	var vs []string
	for v := range by {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	var parts []string
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("%s %d/%d ready", v, by[v].ready, by[v].all))
	}
	return fmt.Sprintf("pods     %d (%s) · traffic ok %d failed %d", len(r.Pods), strings.Join(parts, ", "), r.Traffic.OK, r.Traffic.Failed)
}

// rollingDeployScreen is the demo's full-screen view and its session.
func rollingDeployScreen(ctx common.Context, opts rollingdeploy.Options) (common.Screen, *demokit.Session[cluster.Engine, cluster.Update]) {
	m := rollingdeployview.Open(ctx, opts)
	return m, m.Sess
}
