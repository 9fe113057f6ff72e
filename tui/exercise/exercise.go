// Package exercise is the exercise screen: a hands-on exercise the learner
// solves by editing real files in a workspace of their own. The screen shows
// the task, watches the files, and on every save runs the exercise's checks
// on the live engine, showing the run as it goes and then each check's
// verdict with the measured numbers.
//
// The checks run through a Checker, so the screen never depends on an
// engine: the command wires check.Run on a runtime, tests a fake.
package exercise

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/sandbox/check"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// Checker runs ex's checks on files, telling progress what it is doing. It
// must return soon after ctx is cancelled. A problem in the files is a
// *check.FilesError.
type Checker func(ctx context.Context, ex *exercise.Exercise, files check.Files, progress func(check.Progress)) (check.Report, error)

// Options build the exercise screen.
type Options struct {
	Context  common.Context
	Exercise *exercise.Exercise
	Lesson   string          // title of the lesson it follows, for the header
	Progress *progress.Store // nil: kept in memory only
	Check    Checker
	Root     string // where workspaces live; "" is DefaultRoot
	// Editor is the command e runs on the files; "" reads $VISUAL, then
	// $EDITOR.
	Editor string
	// Debounce between a save and its run; 0 is Debounce.
	Debounce time.Duration
}

// asking is the question waiting for y/n.
type asking int

const (
	askNothing asking = iota
	askReset
	askSolution
)

// Model is the exercise screen. Use it through a pointer.
type Model struct {
	ctx    common.Context
	ex     *exercise.Exercise
	lesson string
	store  *progress.Store
	check  Checker
	root   string
	editor string
	wait   time.Duration

	width, height int
	vp            viewport.Model
	spin          spinner.Model
	spinning      bool

	life    *life    // what Close releases, maybe from another goroutine
	watcher *Watcher // as life holds it, for this goroutine

	ws      Workspace
	wsShown string // the workspace path as shown
	wsErr   error

	task      map[taskKey]string // rendered task per width and style
	rendering bool
	solution  []SolutionFile // loaded once asked for
	showSol   bool

	run    runState
	queued bool // a run asked for before the workspace was ready
	hints  int  // rungs of the hint ladder shown
	ask    asking
	note   string // one line on the status bar until the next key
	bad    bool   // note is an error
}

// runState is the check run on screen: under way, or the last verdict.
type runState struct {
	gen      int // run generation: messages of an older run are dropped
	running  bool
	progress check.Progress
	reason   string // what started it: "run on save of app.yaml", "run on c"
	done     bool   // a run finished (the fields below hold its verdict)
	report   check.Report
	files    *check.FilesError
	err      error // could not run at all: not about the learner's files
}

// life holds what outlives an Update: the watcher and the run in flight.
type life struct {
	mu      sync.Mutex
	closed  bool
	watcher *Watcher
	cancel  context.CancelFunc
}

// keep takes w, or closes it at once when the screen is gone.
func (l *life) keep(w *Watcher) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		w.Close()
		return false
	}
	l.watcher = w
	return true
}

// startRun cancels the run in flight and keeps cancel for the new one.
func (l *life) startRun(cancel context.CancelFunc) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil {
		l.cancel()
	}
	l.cancel = cancel
	return !l.closed
}

func (l *life) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.cancel != nil {
		l.cancel()
	}
	if l.watcher != nil {
		l.watcher.Close()
	}
}

// New builds the exercise screen; Init makes the workspace and starts
// watching it.
func New(o Options) *Model {
	ctx := o.Context.WithDefaults()
	store := o.Progress
	if store == nil {
		store = progress.Memory()
	}
	editor := o.Editor
	if editor == "" {
		editor = os.Getenv("VISUAL")
	}
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	m := &Model{
		ctx: ctx, ex: o.Exercise, lesson: o.Lesson, store: store, check: o.Check,
		root: o.Root, editor: editor, wait: o.Debounce,
		vp:   viewport.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		life: &life{}, task: map[taskKey]string{},
	}
	if m.wait == 0 {
		m.wait = Debounce
	}
	m.spin.Style = ctx.Theme.Subtle
	m.vp.MouseWheelEnabled = true
	m.vp.KeyMap = viewport.KeyMap{} // keys are handled here (keys.go)
	m.hints = min(store.Exercise(m.ex.ID).HintsUsed, len(m.ex.Hints))
	return m
}

