package coldstartview

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// View renders the demo: a pure function of the model's state.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.ctx.Theme
	st := th.ColdStart()
	w := m.width

	var out []string
	out = append(out, m.header(th, st)...)
	if !m.ready && len(m.snap.Envs) == 0 && m.snap.Stats.Invocations == 0 {
		return demokit.Fit(out, w, m.height, "…")
	}

	panels := m.panels(th, st, w, m.height < 30)
	panelH := lipgloss.Height(panels)
	boxes := m.height-len(out)-panelH >= 16
	pool := m.pool(th, st, w, boxes)
	room := m.height - len(out) - len(pool) - panelH - 1 // 1: timeline title
	out = append(out, pool...)
	out = append(out, m.timeline(th, st, w, max(room, 0))...)
	out = append(out, strings.Split(panels, "\n")...)
	return demokit.Fit(out, w, m.height, "…")
}

// header is the title, the backend and why, the knobs and the status line.
func (m *Model) header(th *theme.Theme, st theme.ColdStartStyles) []string {
	title := th.Title.Render("cold-start") + th.Subtle.Render(" · a Lambda-like function on real "+orDash(m.snap.Runtime)+" instances")
	lines := []string{title, demokit.BackendLine(th, m.Choice.Backend, m.Choice.Reason)}
	if m.snap.Enforces != "" && !m.ctx.Present { // presenter mode: fewer, larger things
		lines = append(lines, th.Subtle.Render("runtime  "+m.snap.Enforces))
	}
	if m.ready || m.snap.Config.MemoryMB > 0 {
		c := m.snap.Config
		knobs := fmt.Sprintf("memory %s (%s vCPU) · %s init · limit %s",
			th.Highlight.Render(fmt.Sprintf("%d MB", c.MemoryMB)), strconv.FormatFloat(c.CPUs(), 'f', -1, 64),
			th.Highlight.Render(string(c.Profile)), th.Highlight.Render(strconv.Itoa(c.Concurrency)))
		if c.Provisioned > 0 {
			knobs += " · provisioned " + th.Highlight.Render(strconv.Itoa(c.Provisioned))
		}
		lines = append(lines, knobs+fmt.Sprintf(" · idle timeout %s · timeout %s · in flight %d", c.IdleTimeout, c.Timeout, m.snap.InFlight))
	}
	status := m.Status
	if status == "" {
		status = coldstart.Provisioning(m.snap)
	}
	if status, ok := demokit.StatusLine(th, m.Spinner, m.ctx.NoAnimation, status, m.Err); ok {
		return append(lines, status)
	}
	switch {
	case m.ready && m.snap.Stats.Invocations == 0:
		lines = append(lines, th.Subtle.Render("press i to invoke the function, b for a burst of "+strconv.Itoa(burstSize)))
	default:
		lines = append(lines, "")
	}
	return lines
}

// stateMark is a state's symbol and word, so the state never relies on colour.
func stateMark(s faas.EnvState, st theme.ColdStartStyles) string {
	switch s {
	case faas.StateStarting:
		return st.Starting.Render("◌ creating")
	case faas.StateInit:
		return st.Init.Render("◔ init")
	case faas.StateBusy:
		return st.Busy.Render("● busy")
	case faas.StateIdle:
		return st.Idle.Render("○ warm/idle")
	case faas.StateKilled:
		return st.Gone.Render(theme.MarkFailed + " killed")
	default:
		return st.Gone.Render(theme.MarkFailed + " reaped")
	}
}

// provisionedMark marks an environment of the provisioned concurrency.
func provisionedMark(th *theme.Theme, e faas.EnvInfo) string {
	if !e.Provisioned {
		return ""
	}
	return th.Subtle.Render(" prov")
}

