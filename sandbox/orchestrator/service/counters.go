package service

import "time"

// Counts are the Service's attempts to reach an endpoint, by outcome.
type Counts struct {
	OK      int // answered 200
	Failed  int // any other end: an error status, no response, no ready endpoint
	Retried int // the connection was refused and the request went on to the next endpoint
}

// Attempts is every attempt counted.
func (c Counts) Attempts() int { return c.OK + c.Failed + c.Retried }

func (c *Counts) add(o Counts) {
	c.OK, c.Failed, c.Retried = c.OK+o.OK, c.Failed+o.Failed, c.Retried+o.Retried
}

// Window is what the Service did over a recent span of real time.
type Window struct {
	Span time.Duration // the complete buckets counted: at most WindowMax
	Counts
	ByPod map[string]Counts // attempts by the pod they went to
}

// Rate is the successful attempts per second over the window.
func (w Window) Rate() float64 {
	if w.Span <= 0 {
		return 0
	}
	return float64(w.OK) / w.Span.Seconds()
}

// The counters: a fixed ring of short buckets, so the rate over the last
// seconds costs the same after a minute or a day of traffic.
const (
	bucketWidth = 100 * time.Millisecond
	buckets     = 600
	// WindowMax is the longest window the counters keep.
	WindowMax = (buckets - 1) * bucketWidth
)

type bucket struct {
	n    int64 // which bucket of time it holds: UnixNano / bucketWidth
	all  Counts
	pods []podCounts // reused from one round of the ring to the next
}

type podCounts struct {
	pod string
	Counts
}

// counters is the ring; its owner holds the lock.
type counters struct{ ring [buckets]bucket }

func bucketOf(t time.Time) int64 { return t.UnixNano() / int64(bucketWidth) }

// count adds one attempt's outcome at time t.
func (cs *counters) count(t time.Time, pod string, c Counts) {
	n := bucketOf(t)
	b := &cs.ring[n%buckets]
	if b.n != n { // a bucket of a round ago: start it afresh
		b.n, b.all, b.pods = n, Counts{}, b.pods[:0]
	}
	b.all.add(c)
	if pod == "" {
		return
	}
	for i := range b.pods {
		if b.pods[i].pod == pod {
			b.pods[i].add(c)
			return
		}
	}
	b.pods = append(b.pods, podCounts{pod, c})
}

// window sums the complete buckets covering the last d before now (the
// bucket still filling is left out, so the rate is not diluted by it).
func (cs *counters) window(now time.Time, d time.Duration) Window {
	k := int64(min(max(1, (d+bucketWidth-1)/bucketWidth), buckets-1))
	w := Window{Span: time.Duration(k) * bucketWidth, ByPod: map[string]Counts{}}
	cur := bucketOf(now)
	for n := cur - k; n < cur; n++ {
		b := &cs.ring[n%buckets]
		if b.n != n {
			continue // nothing was counted in it
		}
		w.add(b.all)
		for _, p := range b.pods {
			c := w.ByPod[p.pod]
			c.add(p.Counts)
			w.ByPod[p.pod] = c
		}
	}
	return w
}
