// Package scenario is the one list of coldstart's live demos and what their
// scenarios share. Each demo's scenario lives in a subpackage
// (sandbox/scenario/<name without dashes>): its Options, how it builds its
// engine, its scripted steps. The CLI, the TUI's views and the lesson
// validator all take the demos from Demos, so a demo exists everywhere or
// nowhere. This package has no dependencies beyond the standard library, so
// lessons may import it.
package scenario

import (
	"fmt"
	"slices"
	"strings"
)

// Demo is one live demo.
type Demo struct {
	Name    string // as `coldstart demo NAME` and lesson front matter (demos:) name it
	Summary string // one line for lists, the lesson footer and `coldstart demo`
}

// Demos lists every live demo.
var Demos = []Demo{
	{"cold-start", "Lambda-like functions: cold vs warm starts, reuse, scale to zero, throttling, billing, statelessness"},
	{"self-healing", "Kubernetes-like self-healing: kill pods and nodes, hang and crash containers, watch the controllers repair it"},
	{"rolling-deploy", "Kubernetes-like rolling deploys under traffic: maxSurge/maxUnavailable, Recreate, a stalled bad version, undo"},
	{"autoscaling", "Kubernetes-like HorizontalPodAutoscaler on a measured metric: raise the load, watch it scale out, and in after the window"},
}

// Names are the demos' names, in Demos' order.
func Names() []string {
	out := make([]string, len(Demos))
	for i, d := range Demos {
		out[i] = d.Name
	}
	return out
}

// Lookup finds a demo by name.
func Lookup(name string) (Demo, bool) {
	i := slices.IndexFunc(Demos, func(d Demo) bool { return d.Name == name })
	if i < 0 {
		return Demo{}, false
	}
	return Demos[i], true
}

// ParseSteps reads a --script: a comma-separated list of known steps, in
// order, blanks ignored; it must name at least one.
func ParseSteps[S ~string](s string, known []S) ([]S, error) {
	var out []S
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(known, S(f)) {
			return nil, fmt.Errorf("unknown step %q in --script: want a comma-separated list of %s", f, join(known))
		}
		out = append(out, S(f))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty --script: want a comma-separated list of %s", join(known))
	}
	return out, nil
}

func join[S ~string](steps []S) string {
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
