package lessons

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlBlock reads one YAML snippet embedded in a file (front matter, a quiz
// block, a track.yaml) and reports problems at file lines: YAML line n is
// file line n+offset. Values are decoded field by field from the node tree,
// so every message can name the key and point at its line.
type yamlBlock struct {
	file     string
	offset   int // file line of the snippet's line 0
	first    int // first file line a problem may point at
	last     int // last file line a problem may point at
	problems []Problem
}

func (b *yamlBlock) addf(line int, format string, args ...any) {
	b.problems = append(b.problems, Problem{File: b.file, Line: b.clamp(line), Message: fmt.Sprintf(format, args...)})
}

// at reports a problem at node n (or at the block start when n is nil).
func (b *yamlBlock) at(n *yaml.Node, format string, args ...any) {
	line := b.first
	if n != nil && n.Line > 0 {
		line = n.Line + b.offset
	}
	b.addf(line, format, args...)
}

func (b *yamlBlock) clamp(line int) int {
	return max(b.first, min(line, b.last))
}

var yamlLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner), which reports 0-based line numbers; scanner lines are 1-based.
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

// parse parses text into its top-level mapping. It returns nil after
// reporting a problem when the text is not valid YAML or not a mapping; an
// empty snippet gives an empty mapping.
func (b *yamlBlock) parse(text, what string) (root *yaml.Node) {
	defer func() {
		// yaml.v3 has panicked on hostile input before; a bad lesson must
		// never take the program down.
		if r := recover(); r != nil {
			b.addf(b.first, "%s: YAML parser failed: %v", what, r)
			root = nil
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := b.offset + 1 // no line in the message: the error is on the first line
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = n+b.offset, m[2]
			if yamlParserProblems[msg] {
				line++
			}
		}
		b.addf(line, "%s is not valid YAML: %s", what, msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	root = doc.Content[0]
	if root.Kind != yaml.MappingNode {
		b.at(root, "%s must be YAML \"key: value\" lines", what)
		return nil
	}
	return root
}

// field is one key a mapping may hold and how to read its value.
type field struct {
	name string
	read func(key, value *yaml.Node)
}

// fields reads mapping m with the given known keys. Unknown keys are
// problems, so a typo like "corect" is caught instead of silently ignored.
// It returns the key nodes by name, for line numbers and presence checks.
func (b *yamlBlock) fields(m *yaml.Node, what string, known ...field) map[string]*yaml.Node {
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if prev, dup := keys[k.Value]; dup {
			b.at(k, "%s: key %q is repeated (first at line %d)", what, k.Value, prev.Line+b.offset)
			continue
		}
		j := indexField(known, k.Value)
		if j < 0 {
			b.at(k, "%s: unknown key %q (known: %s)", what, k.Value, fieldNames(known))
			continue
		}
		keys[k.Value] = k
		known[j].read(k, v)
	}
	return keys
}

func indexField(fs []field, name string) int {
	for i, f := range fs {
		if f.name == name {
			return i
		}
	}
	return -1
}

func fieldNames(fs []field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// text reads a scalar as a string ("key:" with no value reads as "").
func (b *yamlBlock) text(dst *string) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode {
			b.at(v, "%q must be text", k.Value)
			return
		}
		if v.Tag != "!!null" {
			*dst = strings.TrimSpace(v.Value)
		}
	}
}

// required reports each named key that is missing (at the block's first
// line) or empty (at the key), given the keys fields returned and the
// values read.
func (b *yamlBlock) required(what string, keys map[string]*yaml.Node, values map[string]string) {
	for _, name := range slices.Sorted(maps.Keys(values)) {
		switch k := keys[name]; {
		case k == nil:
			b.addf(b.first, "%s needs %q", what, name)
		case values[name] == "":
			b.at(k, "%q is empty", name)
		}
	}
}

// number reads a scalar as a whole number.
func (b *yamlBlock) number(dst *int) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		n, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			b.at(v, "%q must be a whole number, not %q", k.Value, v.Value)
			return
		}
		*dst = n
	}
}

// boolean reads a scalar as true or false.
func (b *yamlBlock) boolean(dst *bool) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode || v.Decode(dst) != nil {
			b.at(v, "%q must be true or false, not %q", k.Value, v.Value)
		}
	}
}

// list reads a sequence, calling item for each element.
func (b *yamlBlock) list(item func(k, v *yaml.Node)) func(k, v *yaml.Node) {
	return func(k, v *yaml.Node) {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return // "demos:" with nothing after it: an empty list
		}
		if v.Kind != yaml.SequenceNode {
			b.at(v, "%q must be a list (lines starting with \"- \")", k.Value)
			return
		}
		for _, e := range v.Content {
			item(k, e)
		}
	}
}

// texts reads a list of strings, remembering each element's node.
func (b *yamlBlock) texts(dst *[]string, nodes *[]*yaml.Node) func(k, v *yaml.Node) {
	return b.list(func(k, e *yaml.Node) {
		if e.Kind != yaml.ScalarNode {
			b.at(e, "each item of %q must be text", k.Value)
			return
		}
		*dst = append(*dst, strings.TrimSpace(e.Value))
		if nodes != nil {
			*nodes = append(*nodes, e)
		}
	})
}

// mapping checks that v is a mapping, reporting what it should be otherwise.
func (b *yamlBlock) mapping(v *yaml.Node, what string) bool {
	if v.Kind != yaml.MappingNode {
		b.at(v, "%s must be \"key: value\" lines", what)
		return false
	}
	return true
}
