package rollingdeploy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// The summary gives RollingUpdate's limits, 0 included, and none for
// Recreate, where they do not apply.
func TestRollingSummaryLimits(t *testing.T) {
	zero, one := 0, 1
	for _, tc := range []struct {
		sum         Summary
		json, plain string
		notJSON     string
	}{
		{Summary{Strategy: "RollingUpdate", MaxSurge: &zero, MaxUnavailable: &one}, `"max_surge":0,"max_unavailable":1`, "maxSurge 0, maxUnavailable 1", ""},
		{Summary{Strategy: cluster.StrategyRecreate}, `"strategy":"Recreate"`, "Recreate, 0 replicas: at most", "max_surge"},
	} {
		b, err := json.Marshal(tc.sum)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.json) || (tc.notJSON != "" && strings.Contains(string(b), tc.notJSON)) {
			t.Errorf("JSON %s: want %s, without %q", b, tc.json, tc.notJSON)
		}
		if got := tc.sum.String(); !strings.Contains(got, tc.plain) {
			t.Errorf("text %q: want %q", got, tc.plain)
		}
	}
}
