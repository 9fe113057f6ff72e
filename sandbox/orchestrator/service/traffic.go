package service

import (
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Traffic is a steady client of a Service: rate requests per second,
// at most maxInFlight at once, loopback only. It counts what the client
// sees, per second and by the version that answered.
type Traffic struct {
	url    string
	rate   int
	client *http.Client
	stop   chan struct{}
	wg     sync.WaitGroup
	rateCh chan int     // SetRate: a new rate for the ticker
	work   atomic.Int64 // SetWork: CPU work units per request, 0 for the workload's default

	mu       sync.Mutex
	start    time.Time
	ok       int64
	failed   int64
	retried  int64 // answered, but only after a dead endpoint refused the connection
	skipped  int64 // not sent: maxInFlight requests were already waiting
	byVer    map[string]int64
	seconds  []Second // the last historySeconds, oldest first
	inFlight int
}

// Second is what the client saw in one second of real time.
type Second struct {
	OK, Failed, Retried int
	latencies           []time.Duration
}

// TrafficStats is a point-in-time reading.
type TrafficStats struct {
	Rate      int              // requests per second asked for
	OK        int64            // total successful responses (HTTP 200)
	Failed    int64            // total failures: errors, 5xx, no endpoint
	Retried   int64            // successes that first hit a dead endpoint (counted in OK too)
	Skipped   int64            // not sent because too many were in flight
	ByVersion map[string]int64 // successful responses by the version that answered
	History   []SecondStat     // the last seconds, oldest first; the last one is still filling
	P50, P99  time.Duration    // latency over the last few complete seconds
}

// SecondStat is one second of History. Retried requests are also in OK.
type SecondStat struct{ OK, Failed, Retried int }

// SuccessRate is OK / (OK + Failed) of s, 1 when nothing was sent.
func (s SecondStat) SuccessRate() float64 {
	if s.OK+s.Failed == 0 {
		return 1
	}
	return float64(s.OK) / float64(s.OK+s.Failed)
}

const (
	maxInFlight    = 16
	historySeconds = 120
	latencyWindow  = 5 // seconds of samples behind P50 and P99
)

// FirstTryRate is the share of requests answered by the first endpoint the
// Service picked: it dips while dead pods are still listed as endpoints,
// even when the Service's retries hide it from SuccessRate.
func (s SecondStat) FirstTryRate() float64 {
	if s.OK+s.Failed == 0 {
		return 1
	}
	return float64(s.OK-s.Retried) / float64(s.OK+s.Failed)
}

// StartTraffic sends rate requests per second to url + "/invoke" until Stop.
func StartTraffic(url string, rate int) *Traffic {
	rate = max(1, rate)
	t := &Traffic{
		url:  url,
		rate: rate,
		client: &http.Client{
			Timeout: 5 * time.Second,
			Transport: &http.Transport{
				Proxy:               nil,
				DialContext:         (&net.Dialer{Timeout: time.Second}).DialContext,
				MaxIdleConnsPerHost: maxInFlight,
			},
		},
		stop:   make(chan struct{}),
		rateCh: make(chan int),
		start:  time.Now(),
		byVer:  map[string]int64{},
	}
	t.seconds = []Second{{}}
	t.wg.Add(1)
	go t.run()
	return t
}

func (t *Traffic) run() {
	defer t.wg.Done()
	tick := time.NewTicker(time.Second / time.Duration(t.rate))
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			return
		case r := <-t.rateCh:
			tick.Reset(time.Second / time.Duration(r))
			t.mu.Lock()
			t.rate = r
			t.mu.Unlock()
		case <-tick.C:
			t.mu.Lock()
			if t.inFlight >= maxInFlight {
				t.skipped++
				t.mu.Unlock()
				continue
			}
			t.inFlight++
			t.mu.Unlock()
			t.wg.Add(1)
			go t.one()
		}
	}
}

func (t *Traffic) one() {
	defer t.wg.Done()
	begin := time.Now()
	url := t.url + "/invoke"
	if w := t.work.Load(); w > 0 {
		url += "?work=" + strconv.FormatInt(w, 10)
	}
	resp, err := t.client.Get(url)
	ok, retried, version := false, false, ""
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		ok = err == nil && resp.StatusCode == http.StatusOK
		version = resp.Header.Get(HeaderVersion)
		retried = resp.Header.Get(HeaderRetried) != ""
	}
	t.record(ok, retried, version, time.Since(begin))
}

func (t *Traffic) record(ok, retried bool, version string, latency time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inFlight--
	t.rollLocked(time.Now())
	cur := &t.seconds[len(t.seconds)-1]
	if ok {
		t.ok++
		t.byVer[version]++
		cur.OK++
		cur.latencies = append(cur.latencies, latency)
		if retried {
			t.retried++
			cur.Retried++
		}
	} else {
		t.failed++
		cur.Failed++
	}
}

// rollLocked opens the buckets of the seconds that have begun since the
// last call. Bucket i covers [start+i s, start+i+1 s); dropping old buckets
// moves start on.
func (t *Traffic) rollLocked(now time.Time) {
	for want := int(now.Sub(t.start)/time.Second) + 1; len(t.seconds) < want; {
		t.seconds = append(t.seconds, Second{})
	}
	if over := len(t.seconds) - historySeconds; over > 0 {
		t.seconds = append(t.seconds[:0], t.seconds[over:]...)
		t.start = t.start.Add(time.Duration(over) * time.Second)
	}
}

// Stats reads the counters.
func (t *Traffic) Stats() TrafficStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rollLocked(time.Now())
	s := TrafficStats{Rate: t.rate, OK: t.ok, Failed: t.failed, Retried: t.retried, Skipped: t.skipped, ByVersion: map[string]int64{}}
	for v, n := range t.byVer {
		s.ByVersion[v] = n
	}
	var lat []time.Duration
	for i, sec := range t.seconds {
		s.History = append(s.History, SecondStat{OK: sec.OK, Failed: sec.Failed, Retried: sec.Retried})
		if i >= len(t.seconds)-1-latencyWindow && i < len(t.seconds)-1 {
			lat = append(lat, sec.latencies...)
		}
	}
	if len(lat) == 0 { // nothing complete yet: use what there is
		lat = append(lat, t.seconds[len(t.seconds)-1].latencies...)
	}
	s.P50, s.P99 = percentile(lat, 0.50), percentile(lat, 0.99)
	return s
}

func percentile(xs []time.Duration, q float64) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	i := int(q*float64(len(xs)-1) + 0.5)
	return xs[min(i, len(xs)-1)]
}

// SetRate changes the load to rate requests per second (at least 1).
func (t *Traffic) SetRate(rate int) {
	select {
	case t.rateCh <- max(1, rate):
	case <-t.stop:
	}
}

// SetWork sets the CPU work units each request asks the workload for
// (its ?work=N); 0 leaves the workload's default.
func (t *Traffic) SetWork(units int) { t.work.Store(int64(max(0, units))) }

// Work is the CPU work units per request set by SetWork.
func (t *Traffic) Work() int { return int(t.work.Load()) }

// Stop ends the traffic and waits for requests in flight.
func (t *Traffic) Stop() {
	select {
	case <-t.stop:
		return
	default:
	}
	close(t.stop)
	t.wg.Wait()
	t.client.CloseIdleConnections()
}
