// Package tui is coldstart's terminal UI: the host that runs screens full
// screen (the app, or one demo for `coldstart demo NAME`), and the app's own
// screens: home, the lesson list and the reader.
package tui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"

	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The smallest window the screens are laid out for; below it the host shows
// how much to enlarge instead of a broken layout.
const (
	MinWidth  = 60
	MinHeight = 15
)

// ErrNotTerminal is returned when stdout is not a terminal.
var ErrNotTerminal = errors.New("coldstart's interactive mode needs a terminal; try `coldstart lessons` or `coldstart demo NAME --headless`")

// RunScreen hosts one screen full screen (alt screen, mouse wheel, help bar)
// until it sends common.BackMsg or the user quits. The screen is closed on the
// way out, also after a panic. Build the screen with the ctx given here, made
// once with WithDefaults, so both hold the theme the host restyles in place.
func RunScreen(s common.Screen, ctx common.Context) error {
	return Run(ctx, s)
}

// Run hosts a stack of screens, the first at the bottom: esc (BackMsg) pops
// the top one and closes it, and leaving the bottom one ends the program.
// Every screen still open is closed on exit, also after a panic.
func Run(ctx common.Context, stack ...common.Screen) error {
	if !term.IsTerminal(os.Stdout.Fd()) {
		return ErrNotTerminal
	}
	return newHost(ctx, stack...).run()
}

// run runs the program and closes every screen when it ends, however it ends.
func (h *host) run(opts ...tea.ProgramOption) (err error) {
	defer func() {
		// Bubble Tea restores the terminal before a panic reaches here; we
		// release what the screens hold and let the panic go on.
		if r := recover(); r != nil {
			h.closer.closeAll(h.screens)
			panic(r)
		}
	}()
	p := tea.NewProgram(h, opts...)
	// A closed terminal window sends SIGHUP, which would end the process
	// before the screens stop their demos: quit the program instead.
	hup, done := make(chan os.Signal, 1), make(chan struct{})
	signal.Notify(hup, syscall.SIGHUP)
	defer func() { signal.Stop(hup); close(done) }()
	go func() {
		select {
		case <-hup:
			p.Quit()
		case <-done:
		}
	}()
	_, err = p.Run()
	h.closer.closeAll(h.screens)
	if errors.Is(err, tea.ErrProgramPanic) {
		return fmt.Errorf("coldstart crashed (the terminal was restored and demos stopped): %w", err)
	}
	return err
}

// host is the tea.Model around the screens: layout, help bar, theme
// detection, the minimum size and quitting.
type host struct {
	ctx     common.Context
	noColor bool
	help    help.Model
	closer  *closer
	*stack  // shared with Run so it can close what is open after the program ends

	width, height int
	fullHelp      bool
	bodyHeight    int  // height given to the screens last
	resized       bool // the top screen was resized and not told yet (SizeMsg)
}

// stack is the open screens; the last is shown.
type stack struct{ screens []common.Screen }

func (s *stack) top() common.Screen { return s.screens[len(s.screens)-1] }

func newHost(ctx common.Context, screens ...common.Screen) *host {
	if len(screens) == 0 {
		panic("tui: Run needs a screen")
	}
	ctx = ctx.WithDefaults()
	for i, s := range screens { // demo screens get the presenter frame (present.go)
		screens[i] = framed(s, ctx)
	}
	h := &host{ctx: ctx, noColor: ctx.Theme.NoColor, help: help.New(), closer: &closer{}, stack: &stack{screens: screens}}
	h.help.Styles = ctx.Theme.Help()
	return h
}

// withTheme completes ctx (common.Context.WithDefaults): a theme, dark
// until the terminal reports its background, the keys and the logger.
func withTheme(ctx common.Context) common.Context { return ctx.WithDefaults() }

func (h *host) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	for _, s := range h.screens {
		cmds = append(cmds, s.Init())
	}
	return tea.Batch(cmds...)
}

func (h *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := h.update(msg)
	// A resize is followed by SizeMsg, so the screen can re-render in a Cmd.
	for h.resized {
		h.resized = false
		cmd = tea.Batch(cmd, h.forward(common.SizeMsg{Width: h.width, Height: h.bodyHeight}))
	}
	return h, cmd
}

