package record

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"time"

	jsonpatch "github.com/evanphx/json-patch/v5"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/process"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
)

// BenchmarkRealRun records a real self-healing run: the demo's defaults
// (3 replicas on 3 nodes, timers x20, its steady traffic) on the process
// runtime, with kill-pod, crashloop and hang over and over, for as long as
// COLDSTART_REAL_RUN says:
//
//	COLDSTART_REAL_RUN=10m go test -run '^$' -bench RealRun -benchtime 1x ./sandbox/record/
//
// Every update is recorded as `coldstart demo --record` does, by writers
// side by side in the same run: plain and gzipped as the CLI writes them,
// every state (no DemoClocks), and the size format 1 would have written.
// It reports their sizes per 10 minutes of the run and per simulated
// (control-plane) minute, and each writer's CPU time against the rest of
// the process's, which is the run without recording. Then it loops the
// plain recording into 60 minutes and seeks in it, and re-encodes it with
// other keyframe periods.
func BenchmarkRealRun(b *testing.B) {
	d, err := time.ParseDuration(os.Getenv("COLDSTART_REAL_RUN"))
	if err != nil {
		b.Skip("set COLDSTART_REAL_RUN (10m) to record a real self-healing run that long")
	}
	ctx := context.Background()
	rt, err := process.New(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close(ctx)
	o := selfhealing.Defaults()
	c, err := selfhealing.New(rt, o.Clock(), o)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(ctx)
	run, stop := context.WithTimeout(ctx, d)
	defer stop()
	go func() {
		for run.Err() == nil {
			for _, s := range []selfhealing.Step{selfhealing.StepKillPod, selfhealing.StepCrashLoop, selfhealing.StepHang} {
				_, _ = selfhealing.RunStep(run, c, s)
			}
		}
	}()

	var plain, zipped, all bytes.Buffer
	start := time.Now()
	writers := []*timedWriter{
		newTimedWriter(b, &plain, start, DemoClocks()),
		newTimedWriter(b, &zipped, start, DemoClocks(), Compressed()),
		newTimedWriter(b, &all, start),
	}
	v1 := &formatOneSize{start: start}
	runtime.LockOSThread() // threadCPU reads this goroutine's thread
	defer runtime.UnlockOSThread()
	cpu0 := processCPU()
	var first, last *cluster.Snapshot
	turn := 0
	for done := false; !done; {
		select {
		case <-run.Done():
			done = true
		case u := <-c.Updates():
			// Each takes a turn at going first: the first to marshal the
			// snapshot pays for its cold memory and any GC assist.
			turn++
			for i := range writers {
				writers[(turn+i)%len(writers)].update(u)
			}
			v1.update(u)
			if u.Snapshot != nil {
				if first == nil {
					first = u.Snapshot
				}
				last = u.Snapshot
			}
		}
	}
	total := processCPU() - cpu0
	minutes := time.Since(start).Minutes()
	recording := v1.cpu
	for _, w := range writers {
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		recording += w.cpu
	}
	without := total - recording // the run's own CPU: everything else the process did
	per10 := func(n int) float64 { return float64(n) / minutes * 10 / 1e6 }
	b.ReportMetric(per10(plain.Len()), "MB/10min")
	b.ReportMetric(per10(zipped.Len()), "gz_MB/10min")
	b.ReportMetric(per10(all.Len()), "every_state_MB/10min")
	b.ReportMetric(per10(v1.n), "format1_MB/10min")
	if first != nil {
		b.ReportMetric(float64(plain.Len())/last.Clock.Sub(first.Clock).Minutes(), "bytes/sim_min")
	}
	b.ReportMetric(100*float64(writers[0].cpu)/float64(without), "cpu_%")
	b.ReportMetric(100*float64(writers[1].cpu)/float64(without), "gz_cpu_%")
	b.ReportMetric(float64(writers[0].states)/minutes/60, "states/s")
	rec := open(b, plain.Bytes())
	b.ReportMetric(float64(len(rec.StateTimes()))/minutes/60, "kept_states/s")
	b.Logf("%.1f min: process CPU %v, recording (plain) %v, gzipped %v, every state %v, format 1 size %v",
		minutes, total, writers[0].cpu, writers[1].cpu, writers[2].cpu, v1.cpu)
	keyframePeriods(b, rec)
}

// BenchmarkRecordingFile does BenchmarkRealRun's last part on a recording
// made before, COLDSTART_RECORDING (scripts/recording-size keeps one):
//
//	COLDSTART_RECORDING=/tmp/self-healing.jsonl go test -run '^$' -bench RecordingFile -benchtime 1x ./sandbox/record/
func BenchmarkRecordingFile(b *testing.B) {
	path := os.Getenv("COLDSTART_RECORDING")
	if path == "" {
		b.Skip("set COLDSTART_RECORDING to a recording's path")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	keyframePeriods(b, open(b, data))
}

// keyframePeriods re-encodes rec with several keyframe periods and reports
// the size per 10 minutes and the seeks on 60 minutes of it, looped.
func keyframePeriods(b *testing.B, rec *Recording) {
	minutes := rec.Duration().Minutes()
	for _, every := range []time.Duration{5 * time.Second, 10 * time.Second, DefaultKeyframeEvery, 30 * time.Second} {
		var again, hour bytes.Buffer
		reencode(b, rec, &again, 1, KeyframeEvery(every))
		reencode(b, rec, &hour, int(time.Hour/max(rec.Duration(), time.Second))+1, KeyframeEvery(every))
		s := seeks(b, open(b, hour.Bytes()), 200)
		b.Logf("K=%v: %.2f MB/10min; 60 minutes: %.1f MB, seek %.2f ms CPU on average, worst %.1f ms CPU, %.1f ms wall",
			every, float64(again.Len())/minutes*10/1e6, float64(hour.Len())/1e6, s.meanCPU, s.worstCPU, s.worstWall)
		if every == DefaultKeyframeEvery {
			b.ReportMetric(s.meanCPU, "cpu_ms/seek_60min")
			b.ReportMetric(s.worstCPU, "worst_cpu_ms/seek_60min")
			b.ReportMetric(s.worstWall, "worst_ms/seek_60min")
		}
	}
}

// timedWriter records updates as cmd/coldstart's recorder does and keeps
// the CPU time that took.
type timedWriter struct {
	*Writer
	start  time.Time
	cpu    time.Duration
	states int
}

func newTimedWriter(b *testing.B, w io.Writer, start time.Time, opts ...Option) *timedWriter {
	rw, err := NewWriter(w, testHeader, opts...)
	if err != nil {
		b.Fatal(err)
	}
	return &timedWriter{Writer: rw, start: start}
}

func (w *timedWriter) update(u cluster.Update) {
	c0 := threadCPU()
	for _, e := range u.Events {
		_ = w.Write(e.Time.Sub(w.start), "event", e)
	}
	if s := u.Snapshot; s != nil {
		_ = w.State(s.Time.Sub(w.start), s)
		w.states++
	}
	w.cpu += threadCPU() - c0
}

// formatOneSize counts the bytes format 1 wrote for the same updates: a
// keyframe every 5 s and plain merge patches, arrays whole.
type formatOneSize struct {
	start        time.Time
	prev         []byte
	keyframe     time.Duration
	haveKeyframe bool
	n            int // bytes
	cpu          time.Duration
}

func (f *formatOneSize) update(u cluster.Update) {
	c0 := threadCPU()
	defer func() { f.cpu += threadCPU() - c0 }()
	for _, e := range u.Events {
		b, _ := json.Marshal(e)
		f.n += len(b) + len(`{"t_ms":123456,"type":"event","event":}`+"\n")
	}
	if u.Snapshot == nil {
		return
	}
	t := u.Snapshot.Time.Sub(f.start)
	cur, _ := json.Marshal(u.Snapshot)
	if bytes.Equal(cur, f.prev) {
		return
	}
	const line = len(`{"t_ms":123456,"type":"keyframe","state":}` + "\n")
	if f.haveKeyframe && t-f.keyframe < 5*time.Second {
		if p, err := jsonpatch.CreateMergePatch(f.prev, cur); err == nil && len(p) < len(cur) {
			f.prev, f.n = cur, f.n+len(p)+line
			return
		}
	}
	f.prev, f.keyframe, f.haveKeyframe, f.n = cur, t, true, f.n+len(cur)+line
}

// reencode writes rec's records and states again, times over, one copy
// after the other.
func reencode(tb testing.TB, rec *Recording, w io.Writer, times int, opts ...Option) {
	rw, err := NewWriter(w, rec.Header, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	span := rec.Duration() + time.Second
	records := rec.Records()
	for n := range times {
		off, next := time.Duration(n)*span, 0
		for i, at := range rec.StateTimes() {
			for ; next < rec.StateAfter(i); next++ {
				r := records[next]
				_ = rw.Write(off+r.T, r.Type, r.Body)
			}
			s, err := rec.State(i)
			if err != nil {
				tb.Fatal(err)
			}
			if err := rw.State(off+at, s); err != nil {
				tb.Fatal(err)
			}
		}
		for _, r := range records[next:] {
			_ = rw.Write(off+r.T, r.Type, r.Body)
		}
	}
	if err := rw.Close(); err != nil {
		tb.Fatal(err)
	}
}

type seekTimes struct{ meanCPU, worstCPU, worstWall float64 } // ms

// seeks are StateAt at n random times, on a thread of their own: CPU time
// is the seek's own, wall time includes waiting for a core.
func seeks(tb testing.TB, rec *Recording, n int) seekTimes {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	r := rand.New(rand.NewPCG(1, 2))
	var sum, worstCPU, worstWall time.Duration
	for range n {
		at := time.Duration(r.Int64N(int64(rec.Duration())))
		t0, c0 := time.Now(), threadCPU()
		if _, err := rec.StateAt(at); err != nil {
			tb.Fatal(err)
		}
		cpu := threadCPU() - c0
		sum += cpu
		worstCPU, worstWall = max(worstCPU, cpu), max(worstWall, time.Since(t0))
	}
	ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
	return seekTimes{ms(sum) / float64(n), ms(worstCPU), ms(worstWall)}
}
