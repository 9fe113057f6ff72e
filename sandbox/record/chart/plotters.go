package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The palette: distinct in hue and, where it matters, in shape or dash too.
var (
	blue   = color.RGBA{31, 119, 180, 255}
	orange = color.RGBA{255, 127, 14, 255}
	green  = color.RGBA{44, 160, 44, 255}
	red    = color.RGBA{214, 39, 40, 255}
	purple = color.RGBA{148, 103, 189, 255}
	grey   = color.RGBA{127, 127, 127, 255}
	black  = color.RGBA{30, 30, 30, 255}
	// fills for stacked areas, one per version, then around again
	fills = []color.Color{
		color.RGBA{158, 202, 225, 255}, color.RGBA{253, 174, 107, 255},
		color.RGBA{161, 217, 155, 255}, color.RGBA{218, 188, 224, 255},
	}
	shade = color.NRGBA{255, 165, 0, 55}
)

func solid(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width)}
}

func dashed(c color.Color, width float64) draw.LineStyle {
	s := solid(c, width)
	s.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	return s
}

// stepLine is a series drawn as steps: the value holds until the next point.
func stepLine(s []point, style draw.LineStyle) *plotter.Line {
	xys := make(plotter.XYs, len(s))
	for i, p := range s {
		xys[i] = plotter.XY{X: p.T, Y: p.V}
	}
	l, err := plotter.NewLine(xys)
	if err != nil { // only NaN or Inf, which no series holds
		panic(err)
	}
	l.StepStyle = plotter.PostStep
	l.LineStyle = style
	return l
}

// markSet is one kind of moment (kills, heals...): its marks and its line,
// which is also its legend thumbnail.
type markSet struct {
	marks []mark
	line  draw.LineStyle
}

// Thumbnail is a level line: a vertical one is too short to show its dashes.
func (m markSet) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(m.line, c.Min.X, y, c.Max.X, y)
}

// timeline draws moments as vertical lines across a panel, labelled along
// the line from the top. A label that would touch the one before is left
// out, and the one before says how many it stands for.
type timeline struct{ sets []markSet }

func (tl timeline) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	label := text.Style{
		Color: black, Font: plt.Y.Tick.Label.Font, Handler: plt.TextHandler,
		Rotation: -math.Pi / 2, XAlign: draw.XLeft, YAlign: draw.YBottom,
	}
	label.Font.Size = markSize
	type drawn struct {
		x    vg.Length
		text string
	}
	var all []drawn
	for _, s := range tl.sets {
		for _, m := range s.marks {
			x := trX(m.T)
			c.StrokeLine2(s.line, x, c.Min.Y, x, c.Max.Y)
			all = append(all, drawn{x, m.Label})
		}
	}
	slices.SortStableFunc(all, func(a, b drawn) int { return cmp.Compare(a.x, b.x) })
	gap := vg.Points(3)
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].x-all[i].x < label.Height(all[i].text)+gap {
			j++
		}
		text := all[i].text
		if j-i > 1 {
			text = fmt.Sprintf("%s +%d", text, j-i-1)
		}
		c.FillText(label, vg.Point{X: all[i].x + gap/2, Y: c.Max.Y - gap}, text)
		i = j
	}
}

// bands shade intervals of time across a whole panel.
type bands struct {
	spans []span
	color color.Color
}

func (b bands) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	c.SetColor(b.color)
	for _, s := range b.spans {
		r := vg.Rectangle{Min: vg.Point{X: trX(s.From), Y: c.Min.Y}, Max: vg.Point{X: trX(s.To), Y: c.Max.Y}}
		c.Fill(r.Path())
	}
}

func (b bands) Thumbnail(c *draw.Canvas) {
	c.SetColor(b.color)
	c.Fill(c.Rectangle.Path())
}