// pool draws the environments as boxes (or one line each when space is short)
// and the recently removed ones.
func (m *Model) pool(th *theme.Theme, st theme.ColdStartStyles, w int, boxes bool) []string {
	envs := m.snap.Envs
	lines := []string{th.Title.Render(fmt.Sprintf("Execution environments: %d", len(envs))) +
		th.Subtle.Render(fmt.Sprintf("  (version %d; one request each)", m.snap.Version))}
	if len(envs) == 0 {
		lines = append(lines, th.Subtle.Render("  none: scaled to zero, the next request is a cold start"))
	}
	if boxes && len(envs) > 0 {
		var row []string
		rowW := 0
		flush := func() {
			lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
			row, rowW = nil, 0
		}
		for _, e := range envs {
			body := strings.Join([]string{
				th.Highlight.Render(e.Name) + provisionedMark(th, e),
				stateMark(e.State, st),
				fmt.Sprintf("count %d", e.Count),
				"init " + msOrDash(e.InitMS),
			}, "\n")
			box := st.Env.Width(16).Render(body)
			bw := lipgloss.Width(box)
			if rowW+bw > w && len(row) > 0 {
				flush()
			}
			row = append(row, box)
			rowW += bw
		}
		flush()
	} else if len(envs) > 0 {
		var chips []string
		for _, e := range envs {
			chips = append(chips, fmt.Sprintf("[%s%s %s #%d]", e.Name, provisionedMark(th, e), stateMark(e.State, st), e.Count))
		}
		lines = append(lines, wrap(chips, w)...)
	}
	if len(m.snap.Gone) > 0 {
		var gone []string
		for _, g := range slices.Backward(m.snap.Gone) {
			gone = append(gone, st.Gone.Render(g.Name+" "+theme.MarkFailed+" "+string(g.State)+" ("+g.Reason+")"))
		}
		lines = append(lines, th.Subtle.Render("gone: ")+strings.Join(gone, th.Subtle.Render(" · ")))
	}
	return lines
}

// timeline lists the newest invocations (in flight first), each finished one
// with its measured phases as a bar.
func (m *Model) timeline(th *theme.Theme, st theme.ColdStartStyles, w, rows int) []string {
	legend := st.Start.Render("░ start") + " " + st.Boot.Render("▒ boot") + " " + st.InitBar.Render("█ init") + " " +
		st.Handle.Render("▓ handler") + " " + th.Subtle.Render("· other")
	lines := []string{th.Title.Render("Recent invocations") + "  " + legend}
	if rows <= 0 {
		return lines
	}
	flying := make([]faas.Invocation, 0, len(m.flying))
	for _, inv := range m.flying {
		flying = append(flying, inv)
	}
	slices.SortFunc(flying, func(a, b faas.Invocation) int { return b.ID - a.ID })
	for _, inv := range flying {
		if len(lines) > rows {
			return lines
		}
		lines = append(lines, fmt.Sprintf("%s %s %-7s %s", invID(inv), kindLabel(inv.Kind, st), inv.Env,
			th.Warning.Render(theme.MarkInProgress+" in flight")))
	}
	shown := m.recent[max(0, len(m.recent)-(rows+1-len(lines))):]
	maxMS := 0.0
	for _, inv := range shown {
		if inv.Status == faas.StatusOK { // failures have no bar
			maxMS = max(maxMS, inv.Phases.TotalMS)
		}
	}
	barW := max(w-36, 8)
	for _, inv := range slices.Backward(shown) {
		prefix := fmt.Sprintf("%s %s %-7s ", invID(inv), kindLabel(inv.Kind, st), inv.Env)
		switch inv.Status {
		case faas.StatusOK:
			lines = append(lines, prefix+bar(inv.Phases, maxMS, barW, th, st)+" "+fmt.Sprintf("%8s", msText(inv.Phases.TotalMS)))
		case faas.StatusThrottled:
			lines = append(lines, prefix+st.Throttled.Render("429 TooManyRequests: "+inv.Err))
		default:
			lines = append(lines, prefix+th.Error.Render(theme.MarkFailed+" "+string(inv.Status)+": "+inv.Err))
		}
	}
	return lines
}

func invID(inv faas.Invocation) string { return fmt.Sprintf("#%-3d", inv.ID) }

func kindLabel(k faas.Kind, st theme.ColdStartStyles) string {
	switch k {
	case faas.KindCold:
		return st.Cold.Render("cold     ")
	case faas.KindWarm:
		return st.Warm.Render("warm     ")
	default:
		return st.Throttled.Render("throttled")
	}
}

// bar draws the phases to scale: maxMS fills width cells.
func bar(p faas.Phases, maxMS float64, width int, th *theme.Theme, st theme.ColdStartStyles) string {
	if maxMS <= 0 {
		return ""
	}
	other := max(0, p.TotalMS-p.StartMS-p.ReadyMS-p.HandlerMS)
	// Init may begin before Start returns (docker), so only the part inside
	// the ready wait is drawn there: the bar adds up to the total.
	initMS := min(p.InitMS, p.ReadyMS)
	segs := []struct {
		ms    float64
		glyph string
		style lipgloss.Style
	}{
		{p.StartMS, "░", st.Start},
		{p.ReadyMS - initMS, "▒", st.Boot},
		{initMS, "█", st.InitBar},
		{p.HandlerMS, "▓", st.Handle},
		{other, "·", th.Subtle},
	}
	cells := make([]int, len(segs))
	used, widest := 0, 0
	for i, s := range segs {
		cells[i] = int(math.Round(s.ms / maxMS * float64(width)))
		if s.ms > 0 && cells[i] == 0 && s.glyph != "·" {
			cells[i] = 1 // every measured phase stays visible
		}
		used += cells[i]
		if cells[i] > cells[widest] {
			widest = i
		}
	}
	if used > width { // rounding up small phases: the widest gives way
		cells[widest] -= min(used-width, cells[widest]-1)
		used = min(used, width)
	}
	var b strings.Builder
	for i, s := range segs {
		if cells[i] > 0 {
			b.WriteString(s.style.Render(strings.Repeat(s.glyph, cells[i])))
		}
	}
	return b.String() + strings.Repeat(" ", max(0, width-used))
}

