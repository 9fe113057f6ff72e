package common

import tea "charm.land/bubbletea/v2"

// Presenter mode (P, or `coldstart demo NAME --present`) is a frame the host
// puts around a demo: a large, high-contrast layout for a projector, with the
// demo's key numbers drawn big, one sentence of narration, and pause, step
// and scripted-step keys. A demo takes part by implementing the optional
// interfaces below; the frame uses what it finds.

// Presentable is a demo with a presenter layout. PresentView draws it at the
// size last given to SetSize (the frame's body: the banner, figures and
// narration are drawn by the frame), without side panels or logs. Title is
// the demo's name for the banner ("self-healing").
type Presentable interface {
	Title() string
	PresentView() string
}

// Narrator says in one sentence what just happened and why, from the latest
// meaningful engine event, with measured numbers ("env-3 was cold: ...").
// "" when nothing has happened yet.
type Narrator interface{ Narration() string }

// Figure is one key number, drawn large by the frame.
type Figure struct {
	Label string // "ready", "last heal"
	Value string // "3/3", "0.64 s": digits, and a few symbols, are drawn big
	Mark  string // theme.MarkDone, MarkFailed...: state is never colour alone
	Tone  Tone
}

// Tone colours a Figure.
type Tone int

const (
	ToneNeutral Tone = iota
	ToneGood
	ToneWarn
	ToneBad
)

// Figurer gives the frame the demo's key numbers, most important first.
type Figurer interface{ Figures() []Figure }

// Pausable is a demo whose control-plane timers run on a clock.Virtual:
// space pauses and resumes it, "." steps it. Real work (starting containers,
// serving requests) goes on while paused; only the timers wait.
type Pausable interface {
	Paused() bool
	SetPaused(paused bool)
	// Step returns a command that moves the clock to its next milestone (or,
	// without one, its next timer) and fires what falls due on the way; it
	// ends with a StepDoneMsg (Step "").
	Step() tea.Cmd
}

// Scripted is a demo that can run the steps of its headless --script one at
// a time ("kill-pod", "deploy-bad"...). RunStep returns a command that ends
// with a StepDoneMsg for that step.
type Scripted interface{ RunStep(step string) tea.Cmd }

// StepDoneMsg ends a Pausable.Step (Step "") or a Scripted.RunStep.
type StepDoneMsg struct {
	Step string
	Note string // what it did, for the status line
	Err  error
}
