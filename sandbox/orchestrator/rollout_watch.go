package orchestrator

import "time"

// RolloutWatch checks a rollout's promises over a stream of snapshots:
// how many pods ran at most (the surge bound) and how few were ready (the
// availability bound). It starts counting at the first settled snapshot,
// so the very first rollout from nothing does not count.
type RolloutWatch struct {
	started  bool
	MaxPods  int // most pods not terminating at once
	MinReady int // fewest ready pods at once
}

// Observe takes the next snapshot.
func (w *RolloutWatch) Observe(s *Snapshot) {
	if !w.started {
		if !s.Settled {
			return
		}
		w.started = true
		w.MaxPods, w.MinReady = s.Rollout.Total, s.ReadyPods
	}
	w.MaxPods = max(w.MaxPods, s.Rollout.Total)
	w.MinReady = min(w.MinReady, s.ReadyPods)
}

// Started reports whether a settled snapshot has been seen.
func (w *RolloutWatch) Started() bool { return w.started }

// Gap is a stretch of time in which the Service had no ready endpoint.
type Gap struct {
	From time.Time
	Took time.Duration
}

// EndpointGaps replays the history of the Service's endpoints and returns
// every stretch after from with no ready endpoint (real time). A gap still
// open at the end of the history ends at until.
func EndpointGaps(hist []ReadyChange, from, until time.Time) []Gap {
	ready := map[string]bool{}
	i := 0
	for ; i < len(hist) && hist[i].At.Before(from); i++ {
		setReady(ready, hist[i])
	}
	var gaps []Gap
	var open time.Time
	if len(ready) == 0 { // already without endpoints when from came
		open = from
	}
	for _, h := range hist[i:] {
		setReady(ready, h)
		switch {
		case len(ready) == 0 && open.IsZero():
			open = h.At
		case len(ready) > 0 && !open.IsZero():
			if d := h.At.Sub(open); d > 0 {
				gaps = append(gaps, Gap{From: open, Took: d})
			}
			open = time.Time{}
		}
	}
	if !open.IsZero() {
		gaps = append(gaps, Gap{From: open, Took: until.Sub(open)})
	}
	return gaps
}

func setReady(ready map[string]bool, h ReadyChange) {
	if h.Ready {
		ready[h.Pod] = true
	} else {
		delete(ready, h.Pod)
	}
}
