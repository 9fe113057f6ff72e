package commands

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

// Lambda names the cold-start demo's function as AWS would know it.
type Lambda struct {
	Function  string // the function name
	Qualifier string // the alias provisioned concurrency is configured on
}

// Invoke is one synchronous invocation.
func (l Lambda) Invoke() string {
	return fmt.Sprintf("aws lambda invoke --function-name %s out.json", l.Function)
}

// InvokeWork is an invocation whose event asks the handler for units of
// CPU work (the demo's slow request).
func (l Lambda) InvokeWork(units int) string {
	return fmt.Sprintf(`aws lambda invoke --function-name %s --cli-binary-format raw-in-base64-out --payload '{"work":%d}' out.json`, l.Function, units)
}

// Burst is n invocations at the same moment, in parallel.
func (l Lambda) Burst(n int) string {
	return fmt.Sprintf("for i in $(seq %d); do aws lambda invoke --function-name %s out-$i.json & done; wait", n, l.Function)
}

// Configure is the change from the configuration old to c, one command a
// line: the function's configuration (memory, timeout, environment,
// runtime) in one update, then its concurrency settings, its code.
func (l Lambda) Configure(old, c faas.Config) []string {
	var out []string
	var flags []string
	if c.MemoryMB != old.MemoryMB {
		flags = append(flags, fmt.Sprintf("--memory-size %d", c.MemoryMB))
	}
	if c.Timeout != old.Timeout {
		flags = append(flags, fmt.Sprintf("--timeout %d", int(math.Ceil(c.Timeout.Seconds())))) // whole seconds, as Lambda takes it
	}
	if !maps.Equal(c.Env, old.Env) {
		flags = append(flags, "--environment "+shellQuote("Variables={"+variables(c.Env)+"}"))
	}
	if c.Profile != old.Profile {
		flags = append(flags, "--runtime "+runtimeOf(c.Profile))
	}
	if len(flags) > 0 {
		line := fmt.Sprintf("aws lambda update-function-configuration --function-name %s %s", l.Function, strings.Join(flags, " "))
		if c.Profile != old.Profile {
			line += "  # " + profileNote(c.Profile)
		}
		out = append(out, line)
	}
	if c.Concurrency != old.Concurrency {
		out = append(out, fmt.Sprintf("aws lambda put-function-concurrency --function-name %s --reserved-concurrent-executions %d", l.Function, c.Concurrency))
	}
	if c.Provisioned != old.Provisioned {
		if c.Provisioned == 0 {
			out = append(out, fmt.Sprintf("aws lambda delete-provisioned-concurrency-config --function-name %s --qualifier %s", l.Function, l.Qualifier))
		} else {
			out = append(out, fmt.Sprintf("aws lambda put-provisioned-concurrency-config --function-name %s --qualifier %s --provisioned-concurrent-executions %d",
				l.Function, l.Qualifier, c.Provisioned))
		}
	}
	if c.InitFails != old.InitFails {
		zip, note := "function.zip", "the working code again"
		if c.InitFails {
			zip, note = "broken.zip", "its init code exits: every cold start fails"
		}
		out = append(out, fmt.Sprintf("aws lambda update-function-code --function-name %s --zip-file fileb://%s  # %s", l.Function, zip, note))
	}
	if c.IdleTimeout != old.IdleTimeout {
		out = append(out, fmt.Sprintf("# no Lambda setting for the idle timeout (the demo's is now %v): AWS reclaims idle environments on its own", c.IdleTimeout))
	}
	return out
}

// variables is Lambda's Variables={A=1,B=2}, sorted.
func variables(env map[string]string) string {
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(env)) {
		kv = append(kv, k+"="+env[k])
	}
	return strings.Join(kv, ",")
}

// runtimeOf is a Lambda runtime with the profile's start-up: Node.js for
// a light init, Java (without SnapStart) for a heavy one.
func runtimeOf(p faas.Profile) string {
	if p == faas.Heavy {
		return "java21"
	}
	return "nodejs22.x"
}

func profileNote(p faas.Profile) string {
	if p == faas.Heavy {
		return "a heavy init: Java without SnapStart (with its code: update-function-code)"
	}
	return "a light init (with its code: update-function-code)"
}

// SkipToIdleReap has no command: the demo jumps its clock past the idle
// timeout, which on AWS is only waiting.
func (l Lambda) SkipToIdleReap(idle string) string {
	return fmt.Sprintf("# nothing to type: wait (the demo skipped its %s idle timeout; AWS reclaims idle environments after minutes)", idle)
}

// Reset has no command either: the demo starts its function afresh.
func (l Lambda) Reset() string {
	return "# nothing to type: the demo reset its function (statistics, shared store, environments)"
}
