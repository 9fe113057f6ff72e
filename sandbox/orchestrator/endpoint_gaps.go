package orchestrator

import "time"

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
