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
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
)

// autoscalingFlags are the knobs of `coldstart demo autoscaling`.
type autoscalingFlags struct {
	headless bool
	json     bool
	min, max int
	script   string
	scale    float64
}

func init() {
	registerDemo(func(g *globals) *cobra.Command {
		f := autoscalingFlags{}
		cmd := &cobra.Command{
			Use:   "autoscaling",
			Short: "Kubernetes-like HorizontalPodAutoscaler on a measured metric: scale out under load, scale in after the stabilization window",
			Long: `Run a Deployment of real pods behind a Service and a HorizontalPodAutoscaler that scales it on a
measured metric: container CPU utilization on docker (from container stats), requests per second per
pod at the Service elsewhere. desired = ceil(current × metric / target), no change within a 0.1
tolerance, at most max(4 pods, 100%) more per 15 s, and a scale-down only to the highest
recommendation of the last 300 s. Control-plane timers run --time-scale times faster than real time.

Full screen by default. With --headless it runs --script and exits: "up" raises the load until the
replicas settle higher, "down" lowers it until they are back at --min. One line per HPA decision,
event and snapshot (JSON lines with --json), a summary with the replica history last.`,
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				if !f.headless {
					if _, err := orchestrator.ParseAutoscaleScript(f.script); err != nil {
						return err
					}
					return runDemoView(g, "autoscaling", tuiScript(cmd, f.script)...)
				}
				return runAutoscalingHeadless(cmd, g, f)
			},
		}
		fl := cmd.Flags()
		fl.BoolVar(&f.headless, "headless", false, "run --script without the TUI and print one line per decision and event")
		fl.BoolVar(&f.json, "json", false, "with --headless: JSON lines and a summary object")
		fl.IntVar(&f.min, "min", 1, "minReplicas")
		fl.IntVar(&f.max, "max", 6, fmt.Sprintf("maxReplicas (at most %d)", orchestrator.MaxReplicas))
		fl.StringVar(&f.script, "script", "up,down", "comma-separated steps: up, down (full screen: one per enter)")
		fl.Float64Var(&f.scale, "time-scale", 30, "control-plane timers (15 s sync, 300 s window) run this many times faster than real time")
		return cmd
	})
}

func (f autoscalingFlags) validate() ([]orchestrator.AutoscaleStep, error) {
	steps, err := orchestrator.ParseAutoscaleScript(f.script)
	if err != nil {
		return nil, err
	}
	if f.scale < 1 || f.scale > 200 {
		return nil, fmt.Errorf("--time-scale %g: want 1 to 200", f.scale)
	}
	if err := (orchestrator.HPASpec{MinReplicas: f.min, MaxReplicas: f.max, Target: 1}).Validate(); err != nil {
		return nil, fmt.Errorf("bad flag: %w", err)
	}
	return steps, nil
}

func runAutoscalingHeadless(cmd *cobra.Command, g *globals, f autoscalingFlags) error {
	steps, err := f.validate()
	if err != nil {
		return err
	}
	run := func(ctx context.Context, rt sandbox.Runtime, out *recordWriter, stderr io.Writer) (autoscalingSummary, int, error) {
		spec := orchestrator.HPASpec{MinReplicas: f.min, MaxReplicas: f.max}
		metric := orchestrator.MetricFor(rt)
		if _, ok := metric.(orchestrator.RateMetric); ok {
			metric = orchestrator.RateMetricFor(f.scale)
		}
		sum, err := runAutoscaling(ctx, rt, clock.NewScaled(f.scale), spec, metric, steps, out, stderr)
		return sum, sum.PodsLeft, err
	}
	return runClusterHeadless(cmd, g, f.json, run, func(s *autoscalingSummary, backend string) { s.Backend = backend })
}

