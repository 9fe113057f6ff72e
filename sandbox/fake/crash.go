package fake

import (
	"errors"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// CrashOnStart is a StartErr that fails the starts whose spec asks the
// workload to crash at start (workload.EnvCrashOnStart), as a container
// does that exits before it listens; every other start goes on.
func CrashOnStart(spec sandbox.Spec) error {
	if spec.Env[workload.EnvCrashOnStart] != "" {
		return errors.New("exited with code 1 during start")
	}
	return nil
}
