package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	realcmd "github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

func init() {
	registerDemo(autoscaling.Name, autoscaling.Defaults(), func(g *globals) *cobra.Command {
		f := demoFlags{}
		opts := autoscaling.Defaults()
		cmd := newDemoCommand(autoscaling.Name, `Run a Deployment of real pods behind a Service and a HorizontalPodAutoscaler that scales it on a
measured metric: container CPU utilization on docker (from container stats), requests per second per
pod at the Service elsewhere. desired = ceil(current × metric / target), no change within a 0.1
tolerance, at most max(4 pods, 100%) more per 15 s, and a scale-down only to the highest
recommendation of the last 300 s. Control-plane timers run --time-scale times faster than real time.

Full screen by default. With --headless it runs --script and exits: "up" raises the load until the
replicas settle higher, "down" lowers it until they are back at --min. One line per HPA decision,
event and snapshot (JSON lines with --json), a summary with the replica history last.`)
		cmd.RunE = clusterDemoRunE(g, &f, &opts, autoscaling.Name, autoscaling.ParseScript, autoscalingScreen,
			clusterHeadless(autoscaling.Name, runAutoscaling, autoscalingEnded))
		fl := cmd.Flags()
		f.add(fl, "run --script without the TUI and print one line per decision and event",
			"with --headless: JSON lines and a summary object")
		fl.IntVar(&opts.Min, "min", opts.Min, "minReplicas")
		fl.IntVar(&opts.Max, "max", opts.Max, fmt.Sprintf("maxReplicas (at most %d)", cluster.MaxReplicas))
		fl.StringVar(&f.script, "script", joinSteps(autoscaling.Steps), "comma-separated steps: up, down (full screen: one per enter)")
		fl.Float64Var(&opts.TimeScale, "time-scale", opts.TimeScale, "control-plane timers (15 s sync, 300 s window) run this many times faster than real time")
		return cmd
	})
}

// runAutoscaling runs the demo on rt: a cluster at the minimum with an
// autoscaler, the load steps, and every decision, event and pod change
// written to out. It closes the cluster (not rt).
func runAutoscaling(ctx context.Context, rt sandbox.Runtime, opts autoscaling.Options, steps []autoscaling.Step, out *recordWriter, progress io.Writer) (autoscaling.Summary, error) {
	clk := opts.Clock()
	e, err := autoscaling.New(rt, clk, opts)
	if err != nil {
		return autoscaling.Summary{Runtime: rt.Describe()}, err
	}
	e = realcmd.Autoscaled(e, out.rec.command) // the HPA's and the steps' real commands go to the recording
	st, prof := e.Snapshot().Autoscaler, e.Profile
	spec := st.Spec
	sum := autoscaling.Summary{Runtime: rt.Describe(), Metric: st.Metric, MetricDescribe: st.Describe,
		Unit: st.Unit, Target: spec.Target, Min: spec.MinReplicas, Max: spec.MaxReplicas, TimeScale: clk.Factor(),
		ReplicaHistory: []autoscaling.ReplicaPoint{}, Steps: []autoscaling.StepRecord{}}
	start := time.Now()
	decisions := decisionPrinter()
	printed := printRolloutUpdates(e, out, decisions)

	runErr := func() error {
		fmt.Fprintf(progress, "coldstart: starting %d pod(s) on %s; metric: %s, target %g %s\n", spec.MinReplicas, rt.Name(), st.Describe, spec.Target, st.Unit)
		if err := waitFirstRollout(ctx, e, opts.StepTimeout(), func(s *cluster.Snapshot) bool { return s.Settled && s.Traffic.Rate > 0 }); err != nil {
			return err
		}
		if err := e.SetLoad(prof.Low.Rate, prof.Low.Work); err != nil {
			return err
		}
		for _, step := range steps {
			load := prof.LoadFor(step)
			fmt.Fprintf(progress, "coldstart: %s: %d requests/s, %d work units each; waiting for the autoscaler\n", step, load.Rate, load.Work)
			sctx, cancel := context.WithTimeout(ctx, opts.StepTimeout())
			res, err := autoscaling.RunStep(sctx, e, step)
			cancel()
			rec := autoscaling.StepRecord{Step: string(step), Rate: load.Rate, Work: load.Work, From: res.From, To: res.To,
				TookMS: res.Took.Milliseconds(), ClockS: res.ClockTook.Seconds(), FirstScaleS: res.FirstScale.Seconds()}
			sum.Steps = append(sum.Steps, rec)
			if step == autoscaling.StepDown {
				sum.ScaleInAfterS = rec.FirstScaleS
			}
			if err := writeStep(out, rec, err); err != nil {
				return err
			}
		}
		return nil
	}()

	closeErr := removeEveryPod(e, progress)
	writeErr := <-printed
	s, now := e.Snapshot(), time.Now()
	out.rec.final(now, s)
	for _, r := range decisions(s) { // the syncs after the stream's last update: every decision comes before the summary
		if err := out.Write(now, r); writeErr == nil {
			writeErr = err
		}
	}
	hist := s.Autoscaler.History
	for _, d := range hist {
		sum.ReplicaHistory = append(sum.ReplicaHistory, autoscaling.ReplicaPoint{ClockS: d.At.Sub(hist[0].At.Add(-spec.SyncPeriod)).Seconds(), Replicas: d.Desired, Metric: asRound3(d.Metric)})
		sum.MaxReplicasSeen = max(sum.MaxReplicasSeen, d.Desired)
	}
	sum.FinalReplicas = s.Replicas
	sum.Requests, sum.FailedRequests = s.Traffic.OK+s.Traffic.Failed, s.Traffic.Failed
	sum.PodsLeft = podsLeft(e.Engine)
	sum.ElapsedMS = time.Since(start).Milliseconds()
	return sum, errors.Join(runErr, closeErr, writeErr)
}