// runAutoscaling runs a cluster at spec.MinReplicas with an autoscaler on
// metric, applies the load steps, and writes every decision, event and pod
// change. It closes the cluster (not rt).
func runAutoscaling(ctx context.Context, rt sandbox.Runtime, clk *clock.Virtual, spec orchestrator.HPASpec, metric orchestrator.Metric, steps []orchestrator.AutoscaleStep, out *recordWriter, progress io.Writer) (autoscalingSummary, error) {
	prof := orchestrator.ProfileFor(metric.Name())
	spec.Target = prof.Target
	spec = spec.WithDefaults()
	sum := autoscalingSummary{Type: "summary", Runtime: rt.Describe(), Metric: metric.Name(), MetricDescribe: metric.Describe(),
		Unit: metric.Unit(), Target: spec.Target, Min: spec.MinReplicas, Max: spec.MaxReplicas, TimeScale: clk.Factor(),
		ReplicaHistory: []replicaPoint{}, Steps: []autoscaleStepRecord{}}
	c, err := orchestrator.New(rt, clk, orchestrator.Config{
		Replicas: spec.MinReplicas, TrafficRate: prof.Low.Rate,
		Template: orchestrator.Template{Version: "v1", Env: demoWorkload.Env(), CPUs: prof.CPUs},
	})
	if err != nil {
		return sum, err
	}
	start := time.Now()
	printed := make(chan error, 1)
	go func() { printed <- printRolloutUpdates(c, out) }()

	var a *orchestrator.Autoscaler
	decided := make(chan struct{}) // closed when every decision is written
	runErr := func() error {
		fmt.Fprintf(progress, "coldstart: starting %d pod(s) on %s; metric: %s, target %g %s\n", spec.MinReplicas, rt.Name(), metric.Describe(), spec.Target, metric.Unit())
		sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		if _, err := c.WaitFor(sctx, func(s *orchestrator.Snapshot) bool { return s.Settled && s.Traffic.Rate > 0 }); err != nil {
			return fmt.Errorf("the first rollout did not finish: %w", err)
		}
		if err := c.SetLoad(prof.Low.Rate, prof.Low.Work); err != nil {
			return err
		}
		a, err = orchestrator.NewAutoscaler(c, clk, spec, metric)
		if err != nil {
			return err
		}
		go func() {
			defer close(decided)
			printDecisions(ctx, a, out)
		}()
		// Budget: the window and a dozen syncs, in real time, plus slow starts.
		budget := time.Minute + time.Duration(float64(spec.DownWindow+12*spec.SyncPeriod)/clk.Factor())
		for _, step := range steps {
			load := prof.High
			if step == orchestrator.StepDown {
				load = prof.Low
			}
			fmt.Fprintf(progress, "coldstart: %s: %d requests/s, %d work units each; waiting for the autoscaler\n", step, load.Rate, load.Work)
			sctx, cancel := context.WithTimeout(ctx, budget)
			res, err := orchestrator.RunAutoscaleStep(sctx, c, a, step, load)
			cancel()
			rec := autoscaleStepRecord{Type: "step", Step: string(step), Rate: load.Rate, Work: load.Work, From: res.From, To: res.To,
				TookMS: res.Took.Milliseconds(), ClockS: res.ClockTook.Seconds(), FirstScaleS: res.FirstScale.Seconds()}
			sum.Steps = append(sum.Steps, rec)
			if step == orchestrator.StepDown {
				sum.ScaleInAfterS = rec.FirstScaleS
			}
			if werr := out.Write(time.Now(), rec); werr != nil {
				return werr
			}
			if err != nil {
				return err
			}
		}
		return nil
	}()

	if a != nil {
		a.Close()
		<-decided // the decisions come before the summary, never after it
		for _, d := range a.Status().History {
			sum.ReplicaHistory = append(sum.ReplicaHistory, replicaPoint{ClockS: d.At.Sub(clkStart(a)).Seconds(), Replicas: d.Desired, Metric: asRound3(d.Metric)})
			sum.MaxReplicasSeen = max(sum.MaxReplicasSeen, d.Desired)
		}
	}
	s := c.Snapshot()
	sum.FinalReplicas = s.Replicas
	sum.Requests, sum.FailedRequests = s.Traffic.OK+s.Traffic.Failed, s.Traffic.Failed
	fmt.Fprintln(progress, "coldstart: removing every pod")
	cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	closeErr := c.Close(cctx)
	writeErr := <-printed
	sum.PodsLeft = c.PodsLeft()
	sum.ElapsedMS = time.Since(start).Milliseconds()
	return sum, errors.Join(runErr, closeErr, writeErr)
}

// clkStart is the control-plane time of the autoscaler's first decision
// minus one sync period: the origin of the replica history.
func clkStart(a *orchestrator.Autoscaler) time.Time {
	st := a.Status()
	if len(st.History) == 0 {
		return time.Time{}
	}
	return st.History[0].At.Add(-st.Spec.SyncPeriod)
}

