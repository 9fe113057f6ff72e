// Package record writes a demo run to a file and plays it back: the
// headless JSON lines of a run, plus its states as keyframes and deltas
// (merge patches that also patch arrays), so a viewer can scrub to any moment. FORMAT.md describes the file.
package record

import (
	"encoding/json"
	"fmt"
	"time"
)

// Format is the file format version this package writes; it reads
// formats OldestFormat to Format.
const (
	Format       = 2 // deltas patch arrays too (patch.go)
	OldestFormat = 1 // deltas are plain RFC 7386 merge patches
)

// Record types the package owns; every other type is a plain record.
const (
	TypeKeyframe = "keyframe" // a full state, under "state"
	TypeDelta    = "delta"    // a patch from the previous state, under "patch" (patch.go)
)

// Header is line 1 of a recording: what ran, where and when.
type Header struct {
	Format  int             `json:"coldstart_recording"` // set by NewWriter
	Demo    string          `json:"demo"`
	Options json.RawMessage `json:"options"` // the demo's options as given
	Backend string          `json:"backend"` // "docker" or "process"
	Runtime string          `json:"runtime"` // one-line description
	Version string          `json:"version"` // of coldstart
	Started time.Time       `json:"started"` // RFC 3339 with nanoseconds
}

// Record is one non-state line: an event, a step, a summary, a command...
// Body is the JSON under the key named by Type, as it was given.
type Record struct {
	T    time.Duration // since the start of the recording, to the millisecond
	Type string
	Body json.RawMessage
}

// checkType keeps types to plain lowercase names: they are written unquoted
// as a JSON key, and "t_ms", "type" and the state types would clash.
func checkType(typ string) error {
	switch typ {
	case "t_ms", "type", TypeKeyframe, TypeDelta:
		return fmt.Errorf("record: type %q is reserved", typ)
	}
	if typ == "" {
		return fmt.Errorf("record: empty type")
	}
	for i, c := range typ {
		if !('a' <= c && c <= 'z' || c == '_' || i > 0 && '0' <= c && c <= '9') {
			return fmt.Errorf("record: type %q: use lowercase letters, digits and _", typ)
		}
	}
	return nil
}
