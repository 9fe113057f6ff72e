package demokit

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// PresenterClock is the presenter's pause and step over a demo engine's
// virtual clock.
type PresenterClock struct {
	Clock clock.Clock // the running engine's clock, nil before it runs
	// Milestone, if set, jumps the clock to the engine's next milestone (a
	// restart, a node NotReady, an eviction) and says how far; Step tries it
	// before the next timer, which is often only a probe tick. ok false
	// when no milestone waits.
	Milestone  func() (d time.Duration, ok bool)
	NotRunning string                       // Step's error before the engine runs
	NoTimer    string                       // Step's error when no timer waits
	Stepped    func(d time.Duration) string // Step's note after advancing d to the next timer
	Reached    func(d time.Duration) string // Step's note after jumping d to a milestone (with Milestone)
}

func (p PresenterClock) virtual() *clock.Virtual {
	v, _ := p.Clock.(*clock.Virtual)
	return v
}

// Paused says whether the clock is paused.
func (p PresenterClock) Paused() bool {
	v := p.virtual()
	return v != nil && v.Paused()
}

// SetPaused pauses or resumes the clock; without one it does nothing.
func (p PresenterClock) SetPaused(paused bool) {
	v := p.virtual()
	switch {
	case v == nil:
	case paused:
		v.Pause()
	default:
		v.Resume()
	}
}

// Step returns the command that moves the clock to its next milestone, or
// without one to its next timer, firing every timer on the way.
func (p PresenterClock) Step() tea.Cmd {
	v := p.virtual()
	return func() tea.Msg {
		if v == nil {
			return common.StepDoneMsg{Err: errors.New(p.NotRunning)}
		}
		if p.Milestone != nil {
			if d, ok := p.Milestone(); ok {
				return common.StepDoneMsg{Note: p.Reached(d)}
			}
		}
		at, ok := v.NextDeadline()
		if !ok {
			return common.StepDoneMsg{Err: errors.New(p.NoTimer)}
		}
		d := max(0, at.Sub(v.Now()))
		v.Advance(d)
		return common.StepDoneMsg{Note: p.Stepped(d)}
	}
}

// ClusterClock is the presenter clock of the orchestration demos: c's
// control-plane clock, if c has one it shares (none while c is nil, before
// the cluster runs). A step jumps where c's FastForward does (a
// cluster.TimeControl), so a node kill reaches NotReady in one press
// instead of one per probe tick.
func ClusterClock(c cluster.Engine) PresenterClock {
	p := PresenterClock{
		NotRunning: "the cluster is not running yet",
		NoTimer:    "no control-plane timer is waiting",
		Stepped: func(d time.Duration) string {
			return fmt.Sprintf("stepped the control-plane clock %s to its next timer", d.Round(time.Millisecond))
		},
		Reached: func(d time.Duration) string {
			return fmt.Sprintf("stepped the control-plane clock %s to its next milestone", d.Round(time.Millisecond))
		},
	}
	if c, ok := c.(clocked); ok {
		p.Clock = c.Clock()
	}
	if tc, ok := c.(cluster.TimeControl); ok {
		p.Milestone = tc.FastForward
	}
	return p
}

// clocked is an engine whose timers run on a clock it shares.
type clocked interface{ Clock() clock.Clock }
