package docker

import (
	"context"
	"encoding/json"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// Stats takes one reading (the daemon's one-shot mode, which answers at once
// instead of sampling for a second). CPU is measured against this runtime's
// previous reading of the same run, or against the run's start for the
// first; memory is usage minus the reclaimable page cache, as `docker stats`
// shows it.
func (r *Runtime) Stats(ctx context.Context, id string) (sandbox.Stats, error) {
	inst, err := r.get(id)
	if err != nil {
		return sandbox.Stats{}, err
	}
	res, err := r.eng.cli.ContainerStats(ctx, id, client.ContainerStatsOptions{})
	if err != nil {
		return sandbox.Stats{}, r.eng.wrap("read stats of "+inst.name, err)
	}
	defer res.Body.Close()
	var s container.StatsResponse
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
		return sandbox.Stats{}, r.eng.wrap("read stats of "+inst.name, err)
	}

	now := cpuSample{total: s.CPUStats.CPUUsage.TotalUsage, at: s.Read}
	r.mu.Lock()
	prev := inst.cpu
	if prev.at.IsZero() || now.total < prev.total || !now.at.After(prev.at) {
		prev = cpuSample{at: inst.since} // first reading of this run
	}
	if !now.at.IsZero() {
		inst.cpu = now
	}
	r.mu.Unlock()
	return sandbox.Stats{
		CPUPercent:  cpuPercent(prev, now),
		MemoryBytes: workingSet(s.MemoryStats),
	}, nil
}

func cpuPercent(prev, now cpuSample) float64 {
	wall := now.at.Sub(prev.at)
	if prev.at.IsZero() || wall <= 0 || now.total < prev.total {
		return 0
	}
	return float64(now.total-prev.total) / float64(wall/time.Nanosecond) * 100
}

// workingSet is memory usage minus inactive page cache (cgroup v1 reports
// it as total_inactive_file, v2 as inactive_file).
func workingSet(m container.MemoryStats) uint64 {
	for _, key := range []string{"total_inactive_file", "inactive_file"} {
		if v, ok := m.Stats[key]; ok && v < m.Usage {
			return m.Usage - v
		}
	}
	return m.Usage
}
