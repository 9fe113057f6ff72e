package manifest

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// doc is one YAML document of a file. yaml.v3 numbers the lines of every
// document from the start of the file, so lines need no offsetting.
type doc struct {
	root *yaml.Node // the document's top mapping (or whatever it holds)
	line int        // where the document starts
}

var syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// readDocs splits a file into its documents, skipping empty ones (a
// trailing "---"). A syntax error becomes a Problem on its line.
func readDocs(file string, data []byte) ([]doc, *Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []doc
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			p := syntaxProblem(file, err)
			// An error at the end of the stream is on the last line, not
			// the one after it.
			p.Line = min(p.Line, bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n"))+1)
			return nil, p
		}
		if len(n.Content) == 0 || isNull(n.Content[0]) {
			continue
		}
		if a := findAlias(&n); a != nil {
			return nil, &Problem{File: file, Line: a.Line,
				Message: "YAML aliases (*" + a.Value + ") are not supported here; write the value out"}
		}
		docs = append(docs, doc{root: n.Content[0], line: n.Line})
	}
}

func syntaxProblem(file string, err error) *Problem {
	msg := err.Error()
	if m := syntaxLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if parserErrors[m[2]] {
			line++
		}
		return &Problem{File: file, Line: line, Message: "YAML syntax: " + m[2]}
	}
	// Type errors list "line N: ..." entries after a header.
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		first := te.Errors[0]
		if m := regexp.MustCompile(`^line (\d+): (.*)$`).FindStringSubmatch(first); m != nil {
			line, _ := strconv.Atoi(m[1])
			return &Problem{File: file, Line: line, Message: "YAML: " + m[2]}
		}
	}
	return &Problem{File: file, Message: "YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// parserErrors are yaml.v3's parser (not scanner) messages. For those it
// reports a 0-based line, one less than the editor's (parser.fail in
// yaml.v3's decode.go adds 1 for scanner errors only).
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// get returns the value under key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// keyNode returns the key node for key, whose line is where a learner
// looks for the field.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

var pathPart = regexp.MustCompile(`([^.\[\]]+)|\[(\d+)\]`)

// lineOf finds the line of a field path ("spec.ports[0].port") in a
// document. A field that is absent (a default, say) reports the line of
// its nearest present parent, which is where the learner would add it.
func lineOf(root *yaml.Node, path string) int {
	n, line := root, root.Line
	for _, m := range pathPart.FindAllStringSubmatch(path, -1) {
		if m[2] != "" {
			i, _ := strconv.Atoi(m[2])
			if n.Kind != yaml.SequenceNode || i >= len(n.Content) {
				return line
			}
			n = n.Content[i]
			line = n.Line
			continue
		}
		k := keyNode(n, m[1])
		if k == nil {
			// Paths from encoding/json drop list indices: step into
			// the first element and try again.
			if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
				n = n.Content[0]
				k = keyNode(n, m[1])
			}
			if k == nil {
				return line
			}
		}
		n, line = get(n, m[1]), k.Line
	}
	return line
}

// findAlias returns the first alias in a document. Aliases are refused:
// an alias can contain itself, or expand exponentially (a "billion
// laughs"), and exercise files have no need for them.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}
