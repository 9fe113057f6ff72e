// Package exercise reads hands-on exercises: a folder with an exercise.yaml,
// a task.md, the learner's starting files and a hidden solution. It parses
// and validates the format (steps, check expressions, message templates,
// hints) and builds a catalog by track and lesson; running the steps on a
// live engine is the runner's job, not this package's.
//
// The format is documented for authors in content/README.md.
package exercise

import "slices"

// Engine is where an exercise runs; it decides which steps and measurements
// the exercise may use.
type Engine string

const (
	Orchestration Engine = "orchestration" // a Kubernetes cluster; files are manifests
	Serverless    Engine = "serverless"    // a Lambda-like runtime; files are a SAM template
)

// Engines lists every engine, in the order the docs show them.
var Engines = []Engine{Orchestration, Serverless}

func knownEngine(e Engine) bool { return slices.Contains(Engines, e) }

func engineNames(es []Engine) string {
	if len(es) == len(Engines) {
		return "both"
	}
	s := ""
	for i, e := range es {
		if i > 0 {
			s += ", "
		}
		s += string(e)
	}
	return s
}
