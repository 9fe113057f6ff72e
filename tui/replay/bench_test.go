package replay

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)

// BenchmarkSeek60Minutes seeks to random moments of a 60-minute
// self-healing recording (a snapshot every 250 ms, a kill every 30 s,
// written by record.Writer) and waits for the view to draw there: the
// seek, the new engine's first update (every event up to there and the
// state there), its Apply and the player's View. The goal is 50 ms.
func BenchmarkSeek60Minutes(b *testing.B) {
	file := selfHealingFile(b, 60*time.Minute)
	start := time.Now()
	rec, err := record.Open(bytes.NewReader(file))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Open(testContext(), rec); err != nil {
		b.Fatal(err)
	}
	opened := time.Since(start)

	p, d := started(b, file, 100, 30)
	sess := p.Demo().(*selfhealingview.Model).Sess
	rng := rand.New(rand.NewPCG(1, 2))
	var took []time.Duration
	b.ResetTimer()
	for range b.N {
		at := time.Duration(rng.Int64N(int64(60 * time.Minute)))
		t0 := time.Now()
		d.Run(p.seek(at))
		if !d.Until(10*time.Second, func(msg tea.Msg) bool {
			u, ok := msg.(demokit.UpdateMsg[cluster.Update])
			return ok && u.Gen == sess.Gen()
		}) {
			b.Fatal("no redraw after a seek")
		}
		_ = p.View()
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(len(file))/1e6, "file_MB")
	b.ReportMetric(float64(opened.Milliseconds()), "open_ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "worst_ms")
}
