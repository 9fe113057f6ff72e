package exercise

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Arg is what a step takes after its name.
type Arg int

const (
	NoArg    Arg = iota
	CountArg     // a whole number, as in "burst 20"
	TimeArg      // a duration, as in "wait 30s"
)

// StepSpec is one step a scenario may use.
type StepSpec struct {
	Name     string
	Engines  []Engine
	Arg      Arg
	Min, Max int64 // bounds of the argument: a count, or nanoseconds for TimeArg
	// Opens marks the step that puts the learner's files on the engine;
	// a scenario starts with it.
	Opens   bool
	Meaning string
}

// KnownSteps is every step a scenario may use: the one table the parser
// validates against, the runner implements and the README documents.
var KnownSteps = []StepSpec{
	{Name: "apply", Engines: orch, Opens: true, Meaning: "Apply the learner's files (`kubectl apply`) and wait until every Deployment is available."},
	{Name: "deploy", Engines: orch, Meaning: "Roll out a new version: change the Pod template (a version label) and wait until the rollout completes or 120 s pass."},
	{Name: "deploy-bad", Engines: orch, Meaning: "Roll out a version whose Pods never become ready (the probe path fails), and wait 60 s."},
	{Name: "undo", Engines: orch, Meaning: "Roll back the last rollout (`kubectl rollout undo`) and wait until it completes."},
	{Name: "kill-pod", Engines: orch, Meaning: "Delete one ready Pod of the Deployment, as a crash would."},
	{Name: "kill-node", Engines: orch, Meaning: "Stop the node that runs the most Pods of the Deployment."},
	{Name: "scale", Engines: orch, Arg: CountArg, Min: 0, Max: 20, Meaning: "Set the Deployment's replicas to N."},

	{Name: "deploy", Engines: sls, Opens: true, Meaning: "Deploy the learner's template; a later `deploy` publishes a new version, so environments start again."},
	{Name: "deploy-bad", Engines: sls, Meaning: "Publish a version whose init fails, and point the alias at it."},
	{Name: "undo", Engines: sls, Meaning: "Point the alias back at the previous version."},

	{Name: "load", Engines: both, Arg: CountArg, Min: 1, Max: 200, Meaning: "Send N requests per second from now until the run ends (a later `load` changes the rate; `load` never stops)."},
	{Name: "burst", Engines: both, Arg: CountArg, Min: 1, Max: 1000, Meaning: "Send N requests at once and wait for their answers."},
	{Name: "wait", Engines: both, Arg: TimeArg, Min: int64(time.Second), Max: int64(10 * time.Minute), Meaning: "Do nothing for the given time (`30s`, `2m`), while any load keeps running."},
}

// Step is one parsed step of a scenario.
type Step struct {
	Name  string
	Count int           // for CountArg steps
	Wait  time.Duration // for TimeArg steps
	Spec  StepSpec
}

// String writes the step as a scenario lists it.
func (s Step) String() string {
	switch s.Spec.Arg {
	case CountArg:
		return s.Name + " " + strconv.Itoa(s.Count)
	case TimeArg:
		return s.Name + " " + shortDuration(s.Wait)
	}
	return s.Name
}

// shortDuration drops the zero units time.Duration.String adds ("2m0s").
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseStep reads one step ("burst 20") for engine e.
func ParseStep(e Engine, text string) (Step, error) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return Step{}, fmt.Errorf("empty step")
	}
	i := slices.IndexFunc(KnownSteps, func(s StepSpec) bool {
		return s.Name == words[0] && slices.Contains(s.Engines, e)
	})
	if i < 0 {
		return Step{}, fmt.Errorf("unknown %s step %q (known: %s)", e, words[0], stepNames(e))
	}
	spec := KnownSteps[i]
	st := Step{Name: spec.Name, Spec: spec}
	if spec.Arg == NoArg {
		if len(words) > 1 {
			return Step{}, fmt.Errorf("step %q takes no argument", spec.Name)
		}
		return st, nil
	}
	if len(words) != 2 {
		return Step{}, fmt.Errorf("step %q takes one argument, as in %q", spec.Name, example(spec))
	}
	switch spec.Arg {
	case CountArg:
		n, err := strconv.ParseInt(words[1], 10, 64)
		if err != nil || n < spec.Min || n > spec.Max {
			return Step{}, fmt.Errorf("step %q needs a whole number from %d to %d, not %q", spec.Name, spec.Min, spec.Max, words[1])
		}
		st.Count = int(n)
	case TimeArg:
		d, err := time.ParseDuration(words[1])
		if err != nil || int64(d) < spec.Min || int64(d) > spec.Max {
			return Step{}, fmt.Errorf("step %q needs a time from %s to %s, like \"30s\", not %q",
				spec.Name, shortDuration(time.Duration(spec.Min)), shortDuration(time.Duration(spec.Max)), words[1])
		}
		st.Wait = d
	}
	return st, nil
}

// example shows how a step is written.
func example(s StepSpec) string {
	switch s.Arg {
	case CountArg:
		return s.Name + " " + strconv.FormatInt(max(s.Min, min(s.Max, 20)), 10)
	case TimeArg:
		return s.Name + " 30s"
	}
	return s.Name
}

func stepNames(e Engine) string {
	var names []string
	for _, s := range KnownSteps {
		if slices.Contains(s.Engines, e) {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, ", ")
}

// opensStep is the step that starts every scenario of engine e.
func opensStep(e Engine) string {
	for _, s := range KnownSteps {
		if s.Opens && slices.Contains(s.Engines, e) {
			return s.Name
		}
	}
	return ""
}
