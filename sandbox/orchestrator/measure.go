package orchestrator

// Demo measurements: how long the cluster took to heal a kill.

import "time"

type pendingHeal struct {
	killed, cause string
	at            time.Time
}

// healed records the first ready of a pod that replaces a killed one.
func (c *Cluster) healed(p *pod) {
	if p.heal == nil {
		return
	}
	c.heals = append(c.heals, Heal{Killed: p.heal.killed, Cause: p.heal.cause, Replacement: p.name, Duration: time.Since(p.heal.at)})
	p.heal = nil
}
