package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// selfHealingSeries is what the self-healing chart shows.
type selfHealingSeries struct {
	Ready, Desired steps
	Kills          []mark // Killing events, and nodes going down (which no event tells)
	Heals          []mark // a replacement's first ready: a new entry in Heals
	NotReady       []mark // NodeNotReady on a node
	Evictions      []mark // TaintManagerEviction, one mark per moment
}

// selfHealingData reads the ready pods, node kills and heals from the
// states, and the kills, NotReady and evictions from the events.
func selfHealingData(rec *record.Recording) (selfHealingSeries, error) {
	var d selfHealingSeries
	down := map[string]bool{}
	heals := 0
	err := eachState(rec, func(t float64, s *cluster.Snapshot) {
		d.Ready.add(t, float64(s.ReadyPods))
		d.Desired.add(t, float64(s.Replicas))
		for _, n := range s.Nodes {
			if n.Down && !down[n.Name] {
				d.Kills = append(d.Kills, mark{t, "kill " + n.Name})
			}
			down[n.Name] = n.Down
		}
		// Heals only grow (the engine appends): those past the count seen are new.
		for _, h := range s.Heals[min(heals, len(s.Heals)):] {
			d.Heals = append(d.Heals, mark{t, "ready " + h.Replacement})
		}
		heals = len(s.Heals)
	})
	if err != nil {
		return d, err
	}
	end := seconds(rec.Duration())
	d.Ready, d.Desired = d.Ready.until(end), d.Desired.until(end)

	var evicted []float64
	err = eachEvent(rec, func(t float64, e *cluster.Event) {
		switch {
		case e.Reason == cluster.ReasonKilling && e.Kind() == "pod":
			d.Kills = append(d.Kills, mark{t, "kill " + e.Name()})
		case e.Reason == cluster.ReasonNodeNotReady && e.Kind() == "node":
			d.NotReady = append(d.NotReady, mark{t, e.Name() + " NotReady"})
		case e.Reason == cluster.ReasonEvicted:
			evicted = append(evicted, t)
		}
	})
	d.Evictions = groupEvictions(evicted)
	slices.SortStableFunc(d.Kills, func(a, b mark) int { return cmp.Compare(a.T, b.T) })
	return d, err
}

// evictionGroup: a node's pods are evicted in one go; events this close
// together are one moment on the chart.
const evictionGroup = 1.0 // seconds

func groupEvictions(ts []float64) []mark {
	var out []mark
	for i := 0; i < len(ts); {
		j := i + 1
		for j < len(ts) && ts[j]-ts[i] <= evictionGroup {
			j++
		}
		n := j - i
		out = append(out, mark{ts[i], fmt.Sprintf("evict %d %s", n, plural(n, "pod"))})
		i = j
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func drawSelfHealing(d selfHealingSeries, end float64) (figure, error) {
	f := newFigure("Self-healing: ready pods as pods and nodes are killed")
	p := f.panel("pods", end)
	most := 0.0
	for _, s := range [][]point{d.Ready, d.Desired} {
		for _, q := range s {
			most = math.Max(most, q.V)
		}
	}
	countAxis(p, most)

	sets := []struct {
		name string
		markSet
	}{
		{"kill (pod or node)", markSet{d.Kills, dashed(red, 1.5)}},
		{"node NotReady", markSet{d.NotReady, dashed(orange, 1.5)}},
		{"eviction (taint manager)", markSet{d.Evictions, dashed(purple, 1.5)}},
		{"healed: replacement ready", markSet{d.Heals, solid(green, 1.5)}},
	}
	var tl timeline
	for _, s := range sets {
		tl.sets = append(tl.sets, s.markSet)
	}
	p.Add(tl)
	desired := stepLine(d.Desired, dashed(grey, 2))
	ready := stepLine(d.Ready, solid(blue, 3))
	p.Add(desired, ready)

	f.legend.Add("ready pods", ready)
	f.legend.Add("desired replicas", desired)
	for _, s := range sets {
		if len(s.marks) > 0 {
			f.legend.Add(s.name, s.markSet)
		}
	}
	return f, nil
}
