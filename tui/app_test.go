package tui

import (
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/screentest"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The fixture lessons in testdata/lessons keep these tests independent of
// the real content: two tracks, a lesson with two quizzes and a registered
// demo, one whose demo is "coming soon", one in another track.

func fixtureTracks(tb testing.TB) []*lessons.Track {
	tb.Helper()
	cat, problems := lessons.Load(lessons.OSDir("testdata/lessons"))
	if len(problems) > 0 {
		tb.Fatalf("fixture lessons have problems: %v", problems)
	}
	return cat.Tracks()
}

// fixtureApp builds the app on the fixtures with a fixed theme (dark, no
// colour), no animation, and a demo registry holding only cold-start.
func fixtureApp(tb testing.TB, store *progress.Store) *app {
	tb.Helper()
	if store == nil {
		store = progress.Memory()
	}
	a := newApp(Options{
		Context:  common.Context{Theme: theme.New(true, true), NoAnimation: true},
		Tracks:   fixtureTracks(tb),
		Progress: store,
	})
	a.demo = func(name string) (demos.Entry, bool) {
		if name != "cold-start" {
			return demos.Entry{}, false
		}
		return demos.Entry{Name: name, Summary: "cold vs warm starts, measured",
			Open: func(common.Context) common.Screen { return newFake("cold-start demo") }}, true
	}
	return a
}

// openStore opens the progress file at path, which must read cleanly.
func openStore(t *testing.T, path string) *progress.Store {
	t.Helper()
	store, notice, err := progress.Open(path)
	if err != nil || notice != "" {
		t.Fatalf("open %s: %v %q", path, err, notice)
	}
	return store
}

// stage is keys to send once the previous stage is done, and the state
// that ends this one.
type stage struct {
	keys  []tea.Msg
	ready func(*host) bool
}

// runGolden plays the stages and compares the final screen, without escape
// codes, to the golden file.
func runGolden(t *testing.T, a *app, screens []common.Screen, stages ...stage) *host {
	t.Helper()
	final := play(t, a, screens, stages...)
	golden.RequireEqual(t, []byte(ansi.Strip(final.render())))
	return final
}

// play runs the host with screens at 100x30 in a real (test) program
// through the stages and returns it once the last one holds.
func play(t *testing.T, a *app, screens []common.Screen, stages ...stage) *host {
	t.Helper()
	w := &watched{host: newHost(a.ctx, screens...)}
	tm := teatest.NewTestModel(t, w, teatest.WithInitialTermSize(100, 30))
	for _, st := range stages {
		done := make(chan struct{})
		tm.Send(watchMsg{ready: st.ready, done: done})
		for _, k := range st.keys {
			tm.Send(k)
		}
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("the screen never got ready")
		}
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(*watched).host
}

// watched wraps the host to tell the test, from the program's own
// goroutine, when the model reached the state to compare: the terminal
// output is a stream of diffs, not something to search reliably.
type watched struct {
	*host
	watch *watchMsg
}

// watchMsg sets what the wrapper waits for; done is closed once it holds.
type watchMsg struct {
	ready func(*host) bool
	done  chan struct{}
}

func (w *watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	if m, ok := msg.(watchMsg); ok {
		w.watch = &m
	} else {
		_, cmd = w.host.Update(msg)
	}
	if w.watch != nil && w.host.width > 0 && w.watch.ready(w.host) {
		close(w.watch.done)
		w.watch = nil
	}
	return w, cmd
}

// rendered is ready when the top screen is a reader showing its lesson.
func rendered(h *host) bool {
	r, ok := h.top().(*reader)
	return ok && r.shown != nil && !r.rendering
}

func always(*host) bool { return true }

func press(s string) tea.Msg { return screentest.Press(s) }

func TestGoldenHome(t *testing.T) {
	store := progress.Memory()
	store.MarkRead("second")
	store.SetScroll("first", 0.5)
	a := fixtureApp(t, store)
	runGolden(t, a, []common.Screen{newHome(a)}, stage{ready: always})
}

func TestGoldenLessonList(t *testing.T) {
	store := progress.Memory()
	store.MarkRead("second")
	store.RecordAnswer(progress.Question{ID: "first#1"}, 1, true)
	a := fixtureApp(t, store)
	runGolden(t, a, []common.Screen{newLessonList(a, a.tracks[0])}, stage{ready: always})
}

func TestGoldenLessonListFilter(t *testing.T) {
	a := fixtureApp(t, nil)
	keys := []tea.Msg{press("/"), press("s"), press("e"), press("c")}
	h := runGolden(t, a, []common.Screen{newLessonList(a, a.tracks[0])}, stage{keys: keys, ready: func(h *host) bool {
		l := h.top().(*lessonList).list
		return l.FilterValue() == "sec" && len(l.VisibleItems()) == 1
	}})
	if !h.top().(*lessonList).CapturingInput() {
		t.Error("the list should capture input while the filter is typed")
	}
}

func TestGoldenReader(t *testing.T) {
	a := fixtureApp(t, nil)
	runGolden(t, a, []common.Screen{newReader(a, a.byID["first"], 0)}, stage{ready: rendered})
}

func TestGoldenReaderQuizAnswered(t *testing.T) {
	store := progress.Memory()
	store.RecordAnswer(progress.Question{ID: "first#1"}, 0, false)
	a := fixtureApp(t, store)
	keys := []tea.Msg{press("tab")} // from the top: the first quiz
	runGolden(t, a, []common.Screen{newReader(a, a.byID["first"], 0)}, stage{ready: rendered},
		stage{keys: keys, ready: func(h *host) bool { return h.top().(*reader).nav.focus == 0 }})
}

func TestGoldenReaderDemoComingSoon(t *testing.T) {
	a := fixtureApp(t, nil)
	runGolden(t, a, []common.Screen{newReader(a, a.byID["second"], 0)}, stage{ready: rendered})
}

// sizedReader is a reader sized 100x29 with its lesson rendered (the render
// command run synchronously, as the program would).
func sizedReader(t testing.TB, a *app, id string) *reader {
	t.Helper()
	r := newReader(a, a.byID[id], 0)
	r.Init()
	r.SetSize(100, 29)
	drain(t, r, r.update(common.SizeMsg{Width: 100, Height: 29}))
	if r.shown == nil {
		t.Fatal("lesson not rendered")
	}
	return r
}

// update is Update for tests: it keeps the *reader type.
func (r *reader) update(msg tea.Msg) tea.Cmd {
	_, cmd := r.Update(msg)
	return cmd
}

// drain runs cmd and feeds what it returns back to r, except ticks (tests
// deliver those themselves).
func drain(t testing.TB, r *reader, cmd tea.Cmd) {
	t.Helper()
	screentest.Drain(t, r.update, cmd, func(msg tea.Msg) bool { _, tick := msg.(renderTickMsg); return tick })
}

func TestQuizAnswerSavedToProgress(t *testing.T) {
	store := progress.Memory()
	a := fixtureApp(t, store)
	r := sizedReader(t, a, "first")

	drain(t, r, r.update(press("tab")))
	if r.nav.focus != 0 {
		t.Fatalf("tab focused quiz %d, want 0", r.nav.focus)
	}
	drain(t, r, r.update(press("2"))) // "Two": correct
	if ans, ok := store.Answer(progress.Question{ID: "first#1"}); !ok || ans.Choice != 1 || !ans.Correct {
		t.Fatalf("first#1 answer %+v %v, want choice 1, correct", ans, ok)
	}

	// The second quiz with enter on the first choice.
	drain(t, r, r.update(press("tab")))
	if r.nav.focus != 1 {
		t.Fatalf("tab moved to quiz %d, want 1", r.nav.focus)
	}
	drain(t, r, r.update(press("enter"))) // "Green": wrong
	if ans, ok := store.Answer(progress.Question{ID: "first#2"}); !ok || ans.Choice != 0 || ans.Correct {
		t.Fatalf("first#2 answer %+v %v, want choice 0, wrong", ans, ok)
	}
	view := ansi.Strip(r.View())
	for _, want := range []string{"✗ 1. Green (your answer)", "✓ 2. Blue (correct answer)", "Not quite", "quiz 1/2 right"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if c, n := a.quizScore(a.byID["first"]); c != 1 || n != 2 {
		t.Errorf("score %d/%d answered, want 1 of 2", c, n)
	}
}

func TestQuizArrowsMoveChoice(t *testing.T) {
	store := progress.Memory()
	a := fixtureApp(t, store)
	r := sizedReader(t, a, "first")
	drain(t, r, r.update(press("tab")))
	drain(t, r, r.update(press("down")))
	drain(t, r, r.update(press("enter")))
	if ans, ok := store.Answer(progress.Question{ID: "first#1"}); !ok || ans.Choice != 1 {
		t.Fatalf("answer %+v %v, want choice 1 after ↓ enter", ans, ok)
	}
}

func TestAnsweredQuizShownOnReopen(t *testing.T) {
	store := progress.Memory()
	store.RecordAnswer(progress.Question{ID: "first#1"}, 2, false)
	a := fixtureApp(t, store)
	r := sizedReader(t, a, "first")
	if !r.nav.quizzes[0].answered || r.nav.quizzes[0].choice != 2 {
		t.Fatalf("quiz state on reopen %+v", r.nav.quizzes[0])
	}
	drain(t, r, r.update(press("G")))
	if view := ansi.Strip(r.View()); !strings.Contains(view, "✗ 3. Three (your answer)") {
		t.Fatalf("reopened lesson does not show the saved answer:\n%s", view)
	}
}

func TestReadAtEndAndNextPrev(t *testing.T) {
	store := progress.Memory()
	a := fixtureApp(t, store)
	r := sizedReader(t, a, "first")
	if a.status(a.byID["first"]) != InProgress {
		t.Fatalf("opened lesson status %v, want in progress", a.status(a.byID["first"]))
	}
	drain(t, r, r.update(press("G")))
	if store.Status("first") != progress.Read {
		t.Fatalf("status after reaching the end %q, want read", store.Status("first"))
	}
	drain(t, r, r.update(press("n")))
	if r.lesson.ID != "second" || store.Last() != "second" {
		t.Fatalf("n opened %q (last %q), want second", r.lesson.ID, store.Last())
	}
	drain(t, r, r.update(press("n"))) // crosses into the next track
	if r.lesson.ID != "third" {
		t.Fatalf("n opened %q, want third", r.lesson.ID)
	}
	drain(t, r, r.update(press("p")))
	if r.lesson.ID != "second" {
		t.Fatalf("p opened %q, want second", r.lesson.ID)
	}
}

// Resizing re-renders once the size settles: ticks of older resizes are
// dropped, and a render finished for a size already left is not shown.
func TestResizeDebounce(t *testing.T) {
	a := fixtureApp(t, nil)
	r := sizedReader(t, a, "first")

	r.SetSize(80, 29)
	tick1 := r.update(common.SizeMsg{Width: 80, Height: 29})
	r.SetSize(70, 29)
	tick2 := r.update(common.SizeMsg{Width: 70, Height: 29})
	if tick1 == nil || tick2 == nil {
		t.Fatal("a resize should schedule a debounced render")
	}
	if cmd := r.update(tick1()); cmd != nil {
		t.Fatal("a stale debounce tick started a render")
	}
	if r.shown.key.width != 100 {
		t.Fatalf("shown width %d changed before the debounce elapsed", r.shown.key.width)
	}
	render := r.update(tick2())
	if render == nil || !r.rendering {
		t.Fatal("the latest tick should start a render")
	}
	stale := renderDoneMsg{renderLesson(r.lesson, renderKey{lesson: "first", width: 80, style: "dark"})}
	r.update(stale)
	if r.shown.key.width == 80 {
		t.Fatal("a render for an old width was shown")
	}
	drain(t, r, render)
	if r.shown.key.width != 70 || r.rendering {
		t.Fatalf("shown width %d rendering %v, want 70 and done", r.shown.key.width, r.rendering)
	}
	// Back to 100: cached, so no tick is needed after the debounce, and
	// the render is instant.
	r.SetSize(100, 29)
	tick := r.update(common.SizeMsg{Width: 100, Height: 29})
	if cmd := r.update(tick()); cmd != nil || r.shown.key.width != 100 {
		t.Fatalf("cached width not shown at once (width %d)", r.shown.key.width)
	}
}

// Leaving saves the lesson and position; the next start resumes there with
// the answered quiz shown.
func TestResumeFromDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	a := fixtureApp(t, openStore(t, path))
	r := sizedReader(t, a, "first")
	drain(t, r, r.update(press("tab")))
	drain(t, r, r.update(press("1")))
	for range 5 {
		drain(t, r, r.update(press("j")))
	}
	offset := r.vp.YOffset()
	r.Close() // what the host does on quit, ctrl+c or esc

	a2 := fixtureApp(t, openStore(t, path))
	screens := a2.resume()
	if len(screens) != 3 {
		t.Fatalf("resume opened %d screens, want home, list, reader", len(screens))
	}
	r2 := screens[2].(*reader)
	r2.Init()
	r2.SetSize(100, 29)
	drain(t, r2, r2.update(common.SizeMsg{Width: 100, Height: 29}))
	if r2.lesson.ID != "first" || r2.vp.YOffset() != offset {
		t.Fatalf("resumed %q at line %d, want first at %d", r2.lesson.ID, r2.vp.YOffset(), offset)
	}
	if !r2.nav.quizzes[0].answered || r2.nav.quizzes[0].choice != 0 {
		t.Fatalf("resumed quiz state %+v, want answered with choice 0", r2.nav.quizzes[0])
	}
}

func TestDemoLaunchAndBack(t *testing.T) {
	a := fixtureApp(t, nil)
	r := sizedReader(t, a, "first")
	h := newHost(a.ctx, r)
	h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	_, cmd := h.Update(press("D"))
	var push common.PushMsg
	for _, m := range collect(cmd) {
		if p, ok := m.(common.PushMsg); ok {
			push = p
		}
	}
	if push.Screen == nil {
		t.Fatal("D did not open the demo")
	}
	h.Update(push)
	if !strings.Contains(plain(h), "cold-start demo") {
		t.Fatalf("demo not shown:\n%s", plain(h))
	}
	demo := push.Screen.(*fakeScreen)
	_, cmd = h.Update(press("esc")) // the app's esc, for a demo that does not use it
	collect(cmd)
	if demo.closed.Load() != 1 || h.top() != common.Screen(r) {
		t.Fatalf("esc from the demo: closed %d, back in reader %v", demo.closed.Load(), h.top() == common.Screen(r))
	}
}

// collect runs cmd (and batches) and returns the messages.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestNoticeShownUntilFirstKey(t *testing.T) {
	a := fixtureApp(t, nil)
	a.notice = "Your progress file was unreadable; it was kept at /x/progress.json.corrupt and a new one started."
	r := sizedReader(t, a, "first")
	r.SetSize(100, 29)
	if !strings.Contains(ansi.Strip(r.View()), "kept at /x/progress.json.corrupt") {
		t.Fatal("notice not shown")
	}
	h0 := r.vp.Height()
	drain(t, r, r.update(press("j")))
	if strings.Contains(ansi.Strip(r.View()), "corrupt") || r.vp.Height() <= h0 {
		t.Fatal("notice should go away after a key and give its lines back")
	}
}

