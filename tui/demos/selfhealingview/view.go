package selfhealingview

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/orchestrator/service"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// View renders the demo: a pure function of the model's state.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.ctx.Theme
	st := th.SelfHealing()
	w := m.width
	out := m.header(th, st)
	if m.snap == nil {
		return demokit.Fit(out, w, m.height, "")
	}
	out = append(out, m.nodes(th, st, w)...)
	out = append(out, m.service(th, st, w)...)
	if room := m.height - len(out) - 1; room > 0 {
		out = append(out, th.Title.Render("Events")+th.Subtle.Render("  (kubectl get events)"))
		out = append(out, m.eventLog(th, st, w, room)...)
	}
	return demokit.Fit(out, w, m.height, "")
}

// header: the title, the backend and why, the clock, and the status line.
func (m *Model) header(th *theme.Theme, st theme.SelfHealingStyles) []string {
	title := th.Title.Render("self-healing") + th.Subtle.Render(" · a Deployment's pods on real "+orDash(m.Choice.Backend)+" workloads")
	if s := m.snap; s != nil {
		title += th.Subtle.Render(" · ") + readyCount(s, st)
	}
	lines := []string{title, demokit.BackendLine(th, m.Choice.Backend, strings.TrimPrefix(m.Choice.Reason, m.Choice.Backend+": "))}
	if s := m.snap; s != nil {
		clk := th.Highlight.Render("timers x"+strconv.FormatFloat(s.TimeScale, 'f', -1, 64)) +
			th.Subtle.Render(" (backoff, probes, node monitor, eviction run on a scaled clock; starting and serving are real)")
		if s.NextDeadline > 0 {
			clk = th.Highlight.Render("timers x"+strconv.FormatFloat(s.TimeScale, 'f', -1, 64)) +
				th.Subtle.Render(" · next deadline in ") + th.Highlight.Render(short(s.NextDeadline)) + th.Subtle.Render(" (f jumps to it)")
		}
		lines = append(lines, clk)
	}
	if status, ok := demokit.StatusLine(th, m.Spinner, m.ctx.NoAnimation, m.Status, m.Err); ok {
		return append(lines, status)
	}
	switch {
	case m.Note != "":
		lines = append(lines, th.Subtle.Render("› ")+m.Note)
	default:
		lines = append(lines, "")
	}
	return lines
}

func readyCount(s *cluster.Snapshot, st theme.SelfHealingStyles) string {
	txt := fmt.Sprintf("%d/%d ready", s.ReadyPods, s.Replicas)
	switch {
	case s.Settled:
		return st.Ready.Render(theme.MarkDone + " " + txt)
	case s.ReadyPods == 0 && s.Replicas > 0:
		return st.Failing.Render(theme.MarkFailed + " " + txt)
	default:
		return st.Starting.Render(theme.MarkInProgress + " " + txt + ", healing")
	}
}

// nodes draws one column per node with its pods, and unscheduled pods below.
func (m *Model) nodes(th *theme.Theme, st theme.SelfHealingStyles, w int) []string {
	s := m.snap
	n := max(1, len(s.Nodes))
	colW := min(34, max(18, (w-(n-1))/n))
	var cols []string
	tallest := 0
	for _, nd := range s.Nodes {
		body := nodeHeader(nd, st)
		head := len(body)
		for _, p := range s.Pods {
			if p.Node == nd.Name {
				body = append(body, podLines(p, nd, st, colW-4)...)
			}
		}
		if len(body) == head {
			body = append(body, th.Subtle.Render("no pods"))
		}
		tallest = max(tallest, len(body))
		cols = append(cols, strings.Join(body, "\n"))
	}
	var boxes []string
	for i, nd := range s.Nodes {
		style := st.Node
		if nd.Down || nd.Condition != cluster.NodeReady {
			style = st.NodeDown
		}
		boxes = append(boxes, style.Width(colW).Height(tallest+2).Render(cols[i]))
	}
	var lines []string
	row, rowW := []string{}, 0
	flush := func() {
		lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
		row, rowW = nil, 0
	}
	for _, b := range boxes {
		bw := lipgloss.Width(b)
		if rowW+bw > w && len(row) > 0 {
			flush()
		}
		row = append(row, b)
		rowW += bw
	}
	if len(row) > 0 {
		flush()
	}
	var pending []string
	for _, p := range s.Pods {
		if p.Node == "" {
			pending = append(pending, shortName(p.Name))
		}
	}
	if len(pending) > 0 {
		lines = append(lines, st.Starting.Render(theme.MarkInProgress+" Pending, no node fits: "+strings.Join(pending, ", ")))
	}
	return lines
}

