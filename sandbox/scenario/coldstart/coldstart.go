// Package coldstart is the cold-start demo's scenario: a Lambda-like
// function service (sandbox/faas) on real workloads, its knobs, the fixed
// headless run (two bursts, scale to zero, one more) and the steps the
// full screen runs one per enter. The CLI (headless and full screen),
// rehearse and the view all build it from the same Options.
package coldstart

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// Name is the demo's name in the scenario list.
const Name = "cold-start"

// Options are the demo's knobs: the function's configuration and how many
// invocations a burst sends at once.
type Options struct {
	faas.Config
	Burst int
}

// Defaults: faas.Defaults (512 MB, light, limit 10, 10 s idle timeout, 3 s
// timeout), bursts of 4.
func Defaults() Options { return Options{Config: faas.Defaults, Burst: 4} }

// flagOf names the flag of each knob faas.Config.Validate reports.
var flagOf = [][2]string{{"memory", "--memory"}, {"profile", "--profile"}, {"concurrency limit", "--limit"},
	{"idle timeout", "--idle-timeout"}, {"timeout", "--timeout"}, {"provisioned concurrency", "--provisioned"}}

// Validate names the first knob that is wrong, as its flag.
func (o Options) Validate() error {
	if o.Burst < 1 || o.Burst > 100 {
		return fmt.Errorf("--burst %d: want 1 to 100", o.Burst)
	}
	err := o.Config.Validate()
	if err == nil {
		return nil
	}
	for _, k := range flagOf { // Validate's messages start with the knob's name
		if msg, ok := strings.CutPrefix(err.Error(), k[0]+" "); ok {
			return fmt.Errorf("%s %s", k[1], msg)
		}
	}
	return err
}

// Clock is the engine's clock: real time (the idle timeout is a real wait).
func (o Options) Clock() *clock.Virtual { return clock.NewScaled(1) }

// New starts the function service on rt with clk.
func New(rt sandbox.Runtime, clk clock.Clock, o Options) (*faas.Engine, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return faas.New(rt, clk, o.Config)
}

// Provisioning is the progress line while provisioned environments
// initialise ("initialising provisioned environments 2/5"); "" when none is.
func Provisioning(s faas.Snapshot) string {
	for _, en := range s.Envs {
		if en.Provisioned && en.Version == s.Version && (en.State == faas.StateStarting || en.State == faas.StateInit) {
			return fmt.Sprintf("initialising provisioned environments %d/%d", s.ProvisionedReady(), s.Config.Provisioned)
		}
	}
	return ""
}

// WaitProvisioned waits for e's provisioned environments to be ready, as a
// script waits for an alias's provisioned concurrency before sending
// traffic, telling progress each new Provisioning line.
func WaitProvisioned(ctx context.Context, e *faas.Engine, progress func(string)) error {
	done := make(chan error, 1)
	go func() { done <- e.WaitProvisioned(ctx) }()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		if line := Provisioning(e.Snapshot()); line != "" && line != last {
			progress(line)
			last = line
		}
		select {
		case err := <-done:
			return err
		case <-tick.C:
		}
	}
}

// Step is one step the full screen runs per enter.
type Step string

const (
	StepInvoke Step = "invoke" // one invocation
	StepBurst  Step = "burst"  // Options.Burst at once
	StepIdle   Step = "idle"   // skip past the idle timeout: scale to zero
	StepSlow   Step = "slow"   // a handler slower than the timeout
)

// Steps are the known steps.
var Steps = []Step{StepInvoke, StepBurst, StepIdle, StepSlow}

// ParseScript reads "burst,burst,idle,invoke".
func ParseScript(s string) ([]Step, error) { return scenario.ParseSteps(s, Steps) }
