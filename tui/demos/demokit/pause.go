package demokit

import tea "charm.land/bubbletea/v2"

// Pauser makes a view a common.Pausable over the presenter clock Clock
// gives now (the running engine's, which a reset replaces). A view embeds
// it and sets Clock in its constructor.
type Pauser struct {
	Clock func() PresenterClock
}

func (p Pauser) clock() PresenterClock {
	if p.Clock == nil {
		return PresenterClock{}
	}
	return p.Clock()
}

// Paused says whether the clock is paused.
func (p Pauser) Paused() bool { return p.clock().Paused() }

// SetPaused pauses or resumes the clock.
func (p Pauser) SetPaused(paused bool) { p.clock().SetPaused(paused) }

// Step moves the clock to its next milestone or timer (PresenterClock.Step).
func (p Pauser) Step() tea.Cmd { return p.clock().Step() }