// Messages of the screen's commands.
type (
	workspaceMsg struct {
		ws      Workspace
		copied  []string
		watcher *Watcher
		err     error
	}
	saveMsg     struct{ save Save }
	renderedMsg struct {
		key  taskKey
		text string
	}
	runMsg struct {
		gen      int
		progress *check.Progress // nil once done
		report   check.Report
		err      error
		next     tea.Cmd
	}
	resetMsg struct {
		backup string
		err    error
	}
	solutionMsg struct {
		files []SolutionFile
		err   error
	}
	editorMsg       struct{ err error }
	progressSaveMsg struct{ err error }
)

// Init makes the workspace, unless it is open, and starts watching it.
func (m *Model) Init() tea.Cmd {
	if m.ws.Dir != "" {
		return nil
	}
	root, ex, wait, life := m.root, m.ex, m.wait, m.life
	return func() tea.Msg {
		if root == "" {
			r, err := DefaultRoot()
			if err != nil {
				return workspaceMsg{err: err}
			}
			root = r
		}
		ws, copied, err := OpenWorkspace(root, ex)
		if err != nil {
			return workspaceMsg{ws: ws, err: err}
		}
		w, err := Watch(ws.Dir, ex.Files, wait)
		if err == nil && !life.keep(w) {
			w = nil
		}
		return workspaceMsg{ws: ws, copied: copied, watcher: w, err: err}
	}
}

// Close stops the watcher and cancels a run in flight.
func (m *Model) Close() { m.life.close() }

func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	cmd := m.update(msg)
	m.layout()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg, common.ThemeChangedMsg:
		m.spin.Style = m.ctx.Theme.Subtle
		return m.render()

	case workspaceMsg:
		m.ws, m.wsShown, m.wsErr = msg.ws, ShowPath(msg.ws.Dir), msg.err
		if msg.err != nil {
			m.setNote("Could not set up your workspace: "+msg.err.Error(), true)
			return nil
		}
		if len(msg.copied) > 0 {
			m.setNote("Your files are ready to edit in "+m.wsShown+"; each save runs the checks.", false)
		}
		m.watcher = msg.watcher
		cmd := waitForSave(m.watcher)
		if m.queued { // c was pressed while the workspace was being set up
			m.queued = false
			cmd = tea.Batch(cmd, m.startRun("run on c"))
		}
		return cmd

	case saveMsg:
		cmd := m.startRun("run on save of " + strings.Join(msg.save.Files, ", "))
		return tea.Batch(cmd, waitForSave(m.watcher))

	case renderedMsg:
		m.task[msg.key] = msg.text
		m.rendering = false
		if msg.key != m.taskKey() {
			return m.render()
		}
		m.compose()
		return nil

	case runMsg:
		return m.runUpdate(msg)

	case spinner.TickMsg:
		if !m.run.running || m.ctx.NoAnimation {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd

	case resetMsg:
		if msg.err != nil {
			m.setNote("Reset failed: "+msg.err.Error(), true)
			return nil
		}
		m.setNote("Starting files restored; yours are kept in "+ShowPath(msg.backup), false)
		return nil

	case solutionMsg:
		if msg.err != nil {
			m.setNote("Could not read the solution: "+msg.err.Error(), true)
			return nil
		}
		m.solution, m.showSol = msg.files, true
		m.compose()
		m.vp.GotoTop()
		return nil

	case editorMsg:
		if msg.err != nil {
			m.setNote("The editor failed: "+msg.err.Error(), true)
		}
		return nil

	case progressSaveMsg:
		if msg.err != nil {
			m.setNote("Progress not saved: "+msg.err.Error(), true)
		}
		return nil

	case tea.MouseWheelMsg:
		m.vp, _ = m.vp.Update(msg)
		return nil

	case tea.KeyPressMsg:
		return m.keyPress(msg)
	}
	return nil
}

func (m *Model) setNote(s string, bad bool) { m.note, m.bad = s, bad }

