package demokit

import "github.com/coldstart-dev/coldstart/sandbox/scenario"

// CommandsMsg adds commands to a demo's command log: the real commands of
// the actions just taken, live, or the recorded ones in a replay. With
// Replace it is the whole log up to now (a replay after a seek).
type CommandsMsg struct {
	Commands []scenario.Command
	Replace  bool
}