// At the smallest size the selected home entry stays on screen.
func TestHomeKeepsSelectionInView(t *testing.T) {
	a := fixtureApp(t, nil)
	h := newHome(a)
	h.SetSize(60, 14)
	for range 5 {
		h.Update(press("down"))
	}
	view := ansi.Strip(h.View())
	if !strings.Contains(view, "› More") {
		t.Fatalf("selected entry not in view:\n%s", view)
	}
	if n := strings.Count(view, "\n") + 1; n > 14 {
		t.Fatalf("home drew %d lines in 14", n)
	}
}

// A light terminal background rebuilds the shared theme and the reader
// renders its prose again in glamour's light style.
func TestLightBackgroundRerenders(t *testing.T) {
	a := fixtureApp(t, nil)
	a.ctx.Theme = theme.New(true, false) // colour, so the style can change
	r := sizedReader(t, a, "first")
	h := newHost(a.ctx, r)
	h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	_, cmd := h.Update(tea.BackgroundColorMsg{Color: color.White})
	if a.ctx.Theme.Dark {
		t.Fatal("theme still dark after a white background")
	}
	for _, msg := range collect(cmd) {
		if done, ok := msg.(renderDoneMsg); ok {
			h.Update(done)
		}
	}
	if r.shown.key.style != "light" {
		t.Fatalf("reader shows style %q, want light", r.shown.key.style)
	}
}

// With no lessons at all home says so, and keys do nothing harmful.
func TestHomeWithoutLessons(t *testing.T) {
	a := newApp(Options{Context: common.Context{Theme: theme.New(true, true), NoAnimation: true}})
	h := newHome(a)
	h.SetSize(80, 20)
	for _, k := range []string{"down", "up", "down", "enter"} {
		h.Update(press(k))
	}
	if !strings.Contains(ansi.Strip(h.View()), "No lessons found.") {
		t.Fatalf("empty home:\n%s", ansi.Strip(h.View()))
	}
}

// A short lesson fits on screen: opening it counts as reading it, also when
// its rendering comes from the cache.
func TestShortLessonReadOnOpen(t *testing.T) {
	store := progress.Memory()
	a := fixtureApp(t, store)
	sizedReader(t, a, "third")
	if store.Status("third") != progress.Read {
		t.Fatalf("status %q, want read", store.Status("third"))
	}
	store2 := progress.Memory()
	a.progress = store2 // same cache, fresh progress
	sizedReader(t, a, "third")
	if store2.Status("third") != progress.Read {
		t.Fatalf("cached: status %q, want read", store2.Status("third"))
	}
}
