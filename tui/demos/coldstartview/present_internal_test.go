package coldstartview

import (
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

func TestNarration(t *testing.T) {
	cfg := faas.Defaults
	cfg.Concurrency = 2
	cold := &faas.Invocation{ID: 3, Kind: faas.KindCold, Status: faas.StatusOK, Env: "env-3",
		Phases: faas.Phases{StartMS: 120.4, ReadyMS: 291.6, InitMS: 250.2, HandlerMS: 2.4, TotalMS: 418.3}}
	warm := &faas.Invocation{ID: 4, Kind: faas.KindWarm, Status: faas.StatusOK, Env: "env-1", Phases: faas.Phases{HandlerMS: 2.1, TotalMS: 3.04}}
	throttled := &faas.Invocation{ID: 5, Kind: faas.KindThrottled, Status: faas.StatusThrottled}
	for _, tc := range []struct {
		name string
		ev   faas.Event
		snap faas.Snapshot
		want string
	}{
		{"cold", faas.Event{Type: faas.InvokeEnd, Invocation: cold}, faas.Snapshot{Config: cfg},
			"env-3 was cold: no idle environment, so a new one was created and initialised in 412 ms (start 120 ms, init code 250 ms); the request took 418 ms end to end"},
		{"warm", faas.Event{Type: faas.InvokeEnd, Invocation: warm}, faas.Snapshot{Config: cfg},
			"env-1 was warm: an idle environment was reused, so no init ran and the request took 3.0 ms (2.1 ms in the handler)"},
		{"throttled", faas.Event{Type: faas.InvokeEnd, Invocation: throttled}, faas.Snapshot{Config: cfg},
			"request #5 was throttled (429 TooManyRequests): all 2 environments the concurrency limit allows were busy; nothing was billed"},
		{"scaled to zero", faas.Event{Type: faas.EnvReaped, Env: "env-1", Reason: "idle for " + (10 * time.Second).String()}, faas.Snapshot{Config: cfg},
			"env-1 sat idle for 10s, so it was reaped: the function scaled to zero and costs nothing, and the next request will be a cold start"},
		{"nothing yet", faas.Event{}, faas.Snapshot{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Model{snap: tc.snap}
			m.remember(tc.ev)
			if got := m.Narration(); got != tc.want {
				t.Errorf("narration\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Events that say nothing new keep the last sentence.
func TestNarrationKeepsTheLastMeaningfulEvent(t *testing.T) {
	m := &Model{}
	m.remember(faas.Event{Type: faas.EnvReaped, Env: "env-1", Reason: "idle for 10s"})
	m.remember(faas.Event{Type: faas.EnvIdle, Env: "env-2"})
	m.remember(faas.Event{Type: faas.InvokeStart, Invocation: &faas.Invocation{ID: 9}})
	if m.told.Type != faas.EnvReaped {
		t.Errorf("told %s, want env_reaped", m.told.Type)
	}
}
