package playback

import (
	"bytes"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback/playbacktest"
)

// Any file the reader takes either makes a tape or an error, and a tape
// seeks and plays anywhere without a panic.
func FuzzTape(f *testing.F) {
	var b bytes.Buffer
	playbacktest.SelfHealing(&b, 3*time.Second)
	f.Add(b.Bytes(), int64(time.Second))
	f.Add([]byte(`{"coldstart_recording":1,"demo":"cold-start","options":{},"started":"2026-12-03T14:00:00Z"}
{"t_ms":5,"type":"event","event":{"Type":"reset"}}
{"t_ms":7,"type":"command","command":{"action":"invoke","text":"aws lambda invoke"}}
`), int64(6*time.Millisecond))
	f.Fuzz(func(t *testing.T, file []byte, at int64) {
		rec, err := record.Open(bytes.NewReader(file))
		if err != nil {
			return
		}
		tp, err := NewTape(rec)
		if err != nil {
			return
		}
		seek := time.Duration(at)
		if tp.Function {
			tp.seekFunction(seek)
			tp.advanceFunction(position{}, seek, 0)
		} else if _, p, err := tp.seekCluster(seek); err == nil {
			tp.advanceCluster(p, seek+time.Second, 1)
		}
		tp.Commands(-1, seek)
		tp.Steps()
	})
}
