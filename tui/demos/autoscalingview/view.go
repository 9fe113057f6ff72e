package autoscalingview

import (
	"fmt"
	"math"
	"strings"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// View renders the load, the metric against its target, the HPA's last
// decision, the replica and metric history and the pods.
func (m *Model) View() string {
	t := m.ctx.Theme
	w := max(m.width, 20)
	title := t.Title.Render("Autoscaling · HorizontalPodAutoscaler web")
	if m.Choice.Backend != "" {
		title += t.Subtle.Render(fmt.Sprintf(" · %s · timers x%g", m.Choice.Backend, m.opts.TimeScale))
	}
	lines := []string{title}
	if m.snap != nil && m.hpa.Metric != "" {
		lines = append(lines, m.setup()...)
		lines = append(lines, "")
		lines = append(lines, m.decision(w)...)
		lines = append(lines, "")
		lines = append(lines, m.history(w)...)
		lines = append(lines, "", m.pods())
	}
	bottom := m.footer()
	if room := m.height - len(lines) - len(bottom) - 2; m.snap != nil && room > 0 {
		lines = append(lines, "", t.Subtle.Render("Events"))
		lines = append(lines, m.eventLines(min(room, len(m.events)))...)
	}
	return demokit.FitWithFooter(lines, bottom, w, m.height)
}

// setup says what is measured, the HPA's spec and the load.
func (m *Model) setup() []string {
	t := m.ctx.Theme
	sp := m.hpa.Spec
	why := ""
	if m.hpa.Metric != "cpu" {
		why = t.Subtle.Render(" (CPU needs --backend docker)")
	}
	load := fmt.Sprintf("Load %s requests/s", t.Highlight.Render(fmt.Sprint(m.load.Rate)))
	if m.hpa.Metric == "cpu" {
		load += fmt.Sprintf(" × %s CPU work units each (about 0.6 ms per unit)", t.Highlight.Render(fmt.Sprint(m.load.Work)))
	}
	return []string{
		"Metric " + m.hpa.Describe + why,
		t.Subtle.Render(fmt.Sprintf("min %d · max %d · target %g %s · tolerance %.1f · sync %v · scale-down window %v · up ≤ max(%d pods, %d%%)/%v",
			sp.MinReplicas, sp.MaxReplicas, sp.Target, m.hpa.Unit, sp.Tolerance, sp.SyncPeriod, sp.DownWindow, sp.UpPods, sp.UpPercent, sp.UpPeriod)),
		load + t.Subtle.Render(fmt.Sprintf(" · through the Service: %d ok, %d failed", m.snap.Traffic.OK, m.snap.Traffic.Failed)),
	}
}

// decision shows the last sync: metric vs target, the formula, the result.
func (m *Model) decision(w int) []string {
	t := m.ctx.Theme
	d, ok := m.hpa.Last()
	if !ok {
		return []string{t.Subtle.Render(fmt.Sprintf("waiting for the first sync (every %v of control-plane time)", m.hpa.Spec.SyncPeriod))}
	}
	barW := max(10, min(40, w-40))
	scale := 2 * d.Target // the bar spans 0 to twice the target; the target is its middle
	fill := int(math.Round(math.Min(d.Metric, scale) / scale * float64(barW)))
	style := t.OK
	switch {
	case d.Ratio > 1+m.hpa.Spec.Tolerance:
		style = t.Warning
	case d.Ratio < 1-m.hpa.Spec.Tolerance:
		style = t.Subtle
	}
	bar := []rune(strings.Repeat("█", fill) + strings.Repeat("░", barW-fill))
	bar[barW/2] = '│'
	over := ""
	if d.Metric > scale {
		over = "▶"
	}
	formula := fmt.Sprintf("desired = ceil(%d × %.1f / %g) = %d", d.Measured, d.Metric, d.Target, d.Raw)
	if d.Tolerated {
		formula = fmt.Sprintf("|%.1f / %g − 1| = %.2f ≤ %.1f: no change", d.Metric, d.Target, math.Abs(d.Ratio-1), m.hpa.Spec.Tolerance)
	}
	return []string{
		fmt.Sprintf("metric %s %s  %s %s", style.Render(fmt.Sprintf("%.1f %s", d.Metric, m.hpa.Unit)), style.Render(string(bar))+over,
			t.Subtle.Render(fmt.Sprintf("target %g (│)", d.Target)), t.Subtle.Render(fmt.Sprintf("ratio %.2f", d.Ratio))),
		formula + t.Subtle.Render(fmt.Sprintf(" · stabilized %d", d.Stabilized)),
		fmt.Sprintf("replicas %s → desired %s · ready %d", t.Highlight.Render(fmt.Sprint(d.Current)), t.Highlight.Render(fmt.Sprint(d.Desired)), m.snap.ReadyPods),
		t.Subtle.Render(d.Reason),
	}
}

var blocks = []rune("▁▂▃▄▅▆▇█")

// history draws desired replicas and the metric over the last syncs.
func (m *Model) history(w int) []string {
	t := m.ctx.Theme
	h := m.hpa.History
	n := min(len(h), max(0, w-30))
	h = h[len(h)-n:]
	if n == 0 {
		return []string{t.Subtle.Render("replicas and metric over time appear after the first sync")}
	}
	maxM := m.hpa.Spec.Target * 2
	for _, d := range h {
		maxM = math.Max(maxM, d.Metric)
	}
	spark := func(v, top float64) rune {
		i := int(math.Round(v / top * float64(len(blocks)-1)))
		return blocks[min(max(i, 0), len(blocks)-1)]
	}
	var desired, ready, met strings.Builder
	top := float64(m.hpa.Spec.MaxReplicas)
	for _, d := range h {
		desired.WriteRune(spark(float64(d.Desired), top))
		ready.WriteRune(spark(float64(d.Measured), top))
		met.WriteRune(spark(d.Metric, maxM))
	}
	last := h[len(h)-1]
	return []string{
		t.Subtle.Render(fmt.Sprintf("last %d syncs, oldest left; replicas on a 0..%d scale", n, m.hpa.Spec.MaxReplicas)),
		fmt.Sprintf("%-8s %s %d", "desired", t.Highlight.Render(desired.String()), last.Desired),
		fmt.Sprintf("%-8s %s %d", "ready", t.OK.Render(ready.String()), last.Measured),
		fmt.Sprintf("%-8s %s %.1f %s (target %g)", "metric", t.Warning.Render(met.String()), last.Metric, m.hpa.Unit, m.hpa.Spec.Target),
	}
}

// pods is one mark per pod with its state in words for the unready ones.
func (m *Model) pods() string {
	st := m.ctx.Theme.SelfHealing()
	var parts []string
	for _, p := range m.snap.Pods {
		switch {
		case p.Status == cluster.StatusTerminating:
			parts = append(parts, st.Gone.Render("○ Terminating"))
		case p.Ready:
			parts = append(parts, st.Ready.Render("● Ready"))
		default:
			parts = append(parts, st.Starting.Render("◐ "+p.Status))
		}
	}
	return fmt.Sprintf("Pods %d: %s", len(m.snap.Pods), strings.Join(parts, "  "))
}

func (m *Model) eventLines(n int) []string {
	return demokit.EventLines(m.ctx.Theme, m.events[len(m.events)-n:])
}

func (m *Model) footer() []string {
	t := m.ctx.Theme
	switch {
	case m.Err != "":
		return []string{t.Error.Render(theme.MarkFailed + " " + m.Err)}
	case m.Status != "":
		sp := m.Spinner.View()
		if m.ctx.NoAnimation {
			sp = theme.MarkInProgress
		}
		return []string{sp + " " + m.Status + "…"}
	case m.Note != "":
		return []string{t.Subtle.Render(m.Note)}
	}
	return nil
}
