package rollingdeployview

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// View renders the screen: strategy, the ReplicaSets side by side, the
// responses by version, the rollout status lines and the events.
func (m *Model) View() string {
	t := m.ctx.Theme
	w := max(m.width, 20)
	var top []string
	title := t.Title.Render("Rolling deploy · deployment/web")
	if m.Choice.Backend != "" {
		title += t.Subtle.Render(fmt.Sprintf(" · %s · timers x%g", m.Choice.Backend, m.opts.TimeScale))
	}
	top = append(top, title, m.strategyLine())
	compact := m.height > 0 && m.height < 28 // no spacing, only the latest status line
	gap := func() {
		if !compact {
			top = append(top, "")
		}
	}
	if m.snap != nil {
		gap()
		top = append(top, m.replicaSets(w)...)
		gap()
		resp := m.responses(w)
		if compact {
			resp = resp[1:]
		}
		top = append(top, resp...)
		gap()
		top = append(top, m.rolloutLines(compact)...)
	}
	bottom := m.footer()
	room := max(0, m.height-len(top)-len(bottom)-1)
	var ev []string
	if m.snap != nil && room > 1 {
		ev = append(ev, "", t.Subtle.Render("Events"))
		ev = append(ev, m.eventLines(min(room-2, len(m.events)))...)
	}
	return demokit.FitWithFooter(append(top, ev...), bottom, w, m.height)
}

func (m *Model) strategyLine() string {
	t := m.ctx.Theme
	st := m.strategy
	if st.Recreate {
		return "Strategy " + t.Highlight.Render("Recreate") + t.Subtle.Render(" · every old pod is gone before a new one starts")
	}
	s, u := st.Resolve(m.opts.Replicas)
	return fmt.Sprintf("Strategy %s · maxSurge %s → %s · maxUnavailable %s → %s · %s",
		t.Highlight.Render("RollingUpdate"), st.MaxSurge, t.Highlight.Render(strconv.Itoa(s)),
		st.MaxUnavailable, t.Highlight.Render(strconv.Itoa(u)),
		t.Subtle.Render(fmt.Sprintf("%d replicas run as %d to %d pods", m.opts.Replicas, m.opts.Replicas-u, m.opts.Replicas+s)))
}

// versionNum is 2 for "v2" (for the version's colour).
func versionNum(v string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(v, "v"))
	return n
}

func (m *Model) version(v string) string {
	return m.ctx.Theme.VersionStyle(versionNum(v)).Render(v)
}

// replicaSets renders the ReplicaSets that have pods (or want some), newest
// revision last, side by side.
func (m *Model) replicaSets(w int) []string {
	t := m.ctx.Theme
	var rss []cluster.ReplicaSetInfo
	for _, rs := range m.snap.ReplicaSets {
		if rs.Desired > 0 || m.podsOf(rs.Name) > 0 {
			rss = append(rss, rs)
		}
	}
	sort.Slice(rss, func(i, j int) bool { return rss[i].Revision < rss[j].Revision })
	if len(rss) > 3 {
		rss = rss[len(rss)-3:]
	}
	if len(rss) == 0 {
		return []string{t.Subtle.Render("no ReplicaSet has pods")}
	}
	colW := max(18, (w-2*(len(rss)-1))/len(rss))
	var cols []string
	for _, rs := range rss {
		role := "old"
		if rs.Revision == m.snap.Rollout.Revision {
			role = "new"
		}
		lines := []string{
			fmt.Sprintf("%s %s %s", t.Highlight.Render("ReplicaSet"), rs.Name, t.Subtle.Render("("+role+")")),
			fmt.Sprintf("rev %d · %s · desired %d · ready %d/%d", rs.Revision, m.version(rs.Version), rs.Desired, rs.Ready, rs.Current),
		}
		for _, p := range m.snap.Pods {
			if p.ReplicaSet == rs.Name {
				lines = append(lines, m.podLine(p))
			}
		}
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, colW, "…")
		}
		cols = append(cols, lipgloss.NewStyle().Width(colW).Render(strings.Join(lines, "\n")))
	}
	var parts []string
	for i, c := range cols {
		if i > 0 {
			parts = append(parts, "  ")
		}
		parts = append(parts, c)
	}
	return strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, parts...), "\n")
}

func (m *Model) podsOf(rs string) int {
	n := 0
	for _, p := range m.snap.Pods {
		if p.ReplicaSet == rs {
			n++
		}
	}
	return n
}

// podLine is a symbol and a word for the pod's state, so colour is never
// the only mark.
func (m *Model) podLine(p cluster.PodInfo) string {
	st := m.ctx.Theme.SelfHealing()
	var sym string
	var style lipgloss.Style
	word := p.Status
	switch {
	case p.Status == cluster.StatusTerminating:
		sym, style = "○", st.Gone
	case p.Ready:
		sym, style, word = "●", st.Ready, "Ready"
	case p.Status == cluster.StatusCrashLoopBackOff || p.Status == cluster.StatusError:
		sym, style = theme.MarkFailed, st.Failing
	case p.Status == cluster.StatusRunning:
		sym, style, word = "◐", st.Starting, "Running 0/1"
	default:
		sym, style = "◌", st.Starting
	}
	return fmt.Sprintf("%s %s %s %s", style.Render(sym), m.version(p.Version), shortName(p.Name), style.Render(word))
}

// shortName drops the Deployment's prefix: "web-x2k9b-q7r4t" → "x2k9b-q7r4t".
func shortName(pod string) string {
	_, rest, ok := strings.Cut(pod, "-")
	if !ok {
		return pod
	}
	return rest
}

