package demokit

import (
	"errors"
	"testing"

	"github.com/coldstart-dev/coldstart/tui/common"
)

type stepEngine struct{ name string }

func TestScriptStep(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		e    *stepEngine
		err  error
		want common.StepDoneMsg
	}{
		{"not running", nil, nil, common.StepDoneMsg{Step: "kill-pod", Err: errors.New("the cluster is not running yet")}},
		{"done", &stepEngine{"c1"}, nil, common.StepDoneMsg{Step: "kill-pod", Note: "kill-pod on c1"}},
		{"failed", &stepEngine{"c1"}, boom, common.StepDoneMsg{Step: "kill-pod", Err: boom}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ScriptStep(tc.e, "kill-pod", "the cluster is not running yet", func(e *stepEngine) (string, error) {
				if tc.err != nil {
					return "", tc.err
				}
				return "kill-pod on " + e.name, nil
			})().(common.StepDoneMsg)
			if got.Step != tc.want.Step || got.Note != tc.want.Note || (got.Err == nil) != (tc.want.Err == nil) ||
				(got.Err != nil && got.Err.Error() != tc.want.Err.Error()) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