// nodeHeader is the node's condition, and for a lost node the countdown to
// the control plane's next move.
func nodeHeader(nd cluster.NodeInfo, st theme.SelfHealingStyles) []string {
	switch {
	case nd.Condition != cluster.NodeReady && nd.EvictIn > 0:
		return []string{st.Failing.Render(theme.MarkFailed + " " + nd.Name + " NotReady"), st.Label.Render("evicts pods in " + short(nd.EvictIn))}
	case nd.Condition != cluster.NodeReady:
		return []string{st.Failing.Render(theme.MarkFailed + " " + nd.Name + " NotReady")}
	case nd.Down:
		return []string{st.Failing.Render(theme.MarkFailed + " " + nd.Name + " down"), st.Label.Render("NotReady in " + short(nd.NotReadyIn))}
	default:
		return []string{st.Ready.Render(theme.MarkDone + " " + nd.Name + " Ready")}
	}
}

// podLines is one pod: mark, name, version, restarts; then its status in words.
func podLines(p cluster.PodInfo, nd cluster.NodeInfo, st theme.SelfHealingStyles, w int) []string {
	mark, style, status := podState(p, nd, st)
	first := style.Render(mark+" "+shortName(p.Name)) + " " + st.Version.Render(p.Version) + st.Label.Render(fmt.Sprintf(" ↻%d %s", p.Restarts, short(p.Age)))
	return []string{ansi.Truncate(first, w, "…"), ansi.Truncate("  "+style.Render(status), w, "…")}
}

// podState is a pod's symbol, style and words: kubectl's STATUS and READY,
// plus what the demo knows that the control plane does not.
func podState(p cluster.PodInfo, nd cluster.NodeInfo, st theme.SelfHealingStyles) (string, lipgloss.Style, string) {
	switch {
	case p.Status == cluster.StatusTerminating:
		return "⊘", st.Gone, "Terminating"
	case nd.Down && nd.Condition == cluster.NodeReady:
		return "?", st.Gone, p.Status + " (node lost)"
	case nd.Down:
		return "?", st.Gone, p.Status + ", not ready"
	case p.Status == cluster.StatusCrashLoopBackOff:
		return theme.MarkFailed, st.Failing, "CrashLoopBackOff " + short(p.NextRestart)
	case p.Status == cluster.StatusError || p.Status == cluster.StatusCompleted:
		return theme.MarkFailed, st.Failing, p.Status
	case p.Ready && p.Hung:
		return theme.MarkDone, st.Starting, "Running, ready, hung"
	case p.Ready:
		return theme.MarkDone, st.Ready, "Running, ready"
	case p.Status == cluster.StatusRunning:
		return theme.MarkInProgress, st.Starting, "Running, not ready"
	default:
		return theme.MarkInProgress, st.Starting, p.Status
	}
}

// service: the endpoints, the traffic and the heals.
func (m *Model) service(th *theme.Theme, st theme.SelfHealingStyles, w int) []string {
	s := m.snap
	var eps []string
	for _, e := range s.Endpoints {
		eps = append(eps, shortName(e.Pod))
	}
	epText := strings.Join(eps, " ")
	if len(eps) == 0 {
		epText = st.Failing.Render("none: requests fail")
	}
	lines := []string{
		ansi.Truncate(th.Title.Render("Service")+" "+s.Deployment+th.Subtle.Render(fmt.Sprintf(" → %d ready endpoints: ", len(s.Endpoints)))+epText, w, "…"),
	}
	tr := s.Traffic
	if tr.Rate == 0 {
		lines = append(lines, th.Subtle.Render("traffic starts once every replica is ready"))
	} else {
		line := fmt.Sprintf("traffic %s · %s ok · %s failed · p50 %s · p99 %s",
			th.Highlight.Render(fmt.Sprintf("%d req/s", tr.Rate)),
			st.Ready.Render(strconv.FormatInt(tr.OK, 10)),
			failed(tr.Failed, st),
			th.Highlight.Render(ms(tr.P50)), th.Highlight.Render(ms(tr.P99)))
		if tr.Retried > 0 {
			line += st.Warning.Render(fmt.Sprintf(" · %d retried off dead endpoints", tr.Retried))
		}
		lines = append(lines, ansi.Truncate(line, w, "…"))
		lines = append(lines, sparkline(tr.History, st, w))
	}
	if len(s.Heals) > 0 {
		h := s.Heals[len(s.Heals)-1]
		lines = append(lines, ansi.Truncate(st.Ready.Render(theme.MarkDone+" healed")+fmt.Sprintf(" %s → %s in %s", shortName(h.Killed), shortName(h.Replacement), th.Highlight.Render(secs(h.Duration)))+
			th.Subtle.Render(fmt.Sprintf(" (%s, real time; %d heals)", h.Cause, len(s.Heals))), w, "…"))
	}
	return lines
}

