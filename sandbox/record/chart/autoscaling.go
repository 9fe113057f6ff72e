package chart

import (
	"math"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// autoscalingSeries is what the autoscaling chart shows.
type autoscalingSeries struct {
	Metric  []point // per-pod average at each HPA sync
	Target  steps
	Desired steps // the Deployment's replicas
	Ready   steps
	Held    []span // a scale-in held back by the scale-down window
	Unit    string // the metric axis' label
}

// autoscalingData reads the replicas from the states and the HPA's
// decisions from the Autoscaler's History. A decision is placed at the
// first state that holds it: its At is control-plane time, which fast
// forward jumps, not recording time.
func autoscalingData(rec *record.Recording) (autoscalingSeries, error) {
	d := autoscalingSeries{Unit: "req/s per pod"}
	var seen time.Time
	held := -1.0 // when the current hold began; -1 while none
	err := eachState(rec, func(t float64, s *cluster.Snapshot) {
		d.Desired.add(t, float64(s.Replicas))
		d.Ready.add(t, float64(s.ReadyPods))
		a := s.Autoscaler
		if a == nil {
			return
		}
		if a.Metric == "cpu" {
			d.Unit = "% CPU"
		}
		for _, h := range a.History {
			if !h.At.After(seen) {
				continue
			}
			seen = h.At
			d.Metric = append(d.Metric, point{t, h.Metric})
			d.Target.add(t, h.Target)
			// The window held it when it kept the recommendation above
			// what the metric alone asked for.
			switch isHeld := h.Stabilized > h.Raw; {
			case isHeld && held < 0:
				held = t
			case !isHeld && held >= 0:
				d.Held = append(d.Held, span{held, t})
				held = -1
			}
		}
	})
	end := seconds(rec.Duration())
	if held >= 0 {
		d.Held = append(d.Held, span{held, end})
	}
	d.Target, d.Desired, d.Ready = d.Target.until(end), d.Desired.until(end), d.Ready.until(end)
	return d, err
}

func drawAutoscaling(d autoscalingSeries, end float64) (figure, error) {
	f := newFigure("Autoscaling: the metric against its target, and the replicas the HPA chose")
	window := bands{d.Held, shade}

	m := f.panel(d.Unit, end)
	m.Add(window)
	top := 0.0
	xys := make(plotter.XYs, len(d.Metric))
	for i, p := range d.Metric {
		xys[i] = plotter.XY{X: p.T, Y: p.V}
		top = math.Max(top, p.V)
	}
	for _, p := range d.Target {
		top = math.Max(top, p.V)
	}
	line, dots, err := plotter.NewLinePoints(xys)
	if err != nil {
		return figure{}, err
	}
	line.LineStyle = solid(blue, 2)
	dots.GlyphStyle = draw.GlyphStyle{Color: blue, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	target := stepLine(d.Target, dashed(red, 2))
	m.Add(target, line, dots)
	m.Y.Min, m.Y.Max = 0, math.Max(1, top*1.15)
	m.Y.Tick.Marker = niceTicks{6}

	r := f.panel("pods", end)
	r.Add(window)
	most := 0.0
	for _, s := range [][]point{d.Desired, d.Ready} {
		for _, p := range s {
			most = math.Max(most, p.V)
		}
	}
	countAxis(r, most)
	desired := stepLine(d.Desired, dashed(orange, 2.5))
	ready := stepLine(d.Ready, solid(green, 2.5))
	r.Add(ready, desired)

	f.legend.Add("metric at each HPA sync", line, dots)
	f.legend.Add("target", target)
	f.legend.Add("desired replicas", desired)
	f.legend.Add("ready replicas", ready)
	if len(d.Held) > 0 {
		f.legend.Add("scale-in held (down window)", window)
	}
	return f, nil
}
