package replay

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// markKind is what an event on the timeline was; a cell that holds
// several shows the first of these (kills before heals).
type markKind int

const (
	noMark markKind = iota
	markHeal
	markScale
	markRollout
	markThrottle
	markKill
)

// mark is one event worth a symbol on the timeline.
type mark struct {
	t    time.Duration
	kind markKind
}

// marks are the tape's events that get a symbol, in time order.
func marks(tp *playback.Tape) []mark {
	times, events, calls := tp.Events()
	var out []mark
	for i, t := range times {
		var k markKind
		if tp.Function {
			k = callKind(calls[i])
		} else {
			k = eventKind(events[i])
		}
		if k != noMark {
			out = append(out, mark{t, k})
		}
	}
	return out
}

func eventKind(e cluster.Event) markKind {
	switch e.Reason {
	case cluster.ReasonKilling, cluster.ReasonNodeNotReady, cluster.ReasonEvicted, cluster.ReasonBackOff, cluster.ReasonFailed:
		return markKill
	case cluster.ReasonSuccessfulCreate, cluster.ReasonStarted, cluster.ReasonNewReplicaSetAvailable:
		return markHeal
	case cluster.ReasonScalingReplicaSet, cluster.ReasonSuccessfulRescale:
		return markScale
	case cluster.ReasonReplicaSetUpdated, cluster.ReasonDeploymentPaused, cluster.ReasonDeploymentResumed,
		cluster.ReasonDeploymentRollback, cluster.ReasonProgressDeadlineExceeded:
		return markRollout
	}
	return noMark
}

func callKind(e faas.Event) markKind {
	switch e.Type {
	case faas.EnvKilled:
		return markKill
	case faas.EnvReady, faas.EnvProvisioned:
		return markHeal
	case faas.EnvReaped:
		return markScale
	case faas.ConfigChanged, faas.Reset:
		return markRollout
	case faas.InvokeEnd:
		if e.Invocation != nil && e.Invocation.Kind == faas.KindThrottled {
			return markThrottle
		}
	}
	return noMark
}

// timeline draws the marks row and the bar, width cells for the time
// from start to end, the playhead at t.
func timeline(st theme.ReplayStyles, ms []mark, start, end, t time.Duration, width int) (marksRow, bar string) {
	if width <= 0 {
		return "", ""
	}
	cells := make([]markKind, width)
	for _, m := range ms {
		c := cell(m.t, start, end, width)
		cells[c] = max(cells[c], m.kind)
	}
	var mb strings.Builder
	for _, k := range cells {
		mb.WriteString(markGlyph(st, k))
	}
	head := cell(t, start, end, width)
	bar = st.Played.Render(strings.Repeat("━", head)) + st.Head.Render("●") + st.Ahead.Render(strings.Repeat("─", width-head-1))
	return mb.String(), bar
}

func markGlyph(st theme.ReplayStyles, k markKind) string {
	var s lipgloss.Style
	var g string
	switch k {
	case markKill:
		s, g = st.Kill, theme.MarkKill
	case markHeal:
		s, g = st.Heal, theme.MarkHeal
	case markScale:
		s, g = st.Scale, theme.MarkScale
	case markRollout:
		s, g = st.Rollout, theme.MarkRollout
	case markThrottle:
		s, g = st.Throttle, theme.MarkThrottle
	default:
		return " "
	}
	return s.Render(g)
}

// cell is the column of time t on a timeline of width cells.
func cell(t, start, end time.Duration, width int) int {
	if end <= start || width <= 1 {
		return 0
	}
	c := int((int64(width-1)*int64(t-start) + int64(end-start)/2) / int64(end-start))
	return max(0, min(c, width-1))
}

// timeAt is the time of column x, the inverse of cell (a click's seek).
func timeAt(x int, start, end time.Duration, width int) time.Duration {
	if width <= 1 {
		return start
	}
	x = max(0, min(x, width-1))
	return start + time.Duration(int64(end-start)*int64(x)/int64(width-1))
}
