package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
)

// resizeDebounce is how long the reader waits after the last resize before
// rendering the lesson again, so dragging a window edge renders once.
const resizeDebounce = 80 * time.Millisecond

// The reader shows one lesson: glamour-rendered prose in a viewport with the
// quizzes drawn in between as interactive boxes.
//
// A lesson counts as read (Done) once its end has been on screen: scrolling
// to the bottom, or opening a lesson short enough to fit. Opening a lesson
// marks it in progress.
type reader struct {
	app    *app
	lesson *lessons.Lesson
	nav    quizNav // the quizzes, in reading order, and which has the focus

	vp            viewport.Model
	width, height int
	bar           progress.Model
	spin          spinner.Model

	shown      *renderedLesson // prose on screen; may be for an old width while re-rendering
	zones      []quizZone      // where compose put each quiz box and choice
	gen        int             // resize generation: a debounce tick of an older one is dropped
	rendering  bool            // a render for the wanted key is under way
	scrollTo   float64         // position (0 to 1) to show once rendered, -1 for none
	status     string
	statusErr  bool
	markedDone bool
}

// Messages of the reader's background work.
type (
	renderTickMsg struct{ gen int }                // debounce elapsed
	renderDoneMsg struct{ lesson *renderedLesson } // a render finished
)

func newReader(a *app, l *lessons.Lesson, scroll float64) *reader {
	r := &reader{app: a, vp: viewport.New(), spin: a.newSpinner()}
	r.vp.MouseWheelEnabled = true
	r.vp.KeyMap = viewport.KeyMap{} // the reader handles keys itself (readKeys)
	r.bar = progress.New(progress.WithoutPercentage(), progress.WithWidth(20),
		progress.WithColors(a.ctx.Theme.Accent), progress.WithFillCharacters('━', '─'))
	r.load(l, scroll)
	return r
}

// load switches the reader to lesson l, with its quizzes as answered before;
// opened then records it and renders it.
func (r *reader) load(l *lessons.Lesson, scroll float64) {
	r.lesson, r.scrollTo, r.markedDone = l, scroll, false
	r.shown, r.zones = nil, nil
	n := 0
	for _, s := range segments(l) {
		if s.Quiz != nil {
			n++
		}
	}
	var quizzes []*quizState
	for _, s := range segments(l) {
		if s.Quiz == nil {
			continue
		}
		st := &quizState{q: s.Quiz, n: len(quizzes) + 1, total: n}
		if a, ok := r.app.progress.Answer(s.Quiz.Question()); ok && a.Choice >= 0 && a.Choice < len(s.Quiz.Choices) {
			st.answered, st.choice = true, a.Choice
		}
		quizzes = append(quizzes, st)
	}
	r.nav = newQuizNav(quizzes)
	r.vp.SetContentLines(nil)
	r.vp.SetYOffset(0)
}

// opened records the lesson as the one to resume (which also marks it in
// progress) and starts rendering it.
func (r *reader) opened() tea.Cmd {
	r.app.progress.SetScroll(r.lesson.ID, max(r.scrollTo, 0))
	return tea.Batch(r.app.save, r.render())
}

func (r *reader) Init() tea.Cmd { return r.opened() }

// key is the rendering the reader wants at its current size and theme.
func (r *reader) key() renderKey {
	return renderKey{lesson: r.lesson.ID, width: r.textWidth(), style: r.app.ctx.Theme.MarkdownStyle()}
}

// textWidth is the reading column: the window capped for readability.
func (r *reader) textWidth() int { return min(r.width, maxReadingWidth) }

// render shows the wanted rendering at once when cached, or starts it.
func (r *reader) render() tea.Cmd {
	if r.width == 0 {
		return nil // not sized yet: SizeMsg starts it
	}
	k := r.key()
	if c, ok := r.app.cache.get(k); ok {
		r.show(c)
		return r.afterMove()
	}
	if r.rendering {
		return nil
	}
	r.rendering = true
	l := r.lesson
	cmd := func() tea.Msg { return renderDoneMsg{renderLesson(l, k)} }
	if r.app.ctx.NoAnimation {
		return cmd
	}
	return tea.Batch(cmd, r.spin.Tick)
}

