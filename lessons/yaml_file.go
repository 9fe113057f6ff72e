package lessons

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// YAMLFile reads one whole YAML file with the lesson format's own reader:
// the same messages, the same line rules, every problem at file:line. The
// format's siblings use it (lessons/exercise reads exercise.yaml with it).
type YAMLFile struct{ b yamlBlock }

// YAMLField is one key a mapping may hold and how to read its value.
type YAMLField struct {
	Name string
	Read func(key, value *yaml.Node)
}

// NewYAMLFile prepares to read text, the contents of path.
func NewYAMLFile(path, text string) *YAMLFile {
	return &YAMLFile{yamlBlock{file: path, first: 1, last: max(1, strings.Count(text, "\n")+1)}}
}

// Problems are the problems reported so far, in the order found.
func (y *YAMLFile) Problems() []Problem { return y.b.problems }

// Addf reports a problem at a file line.
func (y *YAMLFile) Addf(line int, format string, args ...any) { y.b.addf(line, format, args...) }

// At reports a problem at node n (at line 1 when n is nil).
func (y *YAMLFile) At(n *yaml.Node, format string, args ...any) { y.b.at(n, format, args...) }

// Parse returns the top-level mapping, or nil after reporting why not; what
// names the file in messages ("exercise.yaml is not valid YAML: …").
func (y *YAMLFile) Parse(text, what string) *yaml.Node { return y.b.parse(text, what) }

// Fields reads mapping m with the known keys; unknown and repeated keys are
// problems. It returns the key nodes by name.
func (y *YAMLFile) Fields(m *yaml.Node, what string, known ...YAMLField) map[string]*yaml.Node {
	fs := make([]field, len(known))
	for i, k := range known {
		fs[i] = field{k.Name, k.Read}
	}
	return y.b.fields(m, what, fs...)
}

// Text, Number and List read a value as text, a whole number or a list.
func (y *YAMLFile) Text(dst *string) func(k, v *yaml.Node) { return y.b.text(dst) }
func (y *YAMLFile) Number(dst *int) func(k, v *yaml.Node)  { return y.b.number(dst) }
func (y *YAMLFile) List(item func(k, v *yaml.Node)) func(k, v *yaml.Node) {
	return y.b.list(item)
}

// Texts reads a list of strings and the file line of each.
func (y *YAMLFile) Texts(dst *[]string, lines *[]int) func(k, v *yaml.Node) {
	var nodes []*yaml.Node
	read := y.b.texts(dst, &nodes)
	return func(k, v *yaml.Node) {
		nodes = nodes[:0]
		read(k, v)
		for _, n := range nodes {
			*lines = append(*lines, n.Line)
		}
	}
}
