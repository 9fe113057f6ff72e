package chart

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// rollingDeploySeries is what the rolling-deploy chart shows.
type rollingDeploySeries struct {
	// Versions in the order they first ran; ByVersion[i] counts the pods of
	// Versions[i] not terminating, at each of T.
	Versions  []string
	T         []float64
	ByVersion [][]int
	Ready     steps
	Bounds    []bounds
}

// bounds are a rollout's two promises over the time it held them: at most
// Most pods (replicas + maxSurge), at least Fewest ready (replicas −
// maxUnavailable).
type bounds struct {
	span
	Revision     int
	Version      string
	Most, Fewest int
}

// same: the same rollout and promises, whenever they held.
func (b bounds) same(o bounds) bool {
	b.span, o.span = span{}, span{}
	return b == o
}

// rollouts mark where each rollout after the first began.
func rollouts(bs []bounds) []mark {
	var out []mark
	for i := 1; i < len(bs); i++ {
		if bs[i].Revision != bs[i-1].Revision {
			out = append(out, mark{bs[i].From, fmt.Sprintf("revision %d: %s", bs[i].Revision, bs[i].Version)})
		}
	}
	return out
}

// rollingDeployData reads the pods by version, the ready count and the
// rollout's bounds from the states.
func rollingDeployData(rec *record.Recording) (rollingDeploySeries, error) {
	var d rollingDeploySeries
	err := eachState(rec, func(t float64, s *cluster.Snapshot) {
		count := make([]int, len(d.Versions))
		for _, p := range s.Pods {
			if p.Status == cluster.StatusTerminating {
				continue // the surge bound counts pods not terminating
			}
			i := slices.Index(d.Versions, p.Version)
			if i < 0 {
				d.Versions = append(d.Versions, p.Version)
				d.ByVersion = append(d.ByVersion, make([]int, len(d.T)))
				count = append(count, 0)
				i = len(d.Versions) - 1
			}
			count[i]++
		}
		d.T = append(d.T, t)
		for i := range d.Versions {
			d.ByVersion[i] = append(d.ByVersion[i], count[i])
		}
		d.Ready.add(t, float64(s.ReadyPods))

		ro := s.Rollout
		b := bounds{span{t, t}, ro.Revision, ro.Version, ro.Replicas + ro.MaxSurge, max(0, ro.Replicas-ro.MaxUnavailable)}
		n := len(d.Bounds)
		if n > 0 && d.Bounds[n-1].same(b) {
			return
		}
		if n > 0 {
			d.Bounds[n-1].To = t
		}
		d.Bounds = append(d.Bounds, b)
	})
	end := seconds(rec.Duration())
	if n := len(d.Bounds); n > 0 {
		d.Bounds[n-1].To = end
	}
	d.Ready = d.Ready.until(end)
	if n := len(d.T); n > 0 && d.T[n-1] < end {
		d.T = append(d.T, end)
		for i := range d.ByVersion {
			d.ByVersion[i] = append(d.ByVersion[i], d.ByVersion[i][n-1])
		}
	}
	return d, err
}

func drawRollingDeploy(d rollingDeploySeries, end float64) (figure, error) {
	f := newFigure("Rolling deploy: pods by version, within the strategy's bounds")
	p := f.panel("pods", end)

	// Stacked areas: each version's top is the sum of it and the ones
	// before; drawn from the highest down, each covers the rest of the one
	// above it.
	tops := make([]steps, len(d.Versions))
	most := 0.0
	for j, t := range d.T {
		sum := 0.0
		for i := range d.Versions {
			sum += float64(d.ByVersion[i][j])
			tops[i] = append(tops[i], point{t, sum})
		}
		most = math.Max(most, sum)
	}
	areas := make([]*plotter.Line, len(tops))
	for i, top := range tops {
		areas[i] = stepLine(top, solid(fills[i%len(fills)], 0))
		areas[i].FillColor = fills[i%len(fills)]
		f.legend.Add("pods of "+d.Versions[i], areas[i])
	}
	for i := len(areas) - 1; i >= 0; i-- {
		p.Add(areas[i])
	}
	starts := markSet{rollouts(d.Bounds), dashed(grey, 1.5)}
	p.Add(timeline{[]markSet{starts}})
	ready := stepLine(d.Ready, solid(black, 2.5))
	p.Add(ready)
	// The bounds go on top: ready pods at the floor still show the floor.
	upper, lower := dashed(red, 2), dashed(orange, 2)
	for _, b := range d.Bounds {
		p.Add(stepLine([]point{{b.From, float64(b.Most)}, {b.To, float64(b.Most)}}, upper))
		p.Add(stepLine([]point{{b.From, float64(b.Fewest)}, {b.To, float64(b.Fewest)}}, lower))
		most = math.Max(most, float64(b.Most))
	}
	countAxis(p, most)

	f.legend.Add("ready pods", ready)
	f.legend.Add("replicas + maxSurge", stepLine(nil, upper))
	f.legend.Add("replicas − maxUnavailable", stepLine(nil, lower))
	if len(starts.marks) > 0 {
		f.legend.Add("a rollout begins", starts)
	}
	return f, nil
}