// printDecisions writes every HPA decision until ctx ends or a is closed.
func printDecisions(ctx context.Context, a *orchestrator.Autoscaler, out *recordWriter) {
	seen := 0
	for {
		ch := a.Changed()
		st := a.Status()
		for _, d := range st.History[min(seen, len(st.History)):] {
			out.Write(time.Now(), hpaRecord{Type: "hpa", Current: d.Current, Desired: d.Desired, Measured: d.Measured,
				Metric: asRound3(d.Metric), Target: d.Target, Unit: st.Unit, Ratio: asRound3(d.Ratio), Raw: d.Raw, Stabilized: d.Stabilized, Reason: d.Reason})
		}
		seen = len(st.History)
		select {
		case <-ch:
			if len(a.Status().History) == seen { // closed
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// hpaRecord is one sync of the autoscaler.
type hpaRecord struct {
	Type       string  `json:"type"`
	Current    int     `json:"replicas"`
	Desired    int     `json:"desired"`
	Measured   int     `json:"measured_pods"`
	Metric     float64 `json:"metric"`
	Target     float64 `json:"target"`
	Unit       string  `json:"unit"`
	Ratio      float64 `json:"ratio"`
	Raw        int     `json:"raw"`
	Stabilized int     `json:"stabilized"`
	Reason     string  `json:"reason"`
}

func (r hpaRecord) String() string {
	return fmt.Sprintf("hpa      %d → %d replicas · metric %.1f %s / target %g (ratio %.2f) · raw %d, stabilized %d · %s",
		r.Current, r.Desired, r.Metric, r.Unit, r.Target, r.Ratio, r.Raw, r.Stabilized, r.Reason)
}

type autoscaleStepRecord struct {
	Type        string  `json:"type"`
	Step        string  `json:"step"`
	Rate        int     `json:"rate"`
	Work        int     `json:"work"`
	From        int     `json:"from"`
	To          int     `json:"to"`
	TookMS      int64   `json:"took_ms"`
	ClockS      float64 `json:"clock_s"`
	FirstScaleS float64 `json:"first_scale_s"` // control-plane seconds from the load change to the first scale
}

func (r autoscaleStepRecord) String() string {
	return fmt.Sprintf("step     %s (%d req/s, work %d): %d → %d replicas in %d ms (%.0f s of control-plane time; first scale after %.0f s)",
		r.Step, r.Rate, r.Work, r.From, r.To, r.TookMS, r.ClockS, r.FirstScaleS)
}

// replicaPoint is one sync of the replica history.
type replicaPoint struct {
	ClockS   float64 `json:"clock_s"`
	Replicas int     `json:"replicas"`
	Metric   float64 `json:"metric"`
}

type autoscalingSummary struct {
	Type            string                `json:"type"`
	Backend         string                `json:"backend"`
	Runtime         string                `json:"runtime"`
	Metric          string                `json:"metric"`
	MetricDescribe  string                `json:"metric_describe"`
	Unit            string                `json:"unit"`
	Target          float64               `json:"target"`
	Min             int                   `json:"min"`
	Max             int                   `json:"max"`
	TimeScale       float64               `json:"time_scale"`
	ReplicaHistory  []replicaPoint        `json:"replica_history"`
	MaxReplicasSeen int                   `json:"max_replicas_seen"`
	FinalReplicas   int                   `json:"final_replicas"`
	ScaleInAfterS   float64               `json:"scale_in_after_s"`
	Requests        int64                 `json:"requests"`
	FailedRequests  int64                 `json:"failed_requests"`
	PodsLeft        int                   `json:"pods_left"`
	ElapsedMS       int64                 `json:"elapsed_ms"`
	Steps           []autoscaleStepRecord `json:"steps"`
}

func (s autoscalingSummary) String() string {
	trail := ""
	last := -1
	for _, p := range s.ReplicaHistory {
		if p.Replicas != last {
			trail += fmt.Sprintf(" %d@%.0fs", p.Replicas, p.ClockS)
			last = p.Replicas
		}
	}
	return fmt.Sprintf("summary  backend %s: %s\n"+
		"         metric %s, target %g %s, min %d, max %d, timers x%g\n"+
		"         replicas:%s · max %d · final %d · scale-in %.0f s after the load fell\n"+
		"         %d requests, %d failed · pods left %d",
		s.Backend, s.Runtime, s.MetricDescribe, s.Target, s.Unit, s.Min, s.Max, s.TimeScale,
		trail, s.MaxReplicasSeen, s.FinalReplicas, s.ScaleInAfterS, s.Requests, s.FailedRequests, s.PodsLeft)
}

func asRound3(x float64) float64 { return math.Round(x*1000) / 1000 }
