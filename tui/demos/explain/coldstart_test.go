package explain_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/coldstart-dev/coldstart/sandbox/commands"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/explain"
	"github.com/coldstart-dev/coldstart/tui/screentest"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// coldStartRun is the cold-start view, wrapped, after two cold starts, a
// warm one, a throttled one and a reap, with their commands.
func coldStartRun(noColor bool) *explain.Screen {
	ctx := common.Context{Theme: theme.New(true, noColor), NoAnimation: true, Backend: "process"}
	s := explain.Wrap(ctx, coldstartview.New(ctx, nil, coldstart.Defaults()))
	s.SetSize(100, 30)
	s.Update(demokit.OpenedMsg{Choice: demokit.Choice{Backend: "process", Reason: "--backend process"}}) // generation 1
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	snap := faas.Snapshot{Config: faas.Defaults, Version: 1, Runtime: "process"}
	inv := func(id int, kind faas.Kind, env string, total float64) *faas.Invocation {
		return &faas.Invocation{ID: id, Kind: kind, Status: faas.StatusOK, Env: env, MemoryMB: 512, Phases: faas.Phases{TotalMS: total}, BilledMS: int64(total) + 1}
	}
	for _, ev := range []faas.Event{
		{Time: at(0), Type: faas.EnvCreated, Env: "env-1"},
		{Time: at(4), Type: faas.EnvStarted, Env: "env-1", Duration: 4100 * time.Microsecond},
		{Time: at(66), Type: faas.EnvReady, Env: "env-1", Duration: 62300 * time.Microsecond},
		{Time: at(66), Type: faas.EnvInit, Env: "env-1", Duration: 41700 * time.Microsecond},
		{Time: at(72), Type: faas.InvokeEnd, Env: "env-1", Invocation: inv(1, faas.KindCold, "env-1", 71.9)},
		{Time: at(900), Type: faas.InvokeEnd, Env: "env-1", Invocation: inv(2, faas.KindWarm, "env-1", 3.0)},
		{Time: at(950), Type: faas.InvokeEnd, Invocation: &faas.Invocation{ID: 3, Kind: faas.KindThrottled, Status: faas.StatusThrottled}},
		{Time: at(1200), Type: faas.ConfigChanged, Reason: "memory 512 → 1024 MB"},
		{Time: at(11000), Type: faas.EnvReaped, Env: "env-1", Reason: "idle for 10s"},
	} {
		ev.Snapshot = snap
		s.Update(demokit.UpdateMsg[faas.Event]{Gen: 1, Update: ev})
	}
	l := commands.DemoLambda
	more := faas.Defaults
	more.MemoryMB = 1024
	s.Update(demokit.CommandsMsg{Commands: []scenario.Command{
		{At: at(0), Action: "invoke", Text: l.Invoke()},
		{At: at(880), Action: "burst", Text: l.Burst(2)},
		{At: at(1200), Action: "configure", Text: l.Configure(faas.Defaults, more)[0]},
		{At: at(1300), Action: "skip-idle", Text: l.SkipToIdleReap("10s")},
	}})
	return s
}

func TestColdStartPanelsGolden(t *testing.T) {
	for _, panel := range []string{"t", ":"} {
		for _, noColor := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s_nocolor=%v", map[string]string{"t": "timeline", ":": "commands"}[panel], noColor), func(t *testing.T) {
				s := coldStartRun(noColor)
				s.Update(screentest.Press(panel))
				out := s.View()
				checkSize(t, out, 100, 30)
				plain := ansi.Strip(out)
				for _, want := range map[string][]string{
					"t": {"env/env-1", "initialised", "init code took 41.7 ms", "invocation/1", "cold", "ok in 71.9 ms", "throttled", "429", "reaped", "idle for 10s"},
					":": {"aws lambda invoke --function-name cold-start out.json", "--memory-size 1024", "nothing to type"},
				}[panel] {
					if !strings.Contains(plain, want) {
						t.Errorf("panel lacks %q:\n%s", want, plain)
					}
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}
