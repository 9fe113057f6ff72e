package exercise

import (
	"go.yaml.in/yaml/v3"

	"github.com/coldstart-dev/coldstart/lessons"
)

// yamlFile is exercise.yaml being read: the lesson format's reader, plus
// this package's own rules (parse.go).
type yamlFile struct{ *lessons.YAMLFile }

// key is one key of a mapping and how to read its value.
func key(name string, read func(k, v *yaml.Node)) lessons.YAMLField {
	return lessons.YAMLField{Name: name, Read: read}
}