// responses is the strip of the latest responses, each marked by the
// version that served it (its number, coloured) or ✗, and the totals.
func (m *Model) responses(w int) []string {
	t := m.ctx.Theme
	tr := m.snap.Traffic
	head := t.Subtle.Render("Responses through the Service, newest right: each mark is the version that answered, ✗ failed")
	n := min(len(m.marks), max(0, w-2))
	var b strings.Builder
	for _, mk := range m.marks[len(m.marks)-n:] {
		if mk == "" {
			b.WriteString(t.Error.Render(theme.MarkFailed))
			continue
		}
		num := versionNum(string(mk))
		b.WriteString(t.VersionStyle(num).Render(strconv.Itoa(num % 10)))
	}
	strip := b.String()
	if strip == "" {
		strip = t.Subtle.Render("(waiting for the traffic: it starts once v1 is rolled out)")
	}
	var vs []string
	for v := range tr.ByVersion {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return versionNum(vs[i]) < versionNum(vs[j]) })
	var counts []string
	for _, v := range vs {
		counts = append(counts, fmt.Sprintf("%s %d", m.version(v), tr.ByVersion[v]))
	}
	failed := fmt.Sprintf("failed %d", tr.Failed)
	if tr.Failed > 0 {
		failed = t.Error.Render(theme.MarkFailed + " " + failed)
	} else {
		failed = t.OK.Render(failed)
	}
	counts = append(counts, failed, t.Subtle.Render(fmt.Sprintf("%d req/s", tr.Rate)))
	return []string{head, strip, strings.Join(counts, " · ")}
}

// rolloutLines are the kubectl rollout status lines and the deadline.
// rolloutLines: the rollout status lines (only the latest when compact),
// the measured bounds and the Progressing condition.
func (m *Model) rolloutLines(compact bool) []string {
	t := m.ctx.Theme
	r := m.snap.Rollout
	var out []string
	if !compact {
		out = append(out, t.Subtle.Render("$ kubectl rollout status deployment/web"))
	}
	for i, s := range m.statuses {
		if compact && i < len(m.statuses)-1 {
			continue
		}
		style := t.Subtle
		if i == len(m.statuses)-1 {
			switch {
			case r.Failed:
				style = t.Error
			case r.Complete:
				style = t.OK
			default:
				style = t.Warning
			}
		}
		out = append(out, style.Render(s))
	}
	if len(m.snap.ReplicaSets) > 1 { // a rollout from an earlier version: its measured bounds
		out = append(out, m.boundsLine(r))
	}
	var facts []string
	facts = append(facts, fmt.Sprintf("Progressing=%s (%s)", r.Progressing, r.Reason))
	if r.Paused {
		facts = append(facts, t.Warning.Render("PAUSED: p resumes"))
	}
	if r.DeadlineIn > 0 {
		facts = append(facts, fmt.Sprintf("progress deadline in %s", short(r.DeadlineIn)))
	}
	if r.Complete && r.Took > 0 {
		facts = append(facts, fmt.Sprintf("last rollout took %s", r.Took.Round(10*time.Millisecond)))
	}
	if r.Failed {
		facts = append(facts, t.Warning.Render("no automatic rollback: u runs kubectl rollout undo"))
	}
	return append(out, t.Subtle.Render(strings.Join(facts, " · ")))
}

// boundsLine sets what this rollout did against what its strategy allows:
// the most pods at once and the fewest ready, as the controller counted them.
func (m *Model) boundsLine(r cluster.RolloutInfo) string {
	t := m.ctx.Theme
	if r.Strategy == cluster.StrategyRecreate {
		return fmt.Sprintf("This rollout: at most %s pods, at least %s ready %s", t.Highlight.Render(strconv.Itoa(r.MostPods)),
			t.Highlight.Render(strconv.Itoa(r.FewestReady)), t.Subtle.Render("(Recreate: none ready while the new pods start)"))
	}
	mark := func(ok bool) string {
		if ok {
			return t.OK.Render("✓")
		}
		return t.Error.Render("✗")
	}
	limit, floor := r.Replicas+r.MaxSurge, r.Replicas-r.MaxUnavailable
	return fmt.Sprintf("This rollout: at most %s pods %s %s · at least %s ready %s %s",
		t.Highlight.Render(strconv.Itoa(r.MostPods)), mark(r.MostPods <= limit), t.Subtle.Render(fmt.Sprintf("(replicas + maxSurge = %d)", limit)),
		t.Highlight.Render(strconv.Itoa(r.FewestReady)), mark(r.FewestReady >= floor), t.Subtle.Render(fmt.Sprintf("(replicas − maxUnavailable = %d)", floor)))
}

func (m *Model) eventLines(n int) []string {
	return demokit.EventLines(m.ctx.Theme, m.events[len(m.events)-n:])
}

func (m *Model) footer() []string {
	t := m.ctx.Theme
	var out []string
	switch {
	case m.Err != "":
		out = append(out, t.Error.Render(theme.MarkFailed+" "+m.Err))
	case m.Status != "":
		sp := m.Spinner.View()
		if m.ctx.NoAnimation {
			sp = theme.MarkInProgress
		}
		out = append(out, sp+" "+m.Status+"…")
	case m.Note != "":
		out = append(out, t.Subtle.Render(m.Note))
	}
	return out
}

// short formats a control-plane duration: "9m30s", "45s".
func short(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= time.Minute {
		s := d.String()
		if strings.HasSuffix(s, "m0s") {
			s = strings.TrimSuffix(s, "0s")
		}
		return s
	}
	return d.String()
}
