package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	realcmd "github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)

func init() {
	registerDemo(selfhealing.Name, selfhealing.Defaults(), func(g *globals) *cobra.Command {
		f := demoFlags{}
		opts := selfhealing.Defaults()
		cmd := newDemoCommand(selfhealing.Name, `Run a Deployment of real workloads (containers or processes) spread over
nodes, behind a Service with steady traffic, and break it: the ReplicaSet
replaces killed pods, the kubelet restarts hung and crashing containers with
Kubernetes' back-off (10 s, 20 s, 40 s ... capped at 5 minutes), and a lost
node's pods are evicted after 50 s + 300 s and recreated elsewhere.

Control-plane timers run --time-scale times faster than real time (shown as
"timers xN"); starting, killing and serving are real.

Full screen by default. With --headless it runs the --script steps in
order, each until the cluster has settled again, then prints a summary:
one line per event and a snapshot every second on stdout (JSON lines with
--json), progress on stderr. With the defaults it takes about 30 seconds.`)
		cmd.RunE = clusterDemoRunE(g, &f, &opts, selfhealing.Name, selfhealing.ParseScript, selfHealingScreen, runSelfHealingHeadless)
		fl := cmd.Flags()
		f.add(fl, "run the --script without the TUI and print one line per event",
			"with --headless: JSON lines (t_ms, type, pods, traffic, ...) and a summary object")
		fl.IntVar(&opts.Replicas, "replicas", opts.Replicas, fmt.Sprintf("the Deployment's replicas (1-%d)", cluster.MaxReplicas))
		fl.IntVar(&opts.Nodes, "nodes", opts.Nodes, fmt.Sprintf("nodes the pods are spread over (1-%d)", orchestrator.MaxNodes))
		fl.Float64Var(&opts.TimeScale, "time-scale", opts.TimeScale, "control-plane timers run this many times faster than real time")
		fl.StringVar(&f.script, "script", joinSteps(selfhealing.Steps), "the steps, in order (kill-pod, kill-node, crashloop, hang); in the TUI one per enter")
		return cmd
	})
}

// selfHealingBackend opens the headless run's backend; tests swap it for a
// fake runtime.
var selfHealingBackend = openBackend

func runSelfHealingHeadless(cmd *cobra.Command, g *globals, asJSON bool, steps []selfhealing.Step, opts selfhealing.Options) error {
	ctx, stop := headlessContext(cmd.Context())
	defer stop()
	stderr := cmd.ErrOrStderr()
	progress := func(s string) { fmt.Fprintln(stderr, "coldstart:", s) }

	rt, choice, rw, err := openHeadless(ctx, cmd, g, selfHealingBackend, selfhealing.Name, opts, asJSON)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		rt.Close(cctx)
	}()
	defer rw.Close()
	progress(rt.Describe())
	cl, err := selfhealing.New(rt, opts.Clock(), opts)
	if err != nil {
		return err
	}
	closeCluster := func() error {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return cl.Close(cctx)
	}
	defer closeCluster()

	printed := make(chan struct{})
	go func() {
		defer close(printed)
		printUpdates(rw, cl.Updates())
	}()

	// Every wait is bounded by what the slowest step needs at this time scale.
	budget := time.Minute + time.Duration(float64(2*(selfhealing.NodeMonitorGrace+selfhealing.TolerationSeconds+selfhealing.BackoffMax))/opts.TimeScale)
	wait := func(what string, cond func(*cluster.Snapshot) bool) (*cluster.Snapshot, error) {
		wctx, cancel := context.WithTimeout(ctx, budget)
		defer cancel()
		s, err := cl.WaitFor(wctx, cond)
		if err != nil {
			return s, fmt.Errorf("%s: %w", what, err)
		}
		return s, nil
	}
	progress(fmt.Sprintf("starting %d pods over %d nodes (timers x%g)", opts.Replicas, opts.Nodes, opts.TimeScale))
	first, err := wait("waiting for the first rollout", func(s *cluster.Snapshot) bool { return s.Settled })
	if err != nil {
		return err
	}
	sum := selfhealing.Summary{Backend: choice.Backend, BackendReason: choice.Reason,
		Replicas: opts.Replicas, Nodes: opts.Nodes, TimeScale: opts.TimeScale, HealMS: []int64{}, BackoffS: []float64{}}
	for _, p := range first.Pods {
		sum.ColdStartMS = append(sum.ColdStartMS, p.StartupTime.Milliseconds())
	}
	acts := realcmd.Cluster(cl, rw.rec.command) // the steps' real commands go to the recording
	for _, step := range steps {
		progress(fmt.Sprintf("step %s: waiting until the cluster settles again", step))
		sctx, cancel := context.WithTimeout(ctx, budget)
		res, err := selfhealing.RunStep(sctx, acts, step)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return errors.New("interrupted: every pod was removed")
			}
			return err
		}
		rec := selfhealing.StepRecord{Step: string(res.Step), Target: res.Target, TookMS: res.Took.Milliseconds(), BackoffS: seconds(res.Backoff)}
		rw.Write(time.Now(), rec)
		if step == selfhealing.StepCrashLoop {
			sum.BackoffS = append(sum.BackoffS, rec.BackoffS...)
		}
		if step == selfhealing.StepKillNode {
			sum.KilledNode = res.Target
		}
	}
	final := cl.Snapshot()
	closing := healingSnapshot{clusterSnapshot(final)}
	rw.rec.headless(final.Time, closing) // read after the stream: a replay prints this record
	rw.Write(final.Time, closing)
	sum.FinalReady = final.ReadyPods
	for _, h := range final.Heals {
		sum.HealMS = append(sum.HealMS, h.Duration.Milliseconds())
		sum.Heals = append(sum.Heals, selfhealing.HealRecord{Killed: h.Killed, Cause: h.Cause, Replacement: h.Replacement, MS: h.Duration.Milliseconds()})
	}
	for _, p := range final.Pods {
		if sum.KilledNode != "" && p.Node == sum.KilledNode {
			sum.PodsOnKilledNode++
		}
	}
	sum.Requests = final.Traffic.OK + final.Traffic.Failed
	sum.FailedRequests = final.Traffic.Failed
	progress("removing every pod")
	cerr := closeCluster()
	<-printed
	sum.PodsLeft = podsLeft(cl)
	rw.Write(time.Now(), sum)
	return errors.Join(cerr, rw.Close())
}

