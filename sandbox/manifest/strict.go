package manifest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// unknownFields walks a YAML node along the Go type it will decode into and
// reports every key the type has no field for, with its line. encoding/json's
// strict mode stops at the first unknown field and gives neither path nor
// line; this walk gives both, for all of them.
func unknownFields(file string, n *yaml.Node, t reflect.Type, path string) Problems {
	if n == nil || isNull(n) {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	// Types with their own JSON form (IntOrString, Quantity, Time) are leaves.
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return nil
	}
	ps := duplicateKeys(file, n, path)
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := jsonFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				ps = append(ps, Problem{File: file, Line: k.Line, Path: join(path, k.Value),
					Message: "unknown field" + suggest(k.Value, fields)})
				continue
			}
			ps = append(ps, unknownFields(file, v, ft, join(path, k.Value))...)
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			ps = append(ps, unknownFields(file, n.Content[i+1], t.Elem(), join(path, n.Content[i].Value))...)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, e := range n.Content {
			ps = append(ps, unknownFields(file, e, t.Elem(), path+"["+strconv.Itoa(i)+"]")...)
		}
	}
	// A shape mismatch (a list where a map belongs) is left to the decoder,
	// whose message names the expected type.
	return ps
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// jsonFields maps a struct's JSON names to field types, flattening embedded
// structs the way encoding/json does (TypeMeta and ObjectMeta are inline).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					fields[k] = v
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest names the closest known field, for typos such as "imagee" or
// "replica".
func suggest[V any](key string, known map[string]V) string {
	best, bestD := "", 3 // at most two edits away, or it is no typo
	for k := range known {
		if d := distance(strings.ToLower(key), strings.ToLower(k)); d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// duplicateKeys reports a key set twice in one mapping: YAML forbids it,
// and a yaml.Node does not check.
func duplicateKeys(file string, n *yaml.Node, path string) Problems {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var ps Problems
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if first, ok := seen[k.Value]; ok {
			ps = append(ps, Problem{File: file, Line: k.Line, Path: join(path, k.Value),
				Message: fmt.Sprintf("set twice (first on line %d)", first)})
			continue
		}
		seen[k.Value] = k.Line
	}
	return ps
}
