// Package chart draws a recorded demo run as a picture: the one chart that
// tells each demo's story, as SVG or PNG, with gonum.org/v1/plot.
//
// Each demo's chart is two steps: a function that reads the series out of
// the recording (plain data, table-tested) and one that draws them. The
// recording's states are the demo's snapshots (cluster.Snapshot, or
// faas.Snapshot for cold-start) and its "event" records the demo's events
// (cluster.Event, faas.Event); time is the recording's, in seconds.
//
//   - cold-start: every invocation's latency (cold, warm, throttled), and
//     the environments alive.
//   - self-healing: ready pods, with kills, heals, NotReady and evictions.
//   - rolling-deploy: pods by version, ready pods, and the strategy's bounds.
//   - autoscaling: the metric against its target, the replicas, and the
//     scale-ins the stabilization window held back.
package chart

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// Size is a chart's size in pixels (at 96 DPI, so an SVG and a PNG of the
// same Size look the same).
type Size struct{ Width, Height int }

// DefaultSize fits a slide or a README: 16:9 and readable.
var DefaultSize = Size{Width: 1200, Height: 675}

// Formats Draw writes.
const (
	SVG = "svg"
	PNG = "png"
)

// charts are the demos that have a chart, by the header's demo name.
var charts = map[string]func(*record.Recording) (figure, error){
	"cold-start":     chartOf(coldStartData, drawColdStart),
	"self-healing":   chartOf(selfHealingData, drawSelfHealing),
	"rolling-deploy": chartOf(rollingDeployData, drawRollingDeploy),
	"autoscaling":    chartOf(autoscalingData, drawAutoscaling),
}

// chartOf is a demo's chart: data reads the demo's series from a
// recording, draw plots them up to end, the recording's length in seconds.
func chartOf[D any](data func(*record.Recording) (D, error), draw func(d D, end float64) (figure, error)) func(*record.Recording) (figure, error) {
	return func(rec *record.Recording) (figure, error) {
		d, err := data(rec)
		if err != nil {
			return figure{}, err
		}
		return draw(d, seconds(rec.Duration()))
	}
}

// Draw writes the chart of rec's demo to w in format ("svg" or "png").
func Draw(rec *record.Recording, w io.Writer, format string, size Size) error {
	if format != SVG && format != PNG {
		return fmt.Errorf("chart: format %q: want %q or %q", format, SVG, PNG)
	}
	if size.Width <= 0 || size.Height <= 0 {
		return fmt.Errorf("chart: size %dx%d: want a positive width and height", size.Width, size.Height)
	}
	build, ok := charts[rec.Header.Demo]
	if !ok {
		names := slices.Sorted(maps.Keys(charts))
		return fmt.Errorf("chart: no chart for demo %q (charts: %s)", rec.Header.Demo, strings.Join(names, ", "))
	}
	fig, err := build(rec)
	if err != nil {
		return fmt.Errorf("chart: %s: %w", rec.Header.Demo, err)
	}
	return fig.render(w, format, size)
}

// Format is the format a chart file's name asks for, by its extension.
func Format(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		return SVG, nil
	case ".png":
		return PNG, nil
	default:
		return "", fmt.Errorf("chart: %s: want a .svg or .png file name", path)
	}
}
