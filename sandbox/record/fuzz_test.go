package record

import (
	"bytes"
	"testing"
	"time"
)

// FuzzOpen feeds Open anything: it must return, without panicking, and a
// recording it accepts must be safe to scrub.
func FuzzOpen(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte(header))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":{"a":[1,{"b":null}]}}` + "\n" + `{"t_ms":5,"type":"delta","patch":{"a":null,"c":"x"}}` + "\n"))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":5}` + "\n" + `{"t_ms":5,"type":"delta","patch":{"a":1}}` + "\n"))
	f.Add([]byte(header + `{"t_ms":0,"type":"keyframe","state":null}` + "\n" + `{"t_ms":1,"type":"delta","patch":{}}`))
	f.Add([]byte(header + `{"t_ms":3,"type":"event","event":{"x":1}}` + "\n" + `{"t_ms":4,"ty`))
	f.Add([]byte(`{"coldstart_recording":2}` + "\n"))
	f.Add(record(f, []step{st(0, `{"pods":["a"],"n":1}`), ev(10*ms, "event", `{}`), st(250*ms, `{"pods":["a","b"],"n":2}`)}, KeyframeEvery(200*ms)))
	f.Add(record(f, []step{st(0, `{"n":1}`), ev(10*ms, "event", `{}`), st(250*ms, `{"n":2}`)}, Compressed()))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := Open(bytes.NewReader(data))
		if err != nil {
			return
		}
		d := rec.Duration()
		for _, at := range []time.Duration{0, d / 2, d, d + time.Second} {
			_, _ = rec.StateAt(at)
			_ = rec.RecordsBetween(0, at)
		}
		c := rec.Cursor()
		for n := 0; n <= len(rec.Records()); n++ {
			if _, ok := c.Next(); !ok {
				break
			}
		}
		c.Prev()
		_ = c.AdvanceTo(d)
	})
}
