package drill

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

// fixtureBank loads testdata/lessons: a basics track (lessons numbers and
// colours with three quizzes) and an interview track with two cards drawing
// on them.
func fixtureBank(tb testing.TB) *Bank {
	tb.Helper()
	cat, problems := lessons.Load(lessons.OSDir("testdata/lessons"))
	if len(problems) > 0 {
		tb.Fatalf("fixture lessons have problems: %v", problems)
	}
	return NewBank(cat.Tracks())
}

func TestNextTransitions(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name    string
		box     int // 0: never seen
		res     Result
		wantBox int
		wantIn  time.Duration
	}{
		{"new right", 0, Right, 2, day},
		{"new partly", 0, Partly, 1, time.Hour},
		{"new wrong", 0, Wrong, 1, RetryAfter},
		{"box 1 right", 1, Right, 2, day},
		{"box 2 right", 2, Right, 3, 3 * day},
		{"box 3 right", 3, Right, 4, 7 * day},
		{"box 4 right", 4, Right, 5, 21 * day},
		{"box 5 right stays", 5, Right, 5, 21 * day},
		{"box 2 partly", 2, Partly, 2, 12 * time.Hour},
		{"box 5 partly", 5, Partly, 5, 21 * day / 2},
		{"box 4 wrong", 4, Wrong, 1, RetryAfter},
		{"box 5 wrong", 5, Wrong, 1, RetryAfter},
		{"unknown result counts as wrong", 3, Result("maybe"), 1, RetryAfter},
		{"box out of range", 9, Right, 5, 21 * day},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Next(progress.Review{Box: tt.box, Due: t0.Add(-time.Hour)}, tt.res, t0)
			if r.Box != tt.wantBox {
				t.Errorf("box = %d, want %d", r.Box, tt.wantBox)
			}
			if got := r.Due.Sub(t0); got != tt.wantIn {
				t.Errorf("due in %v, want %v", got, tt.wantIn)
			}
			if !r.Last.Equal(t0) {
				t.Errorf("last = %v, want %v", r.Last, t0)
			}
		})
	}
}

func TestNextCounts(t *testing.T) {
	var r progress.Review
	for _, res := range []Result{Right, Wrong, Partly, Wrong} {
		r = Next(r, res, t0)
	}
	if r.Right != 1 || r.Partly != 1 || r.Wrong != 2 || r.Result != "wrong" {
		t.Errorf("got right %d partly %d wrong %d last %q, want 1 1 2 wrong", r.Right, r.Partly, r.Wrong, r.Result)
	}
}

func TestWrongIsDueSoonerThanRight(t *testing.T) {
	clk := &fakeClock{now: t0}
	s := Scheduler{Store: progress.Memory(), Now: clk.Now}
	right := s.Record("numbers#1", Right)
	partly := s.Record("numbers#2", Partly)
	wrong := s.Record("colours#1", Wrong)
	if !wrong.Due.Before(partly.Due) || !partly.Due.Before(right.Due) {
		t.Errorf("due times: wrong %v, partly %v, right %v; want wrong < partly < right", wrong.Due, partly.Due, right.Due)
	}

	// Eleven minutes later only the missed one is due again.
	clk.Advance(11 * time.Minute)
	deck := Deck(fixtureBank(t), s.Store.Reviews(), clk.Now(), Filter{Track: "basics"}, 1)
	if got := ids(deck); !slices.Equal(got, []string{"colours#1"}) {
		t.Errorf("deck after 11 min = %v, want the missed quiz first", got)
	}
}

func TestScheduleSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	store, _, err := progress.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{now: t0}
	s := Scheduler{Store: store, Now: clk.Now}
	want := map[string]progress.Review{
		"numbers#1": s.Record("numbers#1", Right),
		"bank#1":    s.Record("bank#1", Partly),
	}
	clk.Advance(time.Minute)
	want["colours#1"] = s.Record("colours#1", Wrong)
	if err := store.Save(); err != nil {
		t.Fatal(err)
	}

	reopened, notice, err := progress.Open(path)
	if err != nil || notice != "" {
		t.Fatalf("reopen: %v %q", err, notice)
	}
	got := reopened.Reviews()
	if len(got) != len(want) {
		t.Fatalf("reopened %d reviews, want %d", len(got), len(want))
	}
	for id, w := range want {
		g := got[id]
		if !g.Due.Equal(w.Due) || g.Box != w.Box || g.Result != w.Result || g.Right != w.Right || g.Partly != w.Partly || g.Wrong != w.Wrong {
			t.Errorf("%s after restart = %+v, want %+v", id, g, w)
		}
	}
	// The same deck comes out of the reopened store.
	bank := fixtureBank(t)
	later := t0.Add(2 * time.Hour)
	if a, b := ids(Deck(bank, store.Reviews(), later, Filter{}, 0)), ids(Deck(bank, got, later, Filter{}, 0)); !slices.Equal(a, b) {
		t.Errorf("deck before restart %v, after %v", a, b)
	}
}