// autoscalingEnded names the backend in a headless run's summary; the run left
// sum.PodsLeft pods.
func autoscalingEnded(sum *autoscaling.Summary, backend string) int {
	sum.Backend = backend
	return sum.PodsLeft
}

// decisionPrinter is the HPA's syncs of each snapshot as lines: every
// decision since the last one printed, counted by Syncs (the history is
// bounded: its length stops growing after a few hundred).
func decisionPrinter() func(*cluster.Snapshot) []record {
	printed := 0
	return func(s *cluster.Snapshot) []record {
		st := s.Autoscaler
		if st == nil {
			return nil
		}
		var recs []record
		for _, d := range autoscaling.Since(*st, printed) {
			recs = append(recs, hpaLine(scenario.HPASync{Replicas: d.Current, Desired: d.Desired, Measured: d.Measured,
				Metric: asRound3(d.Metric), Target: d.Target, Unit: st.Unit, Ratio: asRound3(d.Ratio), Raw: d.Raw, Stabilized: d.Stabilized, Reason: d.Reason}))
		}
		printed = st.Syncs
		return recs
	}
}

// hpaLine is one sync of the autoscaler, as an event.
func hpaLine(h scenario.HPASync) eventLine {
	text := fmt.Sprintf("%d → %d replicas · metric %.1f %s / target %g (ratio %.2f) · raw %d, stabilized %d · %s",
		h.Replicas, h.Desired, h.Metric, h.Unit, h.Target, h.Ratio, h.Raw, h.Stabilized, h.Reason)
	return eventLine{scenario.Event{Severity: scenario.Normal, Reason: "HPASync", Object: "horizontalpodautoscaler/web", Message: text, HPA: &h}, "hpa      " + text}
}

func asRound3(x float64) float64 { return math.Round(x*1000) / 1000 }

// autoscalingScreen is the demo's full-screen view and its session.
func autoscalingScreen(ctx common.Context, opts autoscaling.Options) (common.Screen, *demokit.Session[*autoscaling.Engine, cluster.Update]) {
	m := autoscalingview.Open(ctx, opts)
	return m, m.Sess
}
