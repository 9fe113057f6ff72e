package service

import (
	"errors"
	"maps"
	"runtime"
	"testing"
	"time"
)

func TestWindowSumsTheCompleteBuckets(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 50_000_000, time.UTC) // 50 ms into a bucket
	ok, failed, retried := Counts{OK: 1}, Counts{Failed: 1}, Counts{Retried: 1}
	type hit struct {
		ago time.Duration
		pod string
		c   Counts
	}
	for _, tc := range []struct {
		name   string
		hits   []hit
		d      time.Duration
		want   Counts
		byPod  map[string]Counts
		span   time.Duration
		rateOK float64
	}{
		{"nothing counted", nil, time.Second, Counts{}, map[string]Counts{}, time.Second, 0},
		{"by outcome and pod", []hit{{200 * time.Millisecond, "a", ok}, {300 * time.Millisecond, "a", ok}, {400 * time.Millisecond, "b", retried}, {500 * time.Millisecond, "", failed}},
			time.Second, Counts{OK: 2, Failed: 1, Retried: 1}, map[string]Counts{"a": {OK: 2}, "b": {Retried: 1}}, time.Second, 2},
		{"the bucket still filling is left out", []hit{{0, "a", ok}, {20 * time.Millisecond, "a", ok}, {100 * time.Millisecond, "a", ok}},
			time.Second, Counts{OK: 1}, map[string]Counts{"a": {OK: 1}}, time.Second, 1},
		{"older than the window", []hit{{1500 * time.Millisecond, "a", ok}, {500 * time.Millisecond, "a", ok}},
			time.Second, Counts{OK: 1}, map[string]Counts{"a": {OK: 1}}, time.Second, 1},
		{"a round of the ring ago is not counted", []hit{{WindowMax + bucketWidth + 500*time.Millisecond, "a", ok}},
			time.Second, Counts{}, map[string]Counts{}, time.Second, 0},
		{"a window past the ring is cut to it", []hit{{30 * time.Second, "a", ok}},
			time.Hour, Counts{OK: 1}, map[string]Counts{"a": {OK: 1}}, WindowMax, 1 / WindowMax.Seconds()},
		{"a partial bucket is rounded up", []hit{{150 * time.Millisecond, "a", ok}},
			150 * time.Millisecond, Counts{OK: 1}, map[string]Counts{"a": {OK: 1}}, 200 * time.Millisecond, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cs counters
			for _, h := range tc.hits {
				cs.count(now.Add(-h.ago), h.pod, h.c)
			}
			w := cs.window(now, tc.d)
			if w.Counts != tc.want || !maps.Equal(w.ByPod, tc.byPod) || w.Span != tc.span || w.Rate() != tc.rateOK {
				t.Errorf("window %+v (rate %g), want %+v by pod %v over %v (rate %g)", w, w.Rate(), tc.want, tc.byPod, tc.span, tc.rateOK)
			}
		})
	}
}

// logAttempts makes n attempts on the proxy's bookkeeping (no HTTP): each
// one's latency is its number, to tell them apart.
func logAttempts(p *Proxy, from, n int) {
	for i := from; i < from+n; i++ {
		ep, seq, _ := p.pick("")
		status := 200
		if i%10 == 0 {
			status = 500
		}
		var err error
		if status != 200 {
			err = errors.New("boom")
		}
		p.finish(seq, ep.Pod, status, err, false, time.Duration(i))
	}
}

// A long demo keeps the newest RecentRequests attempts, not every one
// (the log used to grow to 200,000 entries, about 18 MB, and was copied
// whole by every read of the rate).
func TestLogKeepsTheNewestAttempts(t *testing.T) {
	p := startProxy(t)
	p.SetEndpoints([]Endpoint{{Pod: "a", Addr: "127.0.0.1:1"}})
	const total = 2*RecentRequests + 123
	logAttempts(p, 0, total)
	log := p.Log()
	if len(log) != RecentRequests {
		t.Fatalf("log holds %d attempts after %d, want the last %d", len(log), total, RecentRequests)
	}
	if first, last := log[0].Latency, log[len(log)-1].Latency; first != total-RecentRequests || last != total-1 {
		t.Errorf("log runs from attempt %d to %d, want %d to %d", first, last, total-RecentRequests, total-1)
	}
	for _, r := range log {
		if !r.Done || r.Pod != "a" {
			t.Fatalf("entry %+v", r)
		}
	}
	// An attempt that finishes after newer ones pushed it out of the log is
	// still counted.
	_, old, _ := p.pick("")
	logAttempts(p, total, RecentRequests)
	p.finish(old, "a", 200, nil, false, 0)
	// A bucket later, the one still filling now is complete.
	if got := p.counts.window(time.Now().Add(bucketWidth), WindowMax); got.Attempts() != total+RecentRequests+1 {
		t.Errorf("counted %d attempts, want %d", got.Attempts(), total+RecentRequests+1)
	}
}

// Reading the rate costs the same however long the Service has run.
func TestWindowCostDoesNotGrowWithTheLog(t *testing.T) {
	p := startProxy(t)
	p.SetEndpoints([]Endpoint{{Pod: "a", Addr: "127.0.0.1:1"}, {Pod: "b", Addr: "127.0.0.1:2"}})
	for _, n := range []int{1_000, 100_000} {
		logAttempts(p, 0, n)
		if per := bytesPer(func() { p.Window(2 * time.Second) }); per > 4096 {
			t.Errorf("after %d attempts, a window read allocates %d bytes, want at most 4 KiB", n, per)
		}
	}
}

// bytesPer is the heap allocated by one call of f, averaged over 100.
func bytesPer(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 100 {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / 100
}
