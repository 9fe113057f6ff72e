package demokit

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/tui/common"
)

// ScriptStep is the command that runs one step of a demo's headless script
// on its running engine e (common.Scripted): run does it and says what it
// did. The command ends with the step's StepDoneMsg, an error saying
// notRunning ("the cluster is not running yet") when e is nil.
func ScriptStep[E comparable](e E, step, notRunning string, run func(e E) (note string, err error)) tea.Cmd {
	return func() tea.Msg {
		var none E
		if e == none {
			return common.StepDoneMsg{Step: step, Err: errors.New(notRunning)}
		}
		note, err := run(e)
		return common.StepDoneMsg{Step: step, Note: note, Err: err}
	}
}
