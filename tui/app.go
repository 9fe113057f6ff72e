package tui

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
)

// Options configure the lesson app.
type Options struct {
	Context  common.Context
	Tracks   []*lessons.Track // in display order
	Progress *progress.Store  // nil: progress kept in memory only
	// Notice is shown on the first screen until the first key (for example
	// "your progress file was unreadable; it was kept at ...").
	Notice string
	// Exercises are the hands-on exercises (exercises.go); zero: none.
	Exercises Exercises
}

// RunApp runs the lesson app full screen, resuming at the lesson the learner
// read last. Progress is saved as the learner goes and once more on exit.
func RunApp(o Options) error {
	a := newApp(o)
	err := Run(a.ctx, a.resume()...)
	if serr, ok := a.save().(saveFailedMsg); ok && err == nil {
		return serr.err
	}
	return err
}

// app is what the app's screens share: the catalog, the progress and the
// cache of rendered lessons.
type app struct {
	ctx      common.Context
	tracks   []*lessons.Track
	order    []*lessons.Lesson // every lesson in reading order, for n/p
	byID     map[string]*lessons.Lesson
	trackOf  map[string]*lessons.Track
	progress *progress.Store
	cache    *renderCache
	notice   string
	// exercises home lists and lessons link to (exercises.go)
	exercises Exercises
	// demo finds a demo view by name: demos.Lookup, replaced in tests so
	// goldens do not change as demo views are registered.
	demo func(name string) (demos.Entry, bool)
}

func newApp(o Options) *app {
	ctx := o.Context.WithDefaults() // once: every screen shares this theme
	p := o.Progress
	if p == nil {
		p = progress.Memory()
	}
	a := &app{
		ctx: ctx, tracks: o.Tracks, progress: p, cache: newRenderCache(), notice: o.Notice,
		exercises: o.Exercises, demo: demos.Lookup,
		byID: map[string]*lessons.Lesson{}, trackOf: map[string]*lessons.Track{},
	}
	for _, t := range o.Tracks {
		for _, l := range t.Lessons {
			a.order = append(a.order, l)
			a.byID[l.ID] = l
			a.trackOf[l.ID] = t
		}
	}
	return a
}

// resume builds the opening screens: home, and when the learner was reading
// a lesson, that track's list and the lesson at the saved scroll position.
func (a *app) resume() []common.Screen {
	screens := []common.Screen{newHome(a)}
	id := a.progress.Last()
	if l, ok := a.byID[id]; ok {
		scroll := a.progress.Lesson(id).Scroll
		screens = append(screens, newLessonList(a, a.trackOf[id]), newReader(a, l, scroll))
	}
	return screens
}

// neighbour is the lesson delta places after l in reading order, or nil.
func (a *app) neighbour(l *lessons.Lesson, delta int) *lessons.Lesson {
	for i, x := range a.order {
		if x == l {
			if j := i + delta; j >= 0 && j < len(a.order) {
				return a.order[j]
			}
			return nil
		}
	}
	return nil
}

// trackProgress counts a track's lessons that are done.
func (a *app) trackProgress(t *lessons.Track) (done, total int) {
	for _, l := range t.Lessons {
		if a.status(l) == Done {
			done++
		}
	}
	return done, len(t.Lessons)
}

// trackShare is the part of a track done, 0 to 1.
func (a *app) trackShare(t *lessons.Track) float64 {
	done, total := a.trackProgress(t)
	if total == 0 {
		return 0
	}
	return float64(done) / float64(total)
}

// quizScore counts a lesson's quizzes answered correctly.
func (a *app) quizScore(l *lessons.Lesson) (correct, answered int) {
	return a.progress.Score(l.Questions())
}

// newSpinner is the "working" indicator; with NoAnimation it is never ticked
// and the screens show a static word instead.
func (a *app) newSpinner() spinner.Model {
	s := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	s.Style = a.ctx.Theme.Subtle
	return s
}

// openLesson pushes the reader for l, where the learner stopped reading it,
// or at the top for a lesson already read.
func (a *app) openLesson(l *lessons.Lesson) tea.Cmd {
	scroll := a.progress.Lesson(l.ID).Scroll
	if a.status(l) == Done {
		scroll = 0
	}
	return common.Push(newReader(a, l, scroll))
}
