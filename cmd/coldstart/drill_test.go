package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/progress"
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

// TestPlainDrill answers the fixture track line by line (a wrong choice, an
// invalid one, then a partly mark) and checks the output and the schedule
// saved to the progress file.
func TestPlainDrill(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	var out, errOut bytes.Buffer
	root := newRootCmd()
	root.SetArgs([]string{"--lessons", "testdata/drill", "drill", "--track", "drill-fixture", "--plain"})
	root.SetIn(strings.NewReader("7\n1\n\np\n"))
	root.SetOut(&out)
	root.SetErr(&errOut)
	before := time.Now()
	if err := root.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	for _, want := range []string{
		"Drill · Drill fixture: 2 question(s).",
		"[1/2] Quiz · Numbers\nWhich number is even?\n  1. One\n  2. Two\n",
		"Your answer (1-2): Your answer (1-2): ✗ Not quite. The answer is 2. Two is divisible by two.",
		"[2/2] Interview question · counting · draws on Numbers\nWalk me through counting to three.",
		"Model answer:\n    One, two, three.\n",
		"Score 0.5 / 2",
		"◐ counting",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	store, _, err := progress.Open(filepath.Join(state, "coldstart", "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	quiz, _ := store.Review("drill-fixture-numbers#1")
	card, _ := store.Review("drill-fixture-numbers#2")
	if quiz.Result != "wrong" || quiz.Due.Sub(before) < 9*time.Minute || quiz.Due.Sub(before) > 11*time.Minute {
		t.Errorf("quiz review %+v: want wrong, due in about 10 min", quiz)
	}
	if card.Result != "partly" || card.Box != 1 {
		t.Errorf("card review %+v: want partly in box 1", card)
	}
}