// panels are latency, billing and state side by side.
// A compact panel (short windows) has no border and four lines.
func (m *Model) panels(th *theme.Theme, st theme.ColdStartStyles, w int, compact bool) string {
	s := m.snap.Stats
	colW := max(w/3, 18)
	inner := colW - 4 // border and padding
	if compact {
		inner = colW - 2 // a gap between columns
	}
	row := func(label, value string) string {
		pad := max(inner-lipgloss.Width(label)-lipgloss.Width(value), 1)
		return st.Label.Render(label) + strings.Repeat(" ", pad) + value
	}
	latency := []string{
		th.Title.Render("Latency (p50)"),
		row("cold", st.Cold.Render(msOrDash(s.ColdP50MS))),
		row("warm", st.Warm.Render(msOrDash(s.WarmP50MS))),
		row("init", msOrDash(s.InitP50MS)),
		row("cold starts", fmt.Sprintf("%d of %d", s.Cold, s.Invocations)),
		row("throttled", st.Throttled.Render(strconv.Itoa(s.Throttled))),
	}
	billing := []string{
		th.Title.Render("Billing"),
		row("requests", strconv.Itoa(s.BilledRequests)),
		row("GB-seconds", strconv.FormatFloat(s.GBSeconds, 'f', 4, 64)),
	}
	if m.snap.Config.Provisioned > 0 { // the bill in its parts
		billing = []string{
			th.Title.Render("Billing"),
			row(fmt.Sprintf("%d requests", s.BilledRequests), usd(s.RequestsUSD)),
			row("on-demand", usd(s.OnDemandUSD)),
			row("provisioned", usd(s.ProvisionedUSD)),
		}
	}
	billing = append(billing,
		row("Lambda", th.Highlight.Render(usd(s.LambdaUSD))),
		row("always-on*", usd(s.ServerUSD)),
		th.Subtle.Render(fmt.Sprintf("*VM $%.4f/GiB-h × %s", faas.AWS.ServerPerGBHour, m.snap.Elapsed.Round(time.Second))),
	)
	state := []string{
		th.Title.Render("State (counters)"),
		row("shared store", th.Highlight.Render(strconv.FormatInt(m.snap.Store, 10))),
	}
	for _, e := range m.snap.Envs {
		if len(state) >= 6 {
			break
		}
		state = append(state, row(e.Name+" in memory", strconv.FormatInt(e.Count, 10)))
	}
	if len(m.snap.Envs) == 0 {
		state = append(state, th.Subtle.Render("no environment: in-memory counts gone"))
	}
	panelH := max(6, len(billing)) + 2 // the border; the panels as tall as the bill in parts
	render := func(lines []string) string {
		if compact {
			lines = lines[:min(len(lines), 4)]
		}
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, inner, "…")
		}
		if compact {
			return lipgloss.NewStyle().Width(colW).Render(strings.Join(lines, "\n"))
		}
		return st.Panel.Width(colW).Height(panelH).Render(strings.Join(lines, "\n"))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, render(latency), render(billing), render(state))
}

func usd(v float64) string {
	if v == 0 {
		return "$0"
	}
	decimals := max(2, int(math.Ceil(-math.Log10(v)))+2)
	return "$" + strconv.FormatFloat(v, 'f', min(decimals, 12), 64)
}

func msText(ms float64) string {
	if ms >= 10 {
		return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
	}
	return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
}

func msOrDash(ms float64) string {
	if ms <= 0 {
		return "–"
	}
	return msText(ms)
}

func orDash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// wrap joins items with spaces into lines at most w wide.
func wrap(items []string, w int) []string {
	var lines []string
	cur := ""
	for _, it := range items {
		if cur != "" && lipgloss.Width(cur)+1+lipgloss.Width(it) > w {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += it
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
