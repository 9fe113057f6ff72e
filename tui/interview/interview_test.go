package interview

import (
	"strings"
	"sync"
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
	"github.com/coldstart-dev/coldstart/tui/theme"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeClock is moved by the test and read by the program's goroutine.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newFixture is a 20-minute interview over the two fixture cards (the drill
// package's testdata), no animation, on a fake clock.
func newFixture(tb testing.TB) (*Model, *progress.Store, *fakeClock) {
	tb.Helper()
	cat, problems := lessons.Load(lessons.OSDir("../drill/testdata/lessons"))
	if len(problems) > 0 {
		tb.Fatalf("fixture lessons have problems: %v", problems)
	}
	items := lessondrill.Deck(lessondrill.NewBank(cat.Tracks()), nil, t0, lessondrill.Filter{Kind: lessondrill.CardItem}, 0)
	clk := &fakeClock{now: t0}
	store := progress.Memory()
	m := New(Options{
		Context:   common.Context{Theme: theme.New(true, true), NoAnimation: true},
		Items:     items,
		Scheduler: lessondrill.Scheduler{Store: store, Now: clk.Now},
		Duration:  20 * time.Minute,
		Now:       clk.Now,
	})
	return m, store, clk
}

func runGolden(t *testing.T, screen common.Screen, msgs []tea.Msg, ready func() bool) {
	t.Helper()
	screentest.Golden(t, screen, msgs, ready)
}

func press(s string) tea.Msg { return screentest.Press(s) }

func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		if r == ' ' {
			out = append(out, press("space"))
			continue
		}
		out = append(out, press(string(r)))
	}
	return out
}

func TestGoldenInterviewTyping(t *testing.T) {
	m, _, _ := newFixture(t)
	msgs := typed("one, two, three? quit")
	runGolden(t, m, msgs, func() bool { return strings.HasSuffix(m.answer.Value(), "quit") })
}

func TestGoldenInterviewRevealed(t *testing.T) {
	m, _, _ := newFixture(t)
	msgs := append(typed("count up"), press("tab"))
	runGolden(t, m, msgs, func() bool { return m.phase == revealed && m.Ready() })
}

func TestGoldenInterviewTimeUp(t *testing.T) {
	m, _, clk := newFixture(t)
	msgs := []tea.Msg{press("tab"), press("g"), press("esc")}
	// The clock passes the deadline while the second question is open.
	ready := func() bool { return m.i == 1 && !m.answer.Focused() }
	runGoldenAfter(t, m, msgs, ready, func() { clk.Advance(21 * time.Minute) })
}

// runGoldenAfter is runGolden that, once ready holds, runs then and sends a
// timeUpMsg (what the program's timer sends), waiting for the summary.
func runGoldenAfter(t *testing.T, m *Model, msgs []tea.Msg, ready func() bool, then func()) {
	t.Helper()
	step := 0
	runGolden(t, m, append(msgs, sync1{}), func() bool {
		if step == 0 && ready() {
			step = 1
			then()
		}
		return m.Done()
	})
}

// sync1 is a no-op message: it makes the program run one more Update after
// the keys, in which the clock is already past the deadline.
type sync1 struct{}

func TestInterviewFeedsSchedule(t *testing.T) {
	m, store, clk := newFixture(t)
	m.Init()
	m.SetSize(100, 29)
	send := func(msgs ...tea.Msg) {
		for _, msg := range msgs {
			m.Update(msg)
		}
	}
	send(typed("q?")...)
	if got := m.answer.Value(); got != "q?" {
		t.Errorf("typing q and ? gives %q: they must be text while typing", got)
	}
	if !m.CapturingInput() {
		t.Error("the answer box should capture input")
	}
	send(press("esc"))
	if m.CapturingInput() || m.Done() {
		t.Error("esc while typing should stop typing, not end the interview")
	}
	send(press("space"), press("p"))
	clk.Advance(time.Minute)
	send(press("tab"), press("3"))
	if !m.Done() || m.ended != exhausted {
		t.Fatalf("after two cards the interview should be over (done %v, ended %v)", m.Done(), m.ended)
	}
	r1, _ := store.Review("bank#1")
	r2, _ := store.Review("bank#2")
	if r1.Result != "partly" || r1.Due.Sub(t0) != time.Hour {
		t.Errorf("bank#1 = %+v, want partly, due in 1 h", r1)
	}
	if r2.Result != "wrong" || r2.Due.Sub(t0.Add(time.Minute)) != lessondrill.RetryAfter {
		t.Errorf("bank#2 = %+v, want wrong, due 10 min after its answer", r2)
	}
}

func TestInterviewTimeUpEndsOnAnyMessage(t *testing.T) {
	m, store, clk := newFixture(t)
	m.Init()
	m.SetSize(100, 29)
	clk.Advance(20 * time.Minute)
	m.Update(timeUpMsg{})
	if !m.Done() || m.ended != timeUp {
		t.Fatalf("at the deadline the interview should end with time up (done %v)", m.Done())
	}
	if len(store.Reviews()) != 0 {
		t.Error("an unanswered question must not be scheduled")
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 500 * time.Millisecond: "0:01", 20 * time.Minute: "20:00", 61 * time.Second: "1:01", -time.Second: "0:00",
	} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestAnimatedCountdownTicks(t *testing.T) {
	m, _, clk := newFixture(t)
	m.ctx.NoAnimation = false
	if cmd := m.Init(); cmd == nil {
		t.Fatal("an animated countdown needs a tick")
	}
	m.SetSize(100, 29)
	clk.Advance(30*time.Second + 200*time.Millisecond)
	if _, cmd := m.Update(tickMsg{}); cmd == nil {
		t.Error("each tick should schedule the next")
	}
	if got := ansi.Strip(m.countdown(true)); !strings.HasPrefix(got, "⏱ 19:30 left") {
		t.Errorf("countdown = %q, want 19:30 left", got)
	}
	clk.Advance(20 * time.Minute)
	if _, cmd := m.Update(tickMsg{}); cmd != nil || !m.Done() {
		t.Error("past the deadline the interview ends and the ticks stop")
	}
}

func TestNarrowWindowFits(t *testing.T) {
	for _, anim := range []bool{false, true} {
		m, _, _ := newFixture(t)
		m.ctx.NoAnimation = !anim
		m.Init()
		m.SetSize(60, 14)
		m.Update(press("x"))
		for i, l := range strings.Split(m.View(), "\n") {
			if w := lipgloss.Width(l); w > 60 {
				t.Errorf("animation %v: line %d is %d wide: %q", anim, i, w, ansi.Strip(l))
			}
		}
	}
}
