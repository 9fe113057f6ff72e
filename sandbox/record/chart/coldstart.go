package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// invocation is one finished request: when it ended, how long the caller
// waited, and how it was served.
type invocation struct {
	T, LatencyMS float64
	Kind         faas.Kind
}

// coldStartSeries is what the cold-start chart shows.
type coldStartSeries struct {
	Invocations []invocation
	Alive       steps // environments that exist
}

// coldStartData reads the invoke_end events and, from the states, how many
// environments were alive.
func coldStartData(rec *record.Recording) (coldStartSeries, error) {
	var d coldStartSeries
	err := eachEvent(rec, func(t float64, e *faas.Event) {
		if e.Type == faas.InvokeEnd && e.Invocation != nil {
			d.Invocations = append(d.Invocations, invocation{t, e.Invocation.Phases.TotalMS, e.Invocation.Kind})
		}
	})
	if err != nil {
		return d, err
	}
	err = eachState(rec, func(t float64, s *faas.Snapshot) { d.Alive.add(t, float64(s.Alive())) })
	d.Alive = d.Alive.until(seconds(rec.Duration()))
	return d, err
}

// kindStyles tell the kinds apart by shape and colour, in legend order.
var kindStyles = []struct {
	kind  faas.Kind
	name  string
	glyph draw.GlyphStyle
}{
	{faas.KindCold, "cold (Init ran first)", draw.GlyphStyle{Color: red, Radius: vg.Points(5), Shape: draw.PyramidGlyph{}}},
	{faas.KindWarm, "warm (reused environment)", draw.GlyphStyle{Color: blue, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}},
	{faas.KindThrottled, "throttled (429)", draw.GlyphStyle{Color: grey, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}},
}

// minLatencyMS keeps a throttled request's near-zero latency on a log axis.
const minLatencyMS = 0.1

func drawColdStart(d coldStartSeries, end float64) (figure, error) {
	f := newFigure("Cold start: latency of every invocation, and the environments behind them")

	// Log scale: warm and cold are two orders of magnitude apart. A label
	// taller than the panel would shrink it: keep it short.
	lat := f.panel("latency (ms)", end)
	lat.Y.Scale = plot.LogScale{}
	lat.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	lat.Y.Min, lat.Y.Max = minLatencyMS/2, 10 // room below for the throttled
	for _, k := range kindStyles {
		var xys plotter.XYs
		for _, inv := range d.Invocations {
			if inv.Kind == k.kind {
				v := math.Max(inv.LatencyMS, minLatencyMS)
				xys = append(xys, plotter.XY{X: inv.T, Y: v})
				lat.Y.Max = math.Max(lat.Y.Max, v*2)
			}
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return figure{}, err
		}
		s.GlyphStyle = k.glyph
		lat.Add(s)
		f.legend.Add(fmt.Sprintf("%s: %d", k.name, len(xys)), s)
	}

	envs := f.panel("environments", end)
	most := 0.0
	for _, p := range d.Alive {
		most = math.Max(most, p.V)
	}
	countAxis(envs, most)
	alive := stepLine(d.Alive, solid(purple, 2))
	alive.FillColor = fills[3]
	envs.Add(alive)
	f.legend.Add("environments alive", alive)
	return f, nil
}
