// Package content holds the lessons embedded in the coldstart binary. The
// format is documented for authors in README.md next to this file.
package content

import "embed"

// FS holds every track folder: a track.yaml and its lesson markdown files.
//
//go:embed serverless orchestration interview
var FS embed.FS

// Exercises holds the hands-on exercises, one folder each under
// exercises/. They are kept out of FS so that lesson loading never reads a
// task.md as a lesson.
//
//go:embed exercises
var Exercises embed.FS