func failed(n int64, st theme.SelfHealingStyles) string {
	if n == 0 {
		return "0"
	}
	return st.Failing.Render(strconv.FormatInt(n, 10))
}

var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// sparkline is, per second (newest right), the share of requests the first
// pod the Service picked answered: it dips while dead pods are still listed
// as endpoints, even when a retry on another pod saves the request. The
// current second, still filling, is left out. Marks: ✓ all fine, • some
// retried, ✗ some failed, so the latest second never relies on colour.
func sparkline(hist []service.SecondStat, st theme.SelfHealingStyles, w int) string {
	label := "first-try success/s "
	if len(hist) > 0 {
		hist = hist[:len(hist)-1]
	}
	room := max(0, w-len(label)-10)
	if len(hist) > room {
		hist = hist[len(hist)-room:]
	}
	var b strings.Builder
	last := service.SecondStat{}
	for _, sec := range hist {
		last = sec
		r := sec.FirstTryRate()
		ch := string(sparkBlocks[int(r*float64(len(sparkBlocks)-1))])
		switch {
		case sec.Failed > 0:
			b.WriteString(st.Failing.Render(ch))
		case sec.Retried > 0:
			b.WriteString(st.Starting.Render(ch))
		default:
			b.WriteString(st.Ready.Render(ch))
		}
	}
	mark := theme.MarkDone
	switch {
	case last.Failed > 0:
		mark = theme.MarkFailed
	case last.Retried > 0:
		mark = theme.MarkInProgress
	}
	return st.Label.Render(label) + b.String() + st.Label.Render(fmt.Sprintf(" %3.0f%% %s", last.FirstTryRate()*100, mark))
}

// eventLog is the newest events that fit, oldest first.
func (m *Model) eventLog(th *theme.Theme, st theme.SelfHealingStyles, w, room int) []string {
	evs := m.events
	if len(evs) > room {
		evs = evs[len(evs)-room:]
	}
	var lines []string
	for _, e := range evs {
		at := e.Time.Sub(m.start)
		typ := st.Label.Render(fmt.Sprintf("%-7s", e.Type))
		if e.Type == cluster.Warning {
			typ = st.Warning.Render(fmt.Sprintf("%-7s", e.Type))
		}
		line := st.Label.Render(fmt.Sprintf("%6.1fs ", at.Seconds())) + typ + " " +
			th.Highlight.Render(fmt.Sprintf("%-17s", e.Reason)) + " " + shortObject(e.Object) + th.Subtle.Render(": ") + e.Message
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}
	return lines
}

// shortName is a pod's random suffix: web-5d8f7c9b4-x2k9q → x2k9q.
func shortName(name string) string {
	if i := strings.LastIndexByte(name, '-'); i >= 0 && strings.Count(name, "-") >= 2 {
		return name[i+1:]
	}
	return name
}

func shortObject(o string) string {
	kind, name, ok := strings.Cut(o, "/")
	if ok && kind == "pod" {
		return "pod/" + shortName(name)
	}
	return o
}

// short is a control-plane duration as kubectl prints ages: 45s, 4m10s.
func short(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	m, s := int(d.Minutes()), int(d.Seconds())%60
	if s == 0 {
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dm%ds", m, s)
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}

func secs(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}

func orDash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}
