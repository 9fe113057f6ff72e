package drill

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/lessons"
	lessondrill "github.com/coldstart-dev/coldstart/lessons/drill"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/screentest"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// testContext is a fixed theme (dark, no colour) with animation off.
func testContext() common.Context { return screentest.Context() }

// fixtureDeck is every item of testdata/lessons (three quizzes, two cards) in
// the deck's order for a learner who has seen none.
func fixtureDeck(tb testing.TB, f lessondrill.Filter) []lessondrill.Item {
	tb.Helper()
	cat, problems := lessons.Load(lessons.OSDir("testdata/lessons"))
	if len(problems) > 0 {
		tb.Fatalf("fixture lessons have problems: %v", problems)
	}
	return lessondrill.Deck(lessondrill.NewBank(cat.Tracks()), nil, t0, f, 0)
}

func newFixture(tb testing.TB, f lessondrill.Filter) (*Model, *progress.Store) {
	store := progress.Memory()
	m := New(Options{
		Context: testContext(), Title: "Drill", Items: fixtureDeck(tb, f),
		Scheduler: lessondrill.Scheduler{Store: store, Now: func() time.Time { return t0 }},
	})
	return m, store
}

func runGolden(t *testing.T, screen common.Screen, msgs []tea.Msg, ready func() bool) {
	t.Helper()
	screentest.Golden(t, screen, msgs, ready)
}

func press(s string) tea.Msg { return screentest.Press(s) }

func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		out = append(out, press(k))
	}
	return out
}

func TestGoldenDrillQuiz(t *testing.T) {
	m, _ := newFixture(t, lessondrill.Filter{})
	runGolden(t, m, keys("down"), func() bool { return m.cursor == 1 })
}

func TestGoldenDrillQuizWrong(t *testing.T) {
	m, _ := newFixture(t, lessondrill.Filter{})
	runGolden(t, m, keys("1"), func() bool { return m.phase == answered })
}

func TestGoldenDrillCardRevealed(t *testing.T) {
	m, _ := newFixture(t, lessondrill.Filter{Kind: lessondrill.CardItem})
	runGolden(t, m, keys("space"), func() bool { return m.phase == revealed && m.Ready() })
}

func TestGoldenDrillSummary(t *testing.T) {
	m, _ := newFixture(t, lessondrill.Filter{})
	// Deck order: numbers#1, numbers#2, colours#1, bank#1, bank#2.
	ks := keys("2", "enter", "1", "enter", "down", "enter", "enter", "space", "p", "space", "m")
	runGolden(t, m, ks, func() bool { return m.Done() })
}

func TestGoldenDrillEmpty(t *testing.T) {
	m := New(Options{Context: testContext(), Scheduler: lessondrill.Scheduler{Store: progress.Memory(), Now: time.Now}})
	runGolden(t, m, nil, func() bool { return true })
}

// TestDrillRecordsSchedule plays a drill through Update and checks what it
// scheduled: the missed quiz is due in minutes, the right one in a day.
func TestDrillRecordsSchedule(t *testing.T) {
	m, store := newFixture(t, lessondrill.Filter{})
	m.SetSize(100, 29)
	var cmds []tea.Cmd
	for _, k := range keys("2", "enter", "1", "enter", "down", "enter", "enter", "space", "g", "space", "3") {
		_, cmd := m.Update(k)
		cmds = append(cmds, cmd)
	}
	if !m.Done() {
		t.Fatal("the drill did not finish")
	}
	want := map[string]struct {
		box int
		in  time.Duration
		res string
	}{
		"numbers#1": {2, 24 * time.Hour, "right"},
		"numbers#2": {1, lessondrill.RetryAfter, "wrong"},
		"colours#1": {2, 24 * time.Hour, "right"},
		"bank#1":    {2, 24 * time.Hour, "right"},
		"bank#2":    {1, lessondrill.RetryAfter, "wrong"},
	}
	for id, w := range want {
		r, ok := store.Review(id)
		if !ok || r.Box != w.box || r.Due.Sub(t0) != w.in || r.Result != w.res {
			t.Errorf("%s: got %+v (found %v), want box %d due in %v result %s", id, r, ok, w.box, w.in, w.res)
		}
	}
	if r, p, w := lessondrill.Score(m.Outcomes()); r != 3 || p != 0 || w != 2 {
		t.Errorf("score %d/%d/%d, want 3/0/2", r, p, w)
	}
	// Leaving the summary goes back.
	if _, cmd := m.Update(press("enter")); cmd == nil || cmd() != (common.BackMsg{}) {
		t.Error("enter on the summary should go back")
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one\ntwo", "one\n\ntwo"},
		{"intro:\n- a\n- b\nafter", "intro:\n- a\n- b\n\nafter"},
		{"steps:\n1. a\n2. b", "steps:\n1. a\n2. b"},
		{"a\n\nb", "a\n\nb"},
	}
	for _, tt := range tests {
		if got := paragraphs(tt.in); got != tt.want {
			t.Errorf("paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNarrowWindowFits checks that at the smallest window the app allows
// (60x15, less the help bar) no line is wider than the window.
func TestNarrowWindowFits(t *testing.T) {
	m, _ := newFixture(t, lessondrill.Filter{Track: "basics"})
	m.title = "Drill · A long track title"
	m.SetSize(60, 14)
	for _, k := range keys("1", "enter") {
		m.Update(k)
	}
	for i, l := range strings.Split(m.View(), "\n") {
		if w := lipgloss.Width(l); w > 60 {
			t.Errorf("line %d is %d wide: %q", i, w, ansi.Strip(l))
		}
	}
}
