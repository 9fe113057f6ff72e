package drill

import (
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// BenchmarkDeck builds a 10-item deck over the real content with half the
// items scheduled, as opening the drill from home does.
func BenchmarkDeck(b *testing.B) {
	cat, _ := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	bank := NewBank(cat.Tracks())
	reviews := map[string]progress.Review{}
	for i, it := range Deck(bank, nil, t0, Filter{}, 0) {
		if i%2 == 0 {
			reviews[it.ID] = Next(progress.Review{}, Result([]string{"right", "wrong", "partly"}[i%3]), t0.Add(time.Duration(i)*time.Minute))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if len(Deck(bank, reviews, t0.Add(time.Hour), Filter{}, 10)) != 10 {
			b.Fatal("short deck")
		}
	}
	b.ReportMetric(float64(bank.Len()), "items")
}
