package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// dpi maps pixels to the points vg measures in.
const dpi = 96

// figure is a chart: a title, panels stacked on one time axis, and one
// legend in a column of its own at the right, so it never hides data.
type figure struct {
	title  string
	panels []*plot.Plot // top to bottom
	legend plot.Legend
}

// Font sizes, in points, chosen to read well at 1200x675 px.
const (
	titleSize  = 17
	labelSize  = 14
	tickSize   = 12
	legendSize = 13
	markSize   = 11
)

// sans is the charts' typeface: plain on a screen, where gonum's default
// serif is busy at small sizes.
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

func newFigure(title string) figure {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(legendSize)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(28)
	l.Padding = vg.Points(4)
	return figure{title: title, legend: l}
}

// panel adds a panel below the others, its time axis from 0 to end seconds.
func (f *figure) panel(ylabel string, end float64) *plot.Plot {
	p := plot.New()
	p.X.Min, p.X.Max = 0, math.Max(end, 1)
	p.X.Tick.Marker = niceTicks{10}
	p.X.Label.Text = "time (s)"
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(labelSize)
		a.Tick.Label.Font = sans(tickSize)
	}
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	p.Add(g)
	f.panels = append(f.panels, p)
	return p
}

// render draws the figure on a canvas of the format and writes it to w.
func (f figure) render(w io.Writer, format string, size Size) error {
	width := vg.Length(size.Width) * vg.Inch / dpi
	height := vg.Length(size.Height) * vg.Inch / dpi
	var c vg.CanvasWriterTo
	switch format {
	case SVG:
		c = vgsvg.New(width, height)
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))}
	default:
		return fmt.Errorf("chart: format %q", format)
	}
	f.draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

func (f figure) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	pad := vg.Points(10)
	c = draw.Crop(c, pad, -pad, pad, -pad)

	title := text.Style{
		Color: color.Black, Font: sans(titleSize),
		XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler,
	}
	c.FillText(title, vg.Point{X: c.Center().X, Y: c.Max.Y}, f.title)
	c.Max.Y -= title.Height(f.title) + pad

	// The SVG names its font without embedding it (that would add 0.5 MB);
	// a viewer without Liberation Sans uses a wider one: leave it room.
	legend := c
	legend.Min.X = c.Max.X - f.legend.Rectangle(c).Size().X*1.15
	legend.Min.Y += pad
	f.legend.Draw(legend)
	c.Max.X = legend.Min.X - 2*pad

	for i, pc := range stack(c, f.panels, pad) {
		f.panels[i].Draw(pc)
	}
}

// stack splits c into equal rows, top to bottom, one per panel, and indents
// each so all data areas start at the same x: one time axis, read down.
func stack(c draw.Canvas, panels []*plot.Plot, gap vg.Length) []draw.Canvas {
	n := vg.Length(len(panels))
	h := (c.Size().Y - gap*(n-1)) / n
	out := make([]draw.Canvas, len(panels))
	var left vg.Length
	for i, p := range panels {
		row := c
		row.Max.Y = c.Max.Y - vg.Length(i)*(h+gap)
		row.Min.Y = row.Max.Y - h
		out[i] = row
		left = max(left, p.DataCanvas(row).Min.X)
	}
	for i, p := range panels {
		out[i].Min.X += left - p.DataCanvas(out[i]).Min.X
	}
	return out
}

// intTicks mark whole numbers only: pods and environments come in ones.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	step := math.Max(1, math.Ceil((hi-lo)/8))
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprint(v)})
	}
	return ts
}

// niceTicks label an axis every 1, 2 or 5 × 10ⁿ, about n labels across
// (gonum's default gives three or four, some with needless decimals).
type niceTicks struct{ n int }

func (nt niceTicks) Ticks(lo, hi float64) []plot.Tick {
	raw := (hi - lo) / float64(nt.n)
	if raw <= 0 {
		return nil
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * p
	for _, m := range []float64{1, 2, 5} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	decimals := max(0, int(-math.Floor(math.Log10(step))))
	var ts []plot.Tick
	for k := math.Ceil(lo / step); k*step <= hi*(1+1e-9); k++ {
		ts = append(ts, plot.Tick{Value: k * step, Label: strconv.FormatFloat(k*step, 'f', decimals, 64)})
	}
	return ts
}

// countAxis sets a panel's y axis for counts up to most, with headroom
// for the marks' labels above the lines.
func countAxis(p *plot.Plot, most float64) {
	p.Y.Min, p.Y.Max = 0, math.Max(1, most)*1.6+0.5
	p.Y.Tick.Marker = intTicks{}
}