// show composes a rendering with the quiz boxes into the viewport, keeping
// the reading position (as a fraction) across widths.
func (r *reader) show(rl *renderedLesson) {
	frac := r.position()
	if r.shown == nil && r.scrollTo >= 0 {
		frac = r.scrollTo
	}
	r.scrollTo = -1
	r.shown = rl
	r.compose()
	r.setPosition(frac)
}

// compose lays out prose and quiz boxes as the viewport's lines, and
// records where each quiz and choice landed for the mouse.
func (r *reader) compose() {
	if r.shown == nil {
		return
	}
	if r.shown.err != nil {
		r.vp.SetContent(r.app.ctx.Theme.Error.Render("Could not render this lesson: " + r.shown.err.Error()))
		return
	}
	w := r.shown.key.width
	var lines []string
	r.zones = r.zones[:0]
	qi := 0
	for i, s := range segments(r.lesson) {
		var block []string
		if s.Quiz != nil {
			box := renderQuiz(r.app.ctx.Theme, r.nav.quizzes[qi], r.nav.focus == qi, w-4)
			for j := range box.lines {
				box.lines[j] = "  " + box.lines[j] // glamour's margin
			}
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			top := len(lines)
			z := quizZone{box: span{top, top + len(box.lines) - 1}}
			for _, c := range box.choices {
				z.choices = append(z.choices, c.shift(top))
			}
			r.zones = append(r.zones, z)
			qi++
			block = box.lines
		} else if i < len(r.shown.prose) && r.shown.prose[i] != "" {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			block = strings.Split(r.shown.prose[i], "\n")
		}
		lines = append(lines, block...)
	}
	lines = append(lines, "", r.app.ctx.Theme.Subtle.Render("  — end of lesson —"))
	lines = append(lines, r.exerciseLinks()...)
	r.vp.SetContentLines(lines)
}

func (r *reader) SetSize(w, h int) {
	r.width, r.height = w, h
	r.vp.SetWidth(r.textWidth())
	r.vp.SetHeight(max(h-r.chromeHeight(), 1))
	r.bar.SetWidth(min(30, max(w/4, 10)))
}

func (r *reader) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.SizeMsg:
		if r.shown == nil {
			return r, r.render()
		}
		if r.shown.key == r.key() {
			return r, nil
		}
		// Re-render once the size settles; older ticks are dropped.
		r.gen++
		gen := r.gen
		return r, tea.Tick(resizeDebounce, func(time.Time) tea.Msg { return renderTickMsg{gen} })

	case renderTickMsg:
		if msg.gen != r.gen {
			return r, nil
		}
		return r, r.render()

	case renderDoneMsg:
		r.app.cache.put(msg.lesson)
		if msg.lesson.key != r.key() {
			// Rendered for a lesson or size we have left; maybe start the right one.
			r.rendering = false
			return r, r.render()
		}
		r.rendering = false
		r.show(msg.lesson)
		return r, r.afterMove()

	case common.ThemeChangedMsg:
		r.bar = progress.New(progress.WithoutPercentage(), progress.WithWidth(r.bar.Width()),
			progress.WithColors(r.app.ctx.Theme.Accent), progress.WithFillCharacters('━', '─'))
		r.spin.Style = r.app.ctx.Theme.Subtle
		return r, r.render()

	case spinner.TickMsg:
		if !r.rendering {
			return r, nil
		}
		var cmd tea.Cmd
		r.spin, cmd = r.spin.Update(msg)
		return r, cmd

	case resumedMsg: // back from an exercise: its mark in the footer may have changed
		r.compose()
		return r, nil

	case saveFailedMsg:
		r.status, r.statusErr = "Progress not saved: "+msg.err.Error(), true
		return r, nil

	case tea.MouseClickMsg:
		return r, r.click(msg.Mouse())

	case tea.MouseWheelMsg:
		r.vp, _ = r.vp.Update(msg)
		return r, r.afterMove()

	case tea.KeyPressMsg:
		if !r.statusErr {
			r.status = "" // a note lasts until the next key
		}
		if r.app.notice != "" { // shown until the first key
			r.app.notice = ""
			r.SetSize(r.width, r.height)
		}
		return r, r.keyPress(msg)
	}
	return r, nil
}

