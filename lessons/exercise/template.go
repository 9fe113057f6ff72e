package exercise

import (
	"fmt"
	"slices"
	"strings"
)

// Template is a message with measurements in braces, as in
// "{failed_requests} of {requests} requests failed". Every name is checked
// against the engine's measurements when the exercise is parsed.
type Template struct {
	text  string
	parts []part
}

// part is literal text, or a measurement name when name is set.
type part struct{ lit, name string }

// ParseTemplate reads a message template for engine e. A brace that does
// not hold a known measurement name is an error, so a typo never reaches
// a learner as "{faild_requests}".
func ParseTemplate(e Engine, text string) (Template, error) {
	t := Template{text: text}
	rest := text
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			t.parts = append(t.parts, part{lit: rest})
			break
		}
		if rest[open] == '}' {
			return Template{}, fmt.Errorf("column %d: \"}\" without \"{\"", len(text)-len(rest)+open+1)
		}
		if open > 0 {
			t.parts = append(t.parts, part{lit: rest[:open]})
		}
		column := len(text) - len(rest) + open + 1
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] != '}' {
			return Template{}, fmt.Errorf("column %d: \"{\" is never closed; write a measurement name in braces, as in {requests}", column)
		}
		name := rest[open+1 : open+1+end]
		if _, ok := measurement(e, name); !ok {
			return Template{}, fmt.Errorf("column %d: unknown %s measurement {%s} (known: %s)", column, e, name, measurementNames(e))
		}
		t.parts = append(t.parts, part{name: name})
		rest = rest[open+1+end+1:]
	}
	return t, nil
}

// String is the template as written.
func (t Template) String() string { return t.text }

// Names lists the measurements the template shows, each once, in order.
func (t Template) Names() []string {
	var names []string
	for _, p := range t.parts {
		if p.name != "" && !slices.Contains(names, p.name) {
			names = append(names, p.name)
		}
	}
	return names
}

// Fill writes the message with the run's values; a value the run did not
// measure shows as "?", so a runner gap is visible without hiding the rest.
func (t Template) Fill(m Measurements) string {
	var b strings.Builder
	for _, p := range t.parts {
		switch v, ok := m[p.name]; {
		case p.name == "":
			b.WriteString(p.lit)
		case ok:
			b.WriteString(v.String())
		default:
			b.WriteString("?")
		}
	}
	return b.String()
}
