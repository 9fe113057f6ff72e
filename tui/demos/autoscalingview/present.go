package autoscalingview

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Presenter mode (tui/present.go): replicas, the measured metric and the
// load big, the HPA's decision and history without the event log, a
// sentence on the latest sync, and pause, step and scripted steps (up,
// down) on the control-plane clock the HPA syncs on.

func (m *Model) Title() string { return "autoscaling" }

// PresentView is the HPA's latest decision, its history and the pods.
func (m *Model) PresentView() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	w := m.width
	var lines []string
	if m.snap != nil && m.hpa.Metric != "" {
		lines = append(lines, m.decision(w)...)
		lines = append(lines, "")
		lines = append(lines, m.history(w)...)
		lines = append(lines, "", m.pods())
	}
	lines = append(lines, m.footer()...)
	return demokit.Fit(lines, w, m.height, "…")
}

// Figures: replicas ready of desired, the metric per pod against its
// target, and the load.
func (m *Model) Figures() []common.Figure {
	s := m.snap
	if s == nil {
		return nil
	}
	ready := common.Figure{Label: "pods ready", Value: fmt.Sprintf("%d/%d", s.ReadyPods, s.Replicas), Mark: theme.MarkDone, Tone: common.ToneGood}
	if !s.Settled {
		ready.Mark, ready.Tone, ready.Label = theme.MarkInProgress, common.ToneWarn, "pods ready, scaling"
	}
	figs := []common.Figure{ready}
	if d, ok := m.hpa.Last(); ok {
		metric := common.Figure{Label: fmt.Sprintf("%s per pod, target %g", m.hpa.Unit, d.Target), Value: strconv.FormatFloat(d.Metric, 'f', 1, 64), Mark: theme.MarkDone, Tone: common.ToneGood}
		switch {
		case d.Ratio > 1+m.hpa.Spec.Tolerance:
			metric.Mark, metric.Tone = "▲", common.ToneWarn
		case d.Ratio < 1-m.hpa.Spec.Tolerance:
			metric.Mark, metric.Tone = "▼", common.ToneNeutral
		}
		figs = append(figs, metric)
	}
	return append(figs, common.Figure{Label: "load", Value: fmt.Sprintf("%d req/s", m.load.Rate)})
}

// Narration is the HPA's latest sync in a sentence: what it measured, the
// formula, and what held it back.
func (m *Model) Narration() string {
	d, ok := m.hpa.Last()
	if !ok {
		return ""
	}
	return narrate(d, m.hpa)
}

func narrate(d cluster.HPADecision, st cluster.AutoscalerStatus) string {
	measured := fmt.Sprintf("%d ready pods averaged %.1f %s against a target of %g", d.Measured, d.Metric, st.Unit, d.Target)
	switch {
	case d.Measured == 0:
		return "no pod is ready to measure, so the HPA does not scale (" + d.Reason + ")"
	case d.Tolerated && d.Desired == d.Current:
		return fmt.Sprintf("%s: within the %.0f%% tolerance, so the HPA keeps %d replicas", measured, st.Spec.Tolerance*100, d.Current)
	case d.Desired > d.Current:
		text := fmt.Sprintf("%s: desired = ceil(%d × %.2f) = %d, so the HPA scales out from %d to %d", measured, d.Measured, d.Ratio, d.Raw, d.Current, d.Desired)
		if d.Desired < d.Raw {
			text += " (" + d.Reason + ")"
		}
		return text
	case d.Desired < d.Current:
		return fmt.Sprintf("%s: ceil(%d × %.2f) = %d, and no higher recommendation in the last %s (stabilization window), so the HPA scales in from %d to %d",
			measured, d.Measured, d.Ratio, d.Raw, windowText(st), d.Current, d.Desired)
	case d.Stabilized > d.Raw:
		return fmt.Sprintf("%s: ceil(%d × %.2f) = %d, but the stabilization window keeps the highest recommendation of the last %s: %d replicas",
			measured, d.Measured, d.Ratio, d.Raw, windowText(st), d.Current)
	}
	return fmt.Sprintf("%s: the HPA keeps %d replicas (%s)", measured, d.Current, d.Reason)
}

func windowText(st cluster.AutoscalerStatus) string {
	if w := st.Spec.DownWindow; w > 0 {
		return fmt.Sprintf("%.0f s", math.Round(w.Seconds()))
	}
	return "5 minutes"
}

// presenter is the pause and step of the running engine's clock.
func (m *Model) presenter() demokit.PresenterClock {
	return demokit.ClusterClock(m.running()) // the HPA syncs on its clock too
}

// RunStep runs one step of the headless script: up (the high load, until
// the replicas settle higher) or down (the low load, until they are back at
// the minimum). The view is told the new load first.
func (m *Model) RunStep(step string) tea.Cmd {
	e, ok := m.Sess.Engine()
	if !ok {
		return func() tea.Msg {
			return common.StepDoneMsg{Step: step, Err: errors.New("the cluster is not running yet")}
		}
	}
	load := e.Profile.LoadFor(autoscaling.Step(step))
	tell := func() tea.Msg {
		err := e.SetLoad(load.Rate, load.Work)
		return loadSetMsg{note: fmt.Sprintf("%s: load %d requests/s", step, load.Rate), load: load, err: err}
	}
	run := func() tea.Msg {
		res, err := autoscaling.RunStep(context.Background(), e, autoscaling.Step(step))
		if err != nil {
			return common.StepDoneMsg{Step: step, Err: err}
		}
		return common.StepDoneMsg{Step: step, Note: fmt.Sprintf("%s: %d → %d replicas in %.1f s (%s of control-plane time)",
			step, res.From, res.To, res.Took.Seconds(), res.ClockTook.Round(1e9))}
	}
	return tea.Sequence(tell, run)
}