func (r *reader) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	k := readKeys
	switch {
	case key.Matches(msg, k.Back):
		return common.Back
	case key.Matches(msg, k.Next):
		return r.goTo(r.app.neighbour(r.lesson, 1))
	case key.Matches(msg, k.Prev):
		return r.goTo(r.app.neighbour(r.lesson, -1))
	case key.Matches(msg, k.Demo):
		return r.launchDemo()
	case key.Matches(msg, k.Exercise):
		return r.openExercise()
	case key.Matches(msg, k.NextQuiz):
		r.moveFocus(1)
		return nil
	case key.Matches(msg, k.PrevQuiz):
		r.moveFocus(-1)
		return nil
	case key.Matches(msg, k.Pick):
		if r.nav.focused() == nil {
			r.focusVisibleQuiz()
		}
		return r.saveAnswer(r.nav.answer(int(msg.Code - '1')))
	case r.nav.answerable() && key.Matches(msg, k.ChoiceUp):
		r.nav.moveCursor(-1)
		r.compose()
		return nil
	case r.nav.answerable() && key.Matches(msg, k.ChoiceDown):
		r.nav.moveCursor(1)
		r.compose()
		return nil
	case r.nav.answerable() && key.Matches(msg, k.Choose):
		return r.saveAnswer(r.nav.choose())
	case k.Move(&r.vp, msg): // scrolls when it matches
		return r.afterMove()
	}
	return nil
}

// afterMove runs after the view scrolled: a focused quiz scrolled out of
// sight loses focus, and reaching the end marks the lesson read.
func (r *reader) afterMove() tea.Cmd {
	if r.nav.focus >= 0 && !r.boxVisible(r.nav.focus) {
		r.nav.blur()
		r.compose()
	}
	if r.shown == nil || r.markedDone || !r.vp.AtBottom() {
		return nil
	}
	r.markedDone = true
	r.app.progress.MarkRead(r.lesson.ID)
	return r.app.save
}

// boxVisible reports whether any line of quiz i is in the viewport.
func (r *reader) boxVisible(i int) bool {
	if i >= len(r.zones) {
		return false
	}
	top, bottom := r.vp.YOffset(), r.vp.YOffset()+r.vp.Height()
	box := r.zones[i].box
	return box.first < bottom && box.last >= top
}

// moveFocus focuses the next (+1) or previous (-1) quiz, counting from the
// focused one or from the reading position, and scrolls it into view.
func (r *reader) moveFocus(dir int) {
	if len(r.zones) == 0 {
		return
	}
	start := -1 // the first quiz from the reading position in direction dir
	for i := range r.zones {
		idx := i
		if dir < 0 {
			idx = len(r.zones) - 1 - i
		}
		first := r.zones[idx].box.first
		if (dir > 0 && first >= r.vp.YOffset()) || (dir < 0 && first < r.vp.YOffset()+r.vp.Height()) {
			start = idx
			break
		}
	}
	i := r.nav.move(dir, start)
	r.compose()
	// Show the whole box when it fits, a line of context above it.
	box := r.zones[i].box
	if box.last >= r.vp.YOffset()+r.vp.Height() || box.first-1 < r.vp.YOffset() {
		r.vp.SetYOffset(box.first - 1)
	}
}

// focusVisibleQuiz focuses the first unanswered quiz on screen, so a digit
// answers the quiz in view without tabbing to it first.
func (r *reader) focusVisibleQuiz() {
	for i := range r.zones {
		if r.boxVisible(i) && !r.nav.quizzes[i].answered {
			r.nav.focusOn(i)
			return
		}
	}
}

// saveAnswer redraws and saves quiz q just answered; nothing when nil.
func (r *reader) saveAnswer(q *quizState) tea.Cmd {
	if q == nil {
		return nil
	}
	r.compose()
	r.app.progress.RecordAnswer(q.q.Question(), q.choice, q.correct())
	return r.app.save
}