func (h *host) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.width, h.height = msg.Width, msg.Height
		h.layout(true)
		return nil

	case tea.BackgroundColorMsg:
		// Rebuild the shared theme in place: every screen holds the pointer.
		*h.ctx.Theme = *theme.New(msg.IsDark(), h.noColor)
		h.help.Styles = h.ctx.Theme.Help()
		return h.forward(common.ThemeChangedMsg{})

	case tea.KeyPressMsg:
		keys := h.ctx.Keys
		if key.Matches(msg, keys.ForceQuit) {
			return tea.Quit
		}
		if c, ok := h.top().(common.InputCapturer); ok && c.CapturingInput() {
			return h.forward(msg)
		}
		if e, ok := h.top().(common.EscHandler); key.Matches(msg, keys.Back) && !(ok && e.HandlesEsc()) {
			return h.update(common.BackMsg{})
		}
		switch {
		case key.Matches(msg, keys.Help):
			h.fullHelp = !h.fullHelp
			h.layout(false)
			return nil
		case key.Matches(msg, keys.Quit):
			return tea.Quit
		}

	case common.PushMsg:
		s := framed(msg.Screen, h.ctx)
		h.screens = append(h.screens, s)
		h.fullHelp = false
		h.layout(true)
		return s.Init()

	case common.BackMsg:
		if len(h.screens) == 1 {
			return tea.Quit
		}
		left := h.top()
		h.screens = h.screens[:len(h.screens)-1]
		h.fullHelp = false
		h.layout(true)
		return tea.Batch(h.closer.closeLater(left), h.forward(resumedMsg{}))
	}
	return h.forward(msg)
}

// resumedMsg tells a screen it is on top again after the one above it closed.
type resumedMsg struct{}

// forward hands msg to the top screen.
func (h *host) forward(msg tea.Msg) tea.Cmd {
	next, cmd := h.top().Update(msg)
	h.screens[len(h.screens)-1] = next
	h.layout(false)
	return cmd
}

// layout gives the top screen the space above the help bar. The help may
// change height (full help, a screen changing its keys), so it is measured
// after every message; SetSize is only called when the size changed, or for
// a new screen (force).
func (h *host) layout(force bool) {
	if h.width == 0 {
		return
	}
	h.help.SetWidth(h.width)
	body := max(h.height-lipgloss.Height(h.helpView()), 1)
	if force || body != h.bodyHeight {
		h.bodyHeight = body
		h.top().SetSize(h.width, body)
		h.resized = true
	}
}

func (h *host) helpView() string {
	keys, own := h.top().Keys(), h.ctx.Keys
	if !h.fullHelp {
		return h.help.ShortHelpView(append(keys, own.Help, own.Quit))
	}
	// Columns of at most five bindings, the app's own keys last.
	var groups [][]key.Binding
	for len(keys) > 0 {
		n := min(len(keys), 5)
		groups = append(groups, keys[:n])
		keys = keys[n:]
	}
	closeHelp := key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "less help"))
	groups = append(groups, []key.Binding{closeHelp, own.Quit, own.ForceQuit})
	return h.help.FullHelpView(groups)
}

func (h *host) View() tea.View {
	v := tea.NewView(h.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "coldstart"
	return v
}

func (h *host) render() string {
	if h.width == 0 {
		return ""
	}
	if h.width < MinWidth || h.height < MinHeight {
		msg := fmt.Sprintf("Enlarge the window to at least %dx%d (now %dx%d)", MinWidth, MinHeight, h.width, h.height)
		return lipgloss.Place(h.width, h.height, lipgloss.Center, lipgloss.Center,
			h.ctx.Theme.Warning.Width(min(h.width, lipgloss.Width(msg))).Render(msg))
	}
	// Clip, never wrap: a screen that draws too wide or tall loses its edge
	// instead of pushing the help bar off screen.
	body := lipgloss.NewStyle().MaxWidth(h.width).
		Height(h.bodyHeight).MaxHeight(h.bodyHeight).Render(h.top().View())
	return lipgloss.JoinVertical(lipgloss.Left, body, h.helpView())
}

// closer closes screens that were left, off the UI goroutine (a demo may take
// a moment to stop its workloads). When the program ends it closes what is
// still open, including left screens whose close command never got to run.
type closer struct {
	mu      sync.Mutex
	pending []*pendingClose
}

type pendingClose struct {
	once sync.Once
	c    common.Closer
}

func (p *pendingClose) close() { p.once.Do(p.c.Close) }

func (c *closer) closeLater(s common.Screen) tea.Cmd {
	cl, ok := s.(common.Closer)
	if !ok {
		return nil
	}
	p := &pendingClose{c: cl}
	c.mu.Lock()
	c.pending = append(c.pending, p)
	c.mu.Unlock()
	return func() tea.Msg { p.close(); return nil }
}

// closeAll closes every screen still open, top first, then makes sure the
// left ones are closed too (sync.Once waits for a close under way).
func (c *closer) closeAll(screens []common.Screen) {
	for i := len(screens) - 1; i >= 0; i-- {
		if cl, ok := screens[i].(common.Closer); ok {
			cl.Close()
		}
	}
	c.mu.Lock()
	pending := c.pending
	c.mu.Unlock()
	for _, p := range pending {
		p.close()
	}
}
