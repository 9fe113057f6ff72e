package orchestrator

import "errors"

// SetLoad changes the Service's steady load: rate requests per second, each
// asking for work units of CPU work (0: the workload's default). It fails
// before the traffic has started (after the first rollout).
func (c *Cluster) SetLoad(rate, work int) error {
	var tr interface {
		SetRate(int)
		SetWork(int)
	}
	if err := c.call(func() {
		if c.traffic != nil {
			tr = c.traffic
		}
	}); err != nil {
		return err
	}
	if tr == nil {
		return ErrNoTraffic
	}
	tr.SetWork(work)
	tr.SetRate(rate)
	return nil
}

// ErrNoTraffic: the steady load starts once the first rollout is complete.
var ErrNoTraffic = errors.New("the traffic has not started yet: it starts once the first rollout is complete")
