package selfhealing

import (
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/scenario/scenariotest"
)

func TestValidate(t *testing.T) {
	scenariotest.CheckValidate(t, Defaults(), map[string]Options{
		"--replicas 0: want 1 to 12":                                 {Replicas: 0, Nodes: 3, TimeScale: 20},
		"--nodes 7: want 1 to 6":                                     {Replicas: 3, Nodes: 7, TimeScale: 20},
		"--time-scale 2000: want 1 (real Kubernetes timing) to 1000": {Replicas: 3, Nodes: 3, TimeScale: 2000},
	})
}
