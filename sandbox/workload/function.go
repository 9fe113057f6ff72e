package workload

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Function behaviours: what a learner sets in a SAM template's
// Environment.Variables to give the function code something to do. They
// are the function's own variables, so they have plain names, not the
// COLDSTART_WL_ prefix of the engine's settings.
//
//	Variable       Values            What the handler does
//	DEPENDENCY_MS  0 to 900000 (ms)  Waits that long on a slow dependency in every invocation (a real
//	                                 wait, like a slow downstream call), after its CPU work. Default 0.
//	COUNTER        memory | store    Where the handler keeps its running total of invocations:
//	                                 memory = a variable of this environment (per environment, so a
//	                                 burst spread over environments shows totals that are wrong);
//	                                 store = the shared store, the stand-in for a database (correct
//	                                 totals; the environment holds one connection to it while alive).
//	                                 Unset: as store (the cold-start demo shows both counts).
const (
	EnvDependencyMS = "DEPENDENCY_MS"
	EnvCounter      = "COUNTER"
)

// Counter modes (EnvCounter).
const (
	CounterMemory = "memory"
	CounterStore  = "store"
)

// maxDependencyMS is Lambda's longest timeout: a longer wait could never
// finish.
const maxDependencyMS = 900_000

// Function is the function behaviour the environment asks for; the zero
// value is a function without a dependency that counts in the store.
type Function struct {
	DependencyMS int
	Counter      string // "", CounterMemory or CounterStore
}

// UsesStore reports whether the handler keeps its total in the shared store.
func (f Function) UsesStore() bool { return f.Counter != CounterMemory }

// counter is the mode as the workload answers it.
func (f Function) counter() string {
	if f.UsesStore() {
		return CounterStore
	}
	return CounterMemory
}

// env adds the function's variables to a workload environment.
func (f Function) env(env map[string]string) {
	if f.DependencyMS != 0 {
		env[EnvDependencyMS] = strconv.Itoa(f.DependencyMS)
	}
	if f.Counter != "" {
		env[EnvCounter] = f.Counter
	}
}

// functionFromEnv reads the function's variables; the problems go with
// FromEnv's.
func functionFromEnv(getenv func(string) string) (Function, []string) {
	var f Function
	var errs []string
	if v := strings.TrimSpace(getenv(EnvDependencyMS)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxDependencyMS {
			errs = append(errs, fmt.Sprintf("%s=%q: want milliseconds from 0 to %d", EnvDependencyMS, v, maxDependencyMS))
		} else {
			f.DependencyMS = n
		}
	}
	switch v := strings.TrimSpace(getenv(EnvCounter)); v {
	case "":
	case CounterMemory, CounterStore:
		f.Counter = v
	default:
		errs = append(errs, fmt.Sprintf("%s=%q: want %s or %s", EnvCounter, v, CounterMemory, CounterStore))
	}
	return f, errs
}

// callDependency is the slow downstream call: a real wait of DependencyMS,
// cut short when the request is cancelled (a timed-out invocation).
func (f Function) callDependency(ctx context.Context) {
	if f.DependencyMS <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(f.DependencyMS) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