// click focuses the quiz under the mouse and answers with the clicked
// choice. Only the viewport's rows show content: a click on the title or
// the bars below hits nothing, whatever lies just past the view's edge.
func (r *reader) click(m tea.Mouse) tea.Cmd {
	row := m.Y - r.bodyTop()
	if r.shown == nil || row < 0 || row >= r.vp.Height() {
		return nil
	}
	i, c := hit(r.zones, r.vp.YOffset()+row)
	if i < 0 {
		return nil
	}
	r.nav.focusOn(i)
	if c >= 0 && r.nav.answerable() {
		return r.saveAnswer(r.nav.answer(c))
	}
	r.compose()
	return nil
}

// goTo opens another lesson in this reader (n / p).
func (r *reader) goTo(l *lessons.Lesson) tea.Cmd {
	if l == nil {
		return nil
	}
	save := r.remember()
	r.rendering = false
	r.load(l, 0)
	return tea.Batch(save, r.opened())
}

// remember stores this lesson and its scroll position as the place to resume.
func (r *reader) remember() tea.Cmd {
	if r.shown != nil { // before the first render the saved position still holds
		r.app.progress.SetScroll(r.lesson.ID, r.position())
	}
	return r.app.save
}

// position is how far down the lesson the top of the view is, 0 to 1.
func (r *reader) position() float64 {
	if r.shown == nil || r.vp.TotalLineCount() == 0 {
		return 0
	}
	return float64(r.vp.YOffset()) / float64(r.vp.TotalLineCount())
}

func (r *reader) setPosition(frac float64) {
	r.vp.SetYOffset(int(frac*float64(r.vp.TotalLineCount()) + 0.5))
}

// Close runs when the reader is left or the program ends (also on ctrl+c):
// the reading position is saved so the next start resumes here.
func (r *reader) Close() {
	r.remember()
	// RunApp saves once more at exit and reports the error; a screen left
	// earlier has only the log.
	if err := r.app.progress.Save(); err != nil && r.app.progress.ReadOnly() == nil {
		r.app.ctx.Log.Warn("save the reading position", "lesson", r.lesson.ID, "err", err)
	}
}

// demo is the first demo the lesson names, and whether it exists yet.
func (r *reader) demo() (name string, e demos.Entry, ok bool) {
	if len(r.lesson.Demos) == 0 {
		return "", e, false
	}
	name = r.lesson.Demos[0]
	e, ok = r.app.demo(name)
	return name, e, ok
}

func (r *reader) launchDemo() tea.Cmd {
	name, e, ok := r.demo()
	if !ok || e.Open == nil {
		if name != "" {
			r.status = "The " + name + " demo is not built yet."
		}
		return nil
	}
	return tea.Batch(r.remember(), common.Push(e.Open(r.app.ctx)))
}

// Keys lists the most useful first: the help bar shows what fits.
func (r *reader) Keys() []key.Binding {
	k := readKeys
	keys := []key.Binding{k.Scroll, k.NextQuiz}
	if r.nav.answerable() {
		keys = []key.Binding{k.ChoiceDown, k.Choose, k.Pick, k.NextQuiz}
	}
	if _, _, ok := r.demo(); ok {
		keys = append(keys, k.Demo)
	}
	if len(r.app.exercisesFor(r.lesson.ID)) > 0 {
		keys = append(keys, k.Exercise)
	}
	return append(keys, k.Next, k.Prev, k.Back,
		k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.Top, k.Bottom, k.PrevQuiz)
}

// HandlesEsc: esc is the reader's own Back key.
func (*reader) HandlesEsc() bool { return true }

// exerciseLinks are the footer's lines for the lesson's exercises, with
// their status marks.
func (r *reader) exerciseLinks() []string {
	t := r.app.ctx.Theme
	var lines []string
	for i, x := range r.app.exercisesFor(r.lesson.ID) {
		mark, word := r.app.exerciseMark(x)
		open := ""
		if i == 0 {
			open = " — press E to open it"
		}
		lines = append(lines, "", "  "+t.Highlight.Render("Exercise: "+x.Title)+t.Subtle.Render(" ("+mark+" "+word+")"+open))
	}
	return lines
}

// openExercise opens the lesson's (first) exercise.
func (r *reader) openExercise() tea.Cmd {
	xs := r.app.exercisesFor(r.lesson.ID)
	if len(xs) == 0 {
		r.status = "No exercise for this lesson."
		return nil
	}
	return tea.Batch(r.remember(), r.app.openExercise(xs[0]))
}
