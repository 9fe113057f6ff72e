package coldstartview

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Presenter mode (tui/present.go): cold and warm latency big, the pool and
// the timeline without the side panels, a sentence on the latest
// invocation or environment change, and pause and step of the engine's
// clock (idle reaping, timeouts).

func (m *Model) Title() string { return "cold-start" }

// remember keeps the latest event worth a sentence: invocations that ended,
// environments removed, a new configuration, a reset.
func (m *Model) remember(ev faas.Event) {
	switch ev.Type {
	case faas.InvokeEnd, faas.EnvReaped, faas.EnvKilled, faas.ConfigChanged, faas.Reset:
		m.told = ev
	}
}

// PresentView is the pool and the timeline, at the size the frame gives.
func (m *Model) PresentView() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.ctx.Theme
	st := th.ColdStart()
	head := m.header(th, st)
	out := head[len(head)-1:] // the error, status or hint line
	if !m.ready && len(m.snap.Envs) == 0 && m.snap.Stats.Invocations == 0 {
		return demokit.Fit(out, m.width, m.height, "…")
	}
	pool := m.pool(th, st, m.width, m.height-len(out) >= 14)
	out = append(out, pool...)
	out = append(out, m.timeline(th, st, m.width, max(m.height-len(out)-1, 0))...)
	return demokit.Fit(out, m.width, m.height, "…")
}

// Figures: the medians of cold and warm latency, the warm pool, throttles.
func (m *Model) Figures() []common.Figure {
	s := m.snap.Stats
	cold := common.Figure{Label: "cold start (p50)", Value: "-", Mark: "❄", Tone: common.ToneWarn}
	if s.Cold > 0 {
		cold.Value = msText(s.ColdP50MS)
	}
	warm := common.Figure{Label: "warm (p50)", Value: "-", Mark: theme.MarkDone, Tone: common.ToneGood}
	if s.Warm > 0 {
		warm.Value = msText(s.WarmP50MS)
	}
	pool := common.Figure{Label: "environments", Value: strconv.Itoa(m.snap.Alive())}
	throttled := common.Figure{Label: "throttled (429)", Value: strconv.Itoa(s.Throttled), Mark: theme.MarkDone, Tone: common.ToneGood}
	if s.Throttled > 0 {
		throttled.Mark, throttled.Tone = theme.MarkFailed, common.ToneBad
	}
	return []common.Figure{cold, warm, pool, throttled}
}

// Narration is the latest meaningful event in a sentence, with its
// measured phases.
func (m *Model) Narration() string { return narrate(m.told, m.snap) }

func narrate(ev faas.Event, s faas.Snapshot) string {
	switch ev.Type {
	case faas.InvokeEnd:
		inv := ev.Invocation
		if inv == nil {
			return ""
		}
		p := inv.Phases
		switch {
		case inv.Kind == faas.KindThrottled:
			return fmt.Sprintf("request #%d was throttled (429 TooManyRequests): all %d environments the concurrency limit allows were busy; nothing was billed",
				inv.ID, s.Config.Concurrency)
		case inv.Status == faas.StatusTimeout:
			return fmt.Sprintf("request #%d on %s ran past the %s timeout, so it was stopped and its environment killed; %d ms were billed",
				inv.ID, inv.Env, s.Config.Timeout, inv.BilledMS)
		case inv.Status != faas.StatusOK:
			return fmt.Sprintf("request #%d on %s failed: %s", inv.ID, orDash(inv.Env), inv.Err)
		case inv.Kind == faas.KindCold:
			return fmt.Sprintf("%s was cold: no idle environment, so a new one was created and initialised in %s (start %s, init code %s); the request took %s end to end",
				inv.Env, msText(p.StartMS+p.ReadyMS), msText(p.StartMS), msText(p.InitMS), msText(p.TotalMS))
		default:
			return fmt.Sprintf("%s was warm: an idle environment was reused, so no init ran and the request took %s (%s in the handler)",
				inv.Env, msText(p.TotalMS), msText(p.HandlerMS))
		}
	case faas.EnvReaped:
		if strings.HasPrefix(ev.Reason, "idle for ") {
			if n := s.Alive(); n > 0 {
				return fmt.Sprintf("%s sat %s, so it was reaped; %d environments are still warm", ev.Env, ev.Reason, n)
			}
			return fmt.Sprintf("%s sat %s, so it was reaped: the function scaled to zero and costs nothing, and the next request will be a cold start", ev.Env, ev.Reason)
		}
		return fmt.Sprintf("%s was retired (%s): the next request on the new configuration starts cold", ev.Env, ev.Reason)
	case faas.EnvKilled:
		return fmt.Sprintf("%s was killed: %s; the next request gets a new environment", ev.Env, ev.Reason)
	case faas.ConfigChanged:
		return fmt.Sprintf("the configuration changed (%s): idle environments of the old version are retired, so the next request is cold", ev.Reason)
	case faas.Reset:
		return "everything was reset: the pool is empty, so the next request is a cold start"
	}
	return ""
}

// presenter is the pause and step of the running engine's clock.
func (m *Model) presenter() demokit.PresenterClock {
	p := demokit.PresenterClock{NotRunning: "the function service is not running yet", NoTimer: "no timer is waiting: invoke first, idle environments are reaped on a timer",
		Stepped: func(d time.Duration) string {
			return fmt.Sprintf("stepped the clock %.1f s to its next timer", d.Seconds())
		}}
	if e := m.Running(); e != nil {
		p.Clock = e.Clock()
	}
	return p
}

// RunStep runs one scripted step: invoke, burst (of --burst), idle (skip
// past the idle timeout: scale to zero) or slow.
func (m *Model) RunStep(step string) tea.Cmd {
	burst := m.opts.Burst
	return demokit.ScriptStep(m.Running(), step, "the function service is not running yet", func(e faas.Function) (string, error) {
		ctx := context.Background()
		switch coldstart.Step(step) {
		case coldstart.StepInvoke:
			inv := e.Invoke(ctx)
			return fmt.Sprintf("invoked: %s on %s, %s", inv.Kind, orDash(inv.Env), msText(inv.Phases.TotalMS)), nil
		case coldstart.StepBurst:
			invs := e.Burst(ctx, burst)
			kinds := map[faas.Kind]int{}
			for _, inv := range invs {
				kinds[inv.Kind]++
			}
			return fmt.Sprintf("burst of %d: %d cold, %d warm, %d throttled", len(invs), kinds[faas.KindCold], kinds[faas.KindWarm], kinds[faas.KindThrottled]), nil
		case coldstart.StepIdle:
			if !e.SkipToIdleReap() {
				return "", errors.New("this clock cannot skip ahead")
			}
			return "skipped past the idle timeout", nil
		case coldstart.StepSlow:
			inv := e.InvokeWork(ctx, faas.SlowWork)
			return fmt.Sprintf("slow request: %s", inv.Status), nil
		}
		return "", fmt.Errorf("unknown step %q: want invoke, burst, idle or slow", step)
	})
}