// printUpdates records and prints the cluster's stream until it ends.
func printUpdates(rw *recordWriter, updates <-chan cluster.Update) {
	print := healingPrinter(rw)
	for u := range updates {
		rw.rec.clusterUpdate(u) // a failure is kept for Close
		print(u)
	}
}

// healingPrinter prints an update of the self-healing cluster: every
// event, and a snapshot at most every second. A replay prints with it too.
func healingPrinter(rw *recordWriter) func(cluster.Update) error {
	lastSnap := int64(math.MinInt64 / 2) // t_ms of the last snapshot printed
	return func(u cluster.Update) error {
		for _, e := range u.Events {
			rw.Write(e.Time, eventLine{clusterEvent(e), fmt.Sprintf("%-7s %-17s %s: %s", e.Type, e.Reason, e.Object, e.Message)})
		}
		// In whole milliseconds, as the lines and a recording count time.
		if s := u.Snapshot; s != nil && rw.ms(s.Time)-lastSnap >= 1000 {
			lastSnap = rw.ms(s.Time)
			rw.Write(s.Time, healingSnapshot{clusterSnapshot(s)})
		}
		return nil
	}
}

func seconds(ds []time.Duration) []float64 {
	out := []float64{}
	for _, d := range ds {
		out = append(out, d.Seconds())
	}
	return out
}

// healingSnapshot is a snapshot record with its text line.
type healingSnapshot struct{ scenario.Snapshot }

func (healingSnapshot) RecordType() scenario.Type { return scenario.TypeSnapshot }

func (r healingSnapshot) String() string {
	var pods []string
	for _, p := range r.Pods {
		ready := "0/1"
		if p.Ready {
			ready = "1/1"
		}
		pods = append(pods, fmt.Sprintf("%s(%s %s %s ↻%d)", p.Name, p.Node, p.Status, ready, p.Restarts))
	}
	return fmt.Sprintf("snapshot %d/%d ready · traffic %d ok %d failed · %s", r.Ready, r.Replicas, r.Traffic.OK, r.Traffic.Failed, strings.Join(pods, " "))
}

// selfHealingScreen is the demo's full-screen view and its session.
func selfHealingScreen(ctx common.Context, opts selfhealing.Options) (common.Screen, *demokit.Session[cluster.Engine, cluster.Update]) {
	m := selfhealingview.Open(ctx, opts)
	return m, m.Sess
}
