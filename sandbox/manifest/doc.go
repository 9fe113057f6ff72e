// Package manifest reads the files a learner edits in hands-on exercises,
// Kubernetes manifests (ParseK8s) and AWS SAM templates (ParseSAM), into
// plain structs the embedded engines can apply: App and Function.
//
// Parsing is strict, as the real tools are: an unknown or misspelt field
// is a Problem with its file and line. Problems come in passes (YAML
// syntax, then field names, then values), each reporting all it finds. Fields that are valid but that the engines do not model
// are Notes, except those that would change the outcome if ignored (a
// second container, volumes, hostNetwork): those are errors. The file
// modelled.go holds that decision for every field in one table.
package manifest
