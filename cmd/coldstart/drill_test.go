package main

import (
	"strings"
	"testing"
)

func TestPracticeCommandsExplainBadInput(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"drill", "--track", "nope"}, `unknown track "nope" (known: serverless, orchestration, interview)`},
		{[]string{"drill", "--count", "0"}, "--count must be at least 1"},
		{[]string{"interview", "--minutes", "0"}, "--minutes must be between 1 and 180"},
		{[]string{"interview", "--track", "nope"}, `unknown track "nope"`},
		// go test's stdout is not a terminal.
		{[]string{"drill"}, "`coldstart drill` is interactive and needs a terminal"},
		{[]string{"interview"}, "`coldstart interview` is interactive and needs a terminal"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runCLI(tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
