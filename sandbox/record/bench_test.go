package record

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// recordSim writes d of the synthetic demo to w.
func recordSim(tb testing.TB, w io.Writer, d time.Duration, opts ...Option) {
	recordSteps(tb, w, newSim(), d, opts...)
}

func recordSteps(tb testing.TB, w io.Writer, s *sim, d time.Duration, opts ...Option) {
	tb.Helper()
	rw, err := NewWriter(w, testHeader, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	for {
		at, snap, ev := s.step()
		if at > d {
			break
		}
		b, _ := json.Marshal(snap)
		if err := rw.State(at, json.RawMessage(b)); err != nil {
			tb.Fatal(err)
		}
		if ev != nil {
			_ = rw.Write(at, "event", ev)
		}
	}
	if err := rw.Close(); err != nil {
		tb.Fatal(err)
	}
}

type counter struct{ n, keyframes, deltas, kb, db int }

func (c *counter) Write(p []byte) (int, error) {
	c.n += len(p)
	for _, l := range bytes.SplitAfter(p, []byte("\n")) {
		switch {
		case bytes.Contains(l, []byte(`"type":"keyframe"`)):
			c.keyframes++
			c.kb += len(l)
		case bytes.Contains(l, []byte(`"type":"delta"`)):
			c.deltas++
			c.db += len(l)
		}
	}
	return len(p), nil
}

// BenchmarkSize records 10 minutes of the synthetic demo at 4 snapshots/s
// for several keyframe periods and reports the file size, with the mean
// keyframe and delta. BenchmarkRealRun measures a real run.
func BenchmarkSize(b *testing.B) {
	for _, every := range []time.Duration{2 * time.Second, 5 * time.Second, 10 * time.Second, DefaultKeyframeEvery, time.Minute} {
		b.Run("K="+every.String(), func(b *testing.B) {
			var c counter
			for b.Loop() {
				c = counter{}
				recordSim(b, &c, 10*time.Minute, KeyframeEvery(every))
			}
			b.ReportMetric(float64(c.n)/10, "bytes/min")
			b.ReportMetric(float64(c.n)/1e6, "MB/10min")
			b.ReportMetric(float64(c.kb/max(c.keyframes, 1)), "keyframe_B")
			b.ReportMetric(float64(c.db/max(c.deltas, 1)), "delta_B")
		})
	}
	b.Run("K="+DefaultKeyframeEvery.String()+"/steady_arrays", func(b *testing.B) {
		var c counter
		for b.Loop() {
			c = counter{}
			s := newSim()
			s.steadyArrays = true
			recordSteps(b, &c, s, 10*time.Minute)
		}
		b.ReportMetric(float64(c.n)/10, "bytes/min")
		b.ReportMetric(float64(c.n)/1e6, "MB/10min")
		b.ReportMetric(float64(c.kb/max(c.keyframes, 1)), "keyframe_B")
		b.ReportMetric(float64(c.db/max(c.deltas, 1)), "delta_B")
	})
	b.Run("K="+DefaultKeyframeEvery.String()+"/compressed", func(b *testing.B) {
		var c counter
		for b.Loop() {
			c = counter{}
			recordSim(b, &c, 10*time.Minute, Compressed())
		}
		b.ReportMetric(float64(c.n)/10, "bytes/min")
		b.ReportMetric(float64(c.n)/1e6, "MB/10min")
	})
}

// BenchmarkOverhead measures a tick as the demo already does it (advance
// the cluster and marshal the snapshot) and the same tick also recorded,
// interleaved so both see the same machine, and reports the recording's
// share of the demo's CPU.
func BenchmarkOverhead(b *testing.B) {
	plain, recorded := newSim(), newSim()
	w, _ := NewWriter(io.Discard, testHeader)
	var without, with time.Duration
	const ticks = 240 // a minute of the demo per iteration
	for b.Loop() {
		for range ticks {
			t0 := time.Now()
			_, snap, _ := plain.step()
			sink, _ = json.Marshal(snap)
			t1 := time.Now()
			at, snap, ev := recorded.step()
			sink, _ = json.Marshal(snap)
			_ = w.State(at, json.RawMessage(sink))
			if ev != nil {
				_ = w.Write(at, "event", ev)
			}
			t2 := time.Now()
			without += t1.Sub(t0)
			with += t2.Sub(t1)
		}
	}
	n := float64(b.N * ticks)
	b.ReportMetric(float64(without.Nanoseconds())/n, "demo_ns/tick")
	b.ReportMetric(float64(with.Nanoseconds())/n, "recorded_ns/tick")
	b.ReportMetric(100*float64(with-without)/float64(without), "overhead_%")
	// At 4 ticks a second, the share of one core recording takes.
	b.ReportMetric(4*float64((with-without).Nanoseconds())/n/1e9*100, "core_%")
}

var sink []byte

// BenchmarkSeek is StateAt at random times of a 60-minute recording of the
// synthetic demo, for two keyframe periods (BenchmarkRealRun seeks in a
// real one); the worst seek is the furthest from its keyframe
// (or the unluckiest on a busy machine).
func BenchmarkSeek(b *testing.B) {
	for _, every := range []time.Duration{5 * time.Second, DefaultKeyframeEvery} {
		b.Run("K="+every.String(), func(b *testing.B) {
			var buf bytes.Buffer
			recordSim(b, &buf, time.Hour, KeyframeEvery(every))
			rec, size := open(b, buf.Bytes()), buf.Len()
			r := rand.New(rand.NewPCG(1, 2))
			const seeks = 50 // per iteration
			var worst, cpu time.Duration
			// Wall time on a shared machine includes waiting for a core, so
			// the seek's own CPU time is measured too.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for b.Loop() {
				for range seeks {
					at := time.Duration(r.Int64N(int64(rec.Duration())))
					t0, c0 := time.Now(), threadCPU()
					if _, err := rec.StateAt(at); err != nil {
						b.Fatal(err)
					}
					cpu += threadCPU() - c0
					worst = max(worst, time.Since(t0))
				}
			}
			n := float64(b.N * seeks)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n/1e6, "ms/seek")
			b.ReportMetric(float64(cpu.Nanoseconds())/n/1e6, "cpu_ms/seek")
			b.ReportMetric(float64(worst.Nanoseconds())/1e6, "worst_ms")
			b.ReportMetric(float64(size)/1e6, "MB/60min")
		})
	}
}

// BenchmarkPlayback is StateAt at every tick of a minute, in order, as a
// player does: each frame applies only the deltas since the last one.
func BenchmarkPlayback(b *testing.B) {
	var buf bytes.Buffer
	recordSim(b, &buf, 10*time.Minute)
	rec := open(b, buf.Bytes())
	const frames = 240
	for b.Loop() {
		for i := range frames {
			if _, err := rec.StateAt(5*time.Minute + time.Duration(i)*simTick); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frames)/1e6, "ms/frame")
}

// BenchmarkOpen reads a 60-minute recording.
func BenchmarkOpen(b *testing.B) {
	var buf bytes.Buffer
	recordSim(b, &buf, time.Hour)
	for b.Loop() {
		if _, err := Open(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/open")
}