func (m *Model) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if m.ask != askNothing {
		q := m.ask
		m.ask = askNothing
		if !key.Matches(msg, keys.Yes) {
			m.setNote("Nothing changed.", false)
			return nil
		}
		if q == askReset {
			return m.reset()
		}
		return m.revealSolution()
	}
	m.note, m.bad = "", false
	switch {
	case key.Matches(msg, keys.Back):
		if m.showSol {
			m.showSol = false
			m.compose()
			return nil
		}
		return common.Back
	case key.Matches(msg, keys.Check):
		return m.startRun("run on c")
	case key.Matches(msg, keys.Hint):
		return m.nextHint()
	case key.Matches(msg, keys.Reset):
		if m.ws.Dir == "" {
			return nil
		}
		m.ask = askReset
	case key.Matches(msg, keys.Solution):
		switch {
		case m.showSol:
			m.showSol = false
			m.compose()
		case m.sawSolution():
			return m.revealSolution()
		default:
			m.ask = askSolution
		}
	case key.Matches(msg, keys.Edit):
		return m.edit()
	default:
		keys.Move(&m.vp, msg)
	}
	return nil
}

// sawSolution reports whether the learner has seen the solution: its rung
// is the one past the hint ladder.
func (m *Model) sawSolution() bool {
	return m.store.Exercise(m.ex.ID).HintsUsed > len(m.ex.Hints)
}

// nextHint shows the next rung of the ladder and records it.
func (m *Model) nextHint() tea.Cmd {
	switch {
	case len(m.ex.Hints) == 0:
		m.setNote("This exercise has no hints; s shows the reference solution.", false)
		return nil
	case m.hints >= len(m.ex.Hints):
		m.setNote("That was the last hint; s shows the reference solution.", false)
		return nil
	}
	m.hints++
	m.store.UseHint(m.ex.ID, m.hints)
	m.compose()
	m.vp.GotoBottom() // the hints follow the task
	return m.saveProgress()
}

// revealSolution records that the solution was seen, as the rung past the
// last hint, so a later passing run counts as solved with help, and loads
// it.
func (m *Model) revealSolution() tea.Cmd {
	m.store.UseHint(m.ex.ID, len(m.ex.Hints)+1)
	ex := m.ex
	load := func() tea.Msg {
		files, err := Solution(ex)
		return solutionMsg{files, err}
	}
	return tea.Batch(load, m.saveProgress())
}

func (m *Model) reset() tea.Cmd {
	ws := m.ws
	return func() tea.Msg {
		backup, err := ws.Reset(time.Now())
		return resetMsg{backup, err}
	}
}

// edit opens the files in the learner's editor; the watcher sees the saves.
func (m *Model) edit() tea.Cmd {
	args := strings.Fields(m.editor)
	if len(args) == 0 {
		m.setNote("Set $EDITOR to edit from here, or open "+m.wsShown+" in your editor.", false)
		return nil
	}
	if m.ws.Dir == "" {
		return nil
	}
	for _, name := range m.ex.Files {
		args = append(args, m.ws.Path(name))
	}
	c := exec.Command(args[0], args[1:]...)
	c.Dir = m.ws.Dir
	return tea.ExecProcess(c, func(err error) tea.Msg { return editorMsg{err} })
}

// saveProgress writes progress in the background; a store that must not
// write was explained when the app started.
func (m *Model) saveProgress() tea.Cmd {
	store := m.store
	return func() tea.Msg {
		if store.ReadOnly() != nil {
			return nil
		}
		return progressSaveMsg{store.Save()}
	}
}

// waitForSave delivers the watcher's next save.
func waitForSave(w *Watcher) tea.Cmd {
	if w == nil {
		return nil
	}
	return func() tea.Msg {
		s, ok := <-w.Saves()
		if !ok {
			return nil
		}
		return saveMsg{s}
	}
}

// Keys: while a question waits, only its answers.
func (m *Model) Keys() []key.Binding {
	if m.ask != askNothing {
		return []key.Binding{keys.Yes, keys.No}
	}
	return []key.Binding{keys.Check, keys.Hint, keys.Edit, keys.Reset, keys.Solution, keys.Scroll, keys.Back,
		keys.PageDown, keys.PageUp}
}

// HandlesEsc: esc closes the solution or answers a question before it
// leaves the screen.
func (*Model) HandlesEsc() bool { return true }

// statusMark is an exercise status as a mark and a word.
func StatusMark(s progress.ExerciseStatus) (mark, word string) {
	switch s {
	case progress.Passed:
		return theme.MarkDone, "passed"
	case progress.SolvedWithHelp:
		return theme.MarkHelped, "solved with help"
	case progress.Tried:
		return theme.MarkInProgress, "tried"
	}
	return theme.MarkTodo, "not started"
}
