package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// realCatalog is the embedded content, as `coldstart` loads it.
func realCatalog(tb testing.TB) *lessons.Catalog {
	cat, _ := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	if len(cat.Lessons()) == 0 {
		tb.Skip("no embedded lessons")
	}
	return cat
}

// longestLesson is the embedded lesson with the most markdown.
func longestLesson(cat *lessons.Catalog) *lessons.Lesson {
	var best *lessons.Lesson
	for _, l := range cat.Lessons() {
		if best == nil || len(l.Body) > len(best.Body) {
			best = l
		}
	}
	return best
}

// BenchmarkRenderLesson renders the longest embedded lesson's prose with
// glamour at the reading width (what a cache miss costs).
func BenchmarkRenderLesson(b *testing.B) {
	l := longestLesson(realCatalog(b))
	var out int
	for b.Loop() {
		r := renderLesson(l, renderKey{lesson: l.ID, width: 100, style: "dark"})
		if r.err != nil {
			b.Fatal(r.err)
		}
		out = strings.Count(strings.Join(r.prose, "\n"), "\n")
	}
	b.ReportMetric(float64(strings.Count(l.Body, "\n")), "md-lines")
	b.ReportMetric(float64(out), "out-lines")
}

// BenchmarkFirstFrame measures from loading the embedded catalog to the
// first View with content: home for a first start; the reader resumed at
// the longest lesson, its first frame (title, demo banner, "Rendering
// lesson") and the frame with its prose rendered.
func BenchmarkFirstFrame(b *testing.B) {
	longest := longestLesson(realCatalog(b)).ID
	for _, bm := range []struct {
		name, resume string
		waitProse    bool
	}{
		{"home", "", false},
		{"resume", longest, false},
		{"resume-rendered", longest, true},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				firstFrame(b, bm.resume, bm.waitProse)
			}
		})
	}
}

func firstFrame(b *testing.B, resume string, waitProse bool) {
	cat, _ := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	store := progress.Memory()
	if resume != "" {
		store.SetScroll(resume, 0.3)
	}
	a := newApp(Options{Context: common.Context{Theme: theme.New(true, false), NoAnimation: true},
		Tracks: cat.Tracks(), Progress: store})
	h := newHost(a.ctx, a.resume()...)
	h.Init() // the reader renders only once sized
	_, cmd := h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if waitProse {
		runAll(h, cmd)
	}
	v := h.View().Content
	if !strings.Contains(v, "lesson") || (waitProse && h.top().(*reader).shown == nil) {
		b.Fatalf("first frame has no content:\n%s", v)
	}
}

// runAll runs cmd and feeds the app's own messages back to the host, as
// the program would; timers and terminal queries are left out.
func runAll(h *host, cmd tea.Cmd) {
	for _, msg := range collect(cmd) {
		switch msg.(type) {
		case renderDoneMsg, common.PushMsg, common.BackMsg:
			_, next := h.Update(msg)
			runAll(h, next)
		}
	}
}

// BenchmarkSwitchCachedLesson switches the reader between two lessons
// already rendered at this width (n / p, or reopening a lesson) and draws
// the frame.
func BenchmarkSwitchCachedLesson(b *testing.B) {
	cat := realCatalog(b)
	a := newApp(Options{Context: common.Context{Theme: theme.New(true, false), NoAnimation: true},
		Tracks: cat.Tracks(), Progress: progress.Memory()})
	first := cat.Lessons()[0]
	r := sizedReader(b, a, first.ID)
	drain(b, r, r.update(press("n")))
	drain(b, r, r.update(press("p"))) // both rendered and cached now
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := "n"
		if i%2 == 1 {
			k = "p"
		}
		cmd := r.update(press(k))
		if r.shown == nil {
			b.Fatal("switch was not served from the cache")
		}
		_ = r.View()
		_ = cmd // the progress save runs in the background in the app
	}
}
