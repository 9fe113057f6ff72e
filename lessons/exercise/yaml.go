package exercise

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/coldstart-dev/coldstart/lessons"
)

// yamlFile reads one exercise.yaml from yaml.v3's node tree, so every
// problem names its key and line. It follows lessons/yaml.go (the same
// messages and line rules); that reader is unexported, and this package may
// not change it, so exporting it there is the way to delete this file.
type yamlFile struct {
	path     string
	last     int // last line of the file; problems never point past it
	problems []lessons.Problem
}

func (y *yamlFile) addf(line int, format string, args ...any) {
	y.problems = append(y.problems, lessons.Problem{File: y.path, Line: max(1, min(line, y.last)), Message: fmt.Sprintf(format, args...)})
}

// at reports a problem at node n (line 1 when n is nil).
func (y *yamlFile) at(n *yaml.Node, format string, args ...any) {
	line := 1
	if n != nil && n.Line > 0 {
		line = n.Line
	}
	y.addf(line, format, args...)
}

var yamlLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlParserProblems are yaml.v3 parser messages, whose lines are 0-based
// (its scanner's are 1-based); as in lessons/yaml.go.
var yamlParserProblems = map[string]bool{
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// parse returns the top-level mapping, or nil after reporting why not.
func (y *yamlFile) parse(text string) (root *yaml.Node) {
	defer func() {
		if r := recover(); r != nil { // a bad file must never take the program down
			y.addf(1, "exercise.yaml: YAML parser failed: %v", r)
			root = nil
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 1
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			if yamlParserProblems[msg] {
				line++
			}
		}
		y.addf(line, "exercise.yaml is not valid YAML: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	if root = doc.Content[0]; root.Kind != yaml.MappingNode {
		y.at(root, "exercise.yaml must be YAML \"key: value\" lines")
		return nil
	}
	return root
}

// field is one key a mapping may hold and how to read its value.
type field struct {
	name string
	read func(key, value *yaml.Node)
}

// fields reads mapping m; unknown and repeated keys are problems. It
// returns the key nodes by name, for lines and presence checks.
func (y *yamlFile) fields(m *yaml.Node, what string, known ...field) map[string]*yaml.Node {
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if prev, dup := keys[k.Value]; dup {
			y.at(k, "%s: key %q is repeated (first at line %d)", what, k.Value, prev.Line)
			continue
		}
		j := -1
		names := make([]string, len(known))
		for n, f := range known {
			names[n] = f.name
			if f.name == k.Value {
				j = n
			}
		}
		if j < 0 {
			y.at(k, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(names, ", "))
			continue
		}
		keys[k.Value] = k
		known[j].read(k, v)
	}
	return keys
}

// text reads a scalar as a string ("key:" with no value reads as "").
func (y *yamlFile) text(dst *string) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode {
			y.at(v, "%q must be text", k.Value)
			return
		}
		if v.Tag != "!!null" {
			*dst = strings.TrimSpace(v.Value)
		}
	}
}

// number reads a scalar as a whole number.
func (y *yamlFile) number(dst *int) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		n, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			y.at(v, "%q must be a whole number, not %q", k.Value, v.Value)
			return
		}
		*dst = n
	}
}

// list reads a sequence, calling item for each element.
func (y *yamlFile) list(item func(k, v *yaml.Node)) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return // "hints:" with nothing after it: an empty list
		}
		if v.Kind != yaml.SequenceNode {
			y.at(v, "%q must be a list (lines starting with \"- \")", k.Value)
			return
		}
		for _, e := range v.Content {
			item(k, e)
		}
	}
}

// texts reads a list of strings, with each element's line.
func (y *yamlFile) texts(dst *[]string, lines *[]int) func(k, v *yaml.Node) {
	return y.list(func(k, e *yaml.Node) {
		if e.Kind != yaml.ScalarNode {
			y.at(e, "each item of %q must be text", k.Value)
			return
		}
		*dst = append(*dst, strings.TrimSpace(e.Value))
		*lines = append(*lines, e.Line)
	})
}