func TestDeckOrder(t *testing.T) {
	bank := fixtureBank(t)
	now := t0
	reviews := map[string]progress.Review{
		"numbers#1": {Box: 2, Due: now.Add(-time.Hour)},      // due, 1 h overdue
		"colours#1": {Box: 3, Due: now.Add(-48 * time.Hour)}, // due, most overdue
		"bank#2":    {Box: 2, Due: now.Add(5 * time.Hour)},   // later
		"numbers#2": {Box: 4, Due: now.Add(time.Hour)},       // later, sooner
	}
	tests := []struct {
		name   string
		filter Filter
		count  int
		want   []string
	}{
		{"all", Filter{}, 0, []string{"colours#1", "numbers#1", "bank#1", "numbers#2", "bank#2"}},
		{"count cuts the tail", Filter{}, 3, []string{"colours#1", "numbers#1", "bank#1"}},
		{"cards only", Filter{Kind: CardItem}, 0, []string{"bank#1", "bank#2"}},
		{"quizzes only", Filter{Kind: QuizItem}, 0, []string{"colours#1", "numbers#1", "numbers#2"}},
		{"track includes cards drawing on it", Filter{Track: "basics"}, 0, []string{"colours#1", "numbers#1", "bank#1", "numbers#2", "bank#2"}},
		{"interview track", Filter{Track: "interview"}, 0, []string{"bank#1", "bank#2"}},
		{"unknown track", Filter{Track: "nope"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(Deck(bank, reviews, now, tt.filter, tt.count)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDeckDueAtExactlyNow(t *testing.T) {
	reviews := map[string]progress.Review{"numbers#2": {Box: 1, Due: t0}}
	got := ids(Deck(fixtureBank(t), reviews, t0, Filter{}, 1))
	if !slices.Equal(got, []string{"numbers#2"}) {
		t.Errorf("got %v, want the item due now first", got)
	}
}

func TestItemLessonAndTopic(t *testing.T) {
	bank := fixtureBank(t)
	byID := map[string]Item{}
	for _, it := range Deck(bank, nil, t0, Filter{}, 0) {
		byID[it.ID] = it
	}
	if it := byID["bank#2"]; it.Lesson.ID != "colours" || it.Topic != "light" || it.Card == nil {
		t.Errorf("card bank#2: lesson %q topic %q, want colours / light", it.Lesson.ID, it.Topic)
	}
	if it := byID["numbers#2"]; it.Lesson.ID != "numbers" || it.Topic != "Numbers" || it.Quiz == nil {
		t.Errorf("quiz numbers#2: lesson %q topic %q, want numbers / Numbers", it.Lesson.ID, it.Topic)
	}
}

func TestWeakest(t *testing.T) {
	bank := fixtureBank(t)
	items := map[string]Item{}
	for _, it := range Deck(bank, nil, t0, Filter{}, 0) {
		items[it.ID] = it
	}
	outcomes := []Outcome{
		{items["numbers#1"], Right},
		{items["numbers#2"], Wrong}, // Numbers: 1 of 2 wrong → 0.5
		{items["colours#1"], Wrong}, // Colours: 1 of 1 → 1
		{items["bank#1"], Partly},   // counting: 0.5 of 1 → 0.5, fewer answers than Numbers
		{items["bank#2"], Right},    // light: never missed, not listed
	}
	got := Weakest(outcomes, 0)
	var topics []string
	for _, w := range got {
		topics = append(topics, w.Topic+"→"+w.Lesson.ID)
	}
	want := []string{"Colours→colours", "Numbers→numbers", "counting→numbers"}
	if !slices.Equal(topics, want) {
		t.Errorf("weakest = %v, want %v", topics, want)
	}
	if n := len(Weakest(outcomes, 2)); n != 2 {
		t.Errorf("Weakest(…, 2) returned %d", n)
	}
	if r, p, w := Score(outcomes); r != 2 || p != 1 || w != 2 {
		t.Errorf("score = %d %d %d, want 2 1 2", r, p, w)
	}
}

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}
