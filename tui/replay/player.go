// Package replay is the full-screen replay of a recording (coldstart
// replay FILE): the demo's own live view, driven by the recording through
// a playback.Deck instead of a live engine, with a player around it: play
// and pause, step from event to event, speed, seek, and a timeline of
// the run's events under the view.
package replay

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/record/playback"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/explain"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// The player's bindings; every key of the demo is an action, off in a
// replay.
var keys = struct{ Play, Next, Prev, Slower, Faster, Back, Forward, Home, End key.Binding }{
	Play: binding("space", "play/pause"), Next: binding(".", "next event"), Prev: binding(",", "previous event"),
	Slower: binding("[", "slower"), Faster: binding("]", "faster"),
	Back: binding("left", "back 5 s"), Forward: binding("right", "on 5 s"), Home: binding("home", "start"), End: binding("end", "end"),
}

// binding is the key k, shown with arrows for ← and →.
func binding(k, desc string) key.Binding {
	help := map[string]string{"left": "←", "right": "→"}[k]
	if help == "" {
		help = k
	}
	return key.NewBinding(key.WithKeys(k), key.WithHelp(help, desc))
}

// speeds are the play speeds [ and ] step through.
var speeds = []float64{0.25, 0.5, 1, 2, 4, 8}

const (
	normalSpeed = 2               // speeds[2] = 1x
	seekStep    = 5 * time.Second // ← and →
	frame       = 50 * time.Millisecond
	barRows     = 3 // marks, bar, status line
)

// Player is the replay screen: the demo view above the timeline.
type Player struct {
	inner       common.Screen   // the presenter frame around the panels
	panels      *explain.Screen // the timeline and command log around the view, as live
	view        common.Screen   // the demo's view: its keys are refused
	deck        *playback.Deck
	th          *theme.Theme
	marks       []mark
	events      []time.Duration // the recorded events' times: "." and "," stop there
	pendingNote string          // a seek's note: shown once the view started over

	t       time.Duration // the playhead
	playing bool
	speed   int       // index in speeds
	last    time.Time // the previous frame's time
	chain   int       // the frame ticks' generation: play starts a new one
	seekGen int       // bumped by each seek: later frames' Advance only
	restart bool      // a seek waits for the view to take its reset
	// presenting follows the presenter frame's P: only its banner shows
	// the engines' clock paused (outside, the frame's own paused line
	// would take a row from the view).
	presenting bool
	note       string // what the last key did, or why it did nothing

	width, height int
}

// New is the player around view, the demo's view built on deck, in the
// presenter frame (on from the start with ctx.Present).
func New(ctx common.Context, view common.Screen, deck *playback.Deck) *Player {
	tp := deck.Tape()
	panels := explain.Wrap(ctx, view)
	return &Player{
		inner: tui.Present(panels, ctx, nil), panels: panels, view: view, deck: deck, th: ctx.Theme,
		marks: marks(tp), events: eventTimes(tp), t: deck.Time(), playing: true, speed: normalSpeed,
		presenting: ctx.Present,
	}
}

// Messages of the player.
type (
	frameMsg struct {
		chain int
		at    time.Time
	}
	advancedMsg struct{ err error }
)

func (p *Player) Init() tea.Cmd { return tea.Batch(p.inner.Init(), p.play()) }

// play starts the frame ticks from now.
func (p *Player) play() tea.Cmd {
	p.chain++
	p.last = time.Time{}
	p.showPaused()
	if !p.playing {
		return nil
	}
	return p.nextFrame()
}

// showPaused pauses the engines' clock, for the presenter's banner, when
// the player is paused in presenter mode.
func (p *Player) showPaused() { p.deck.SetPaused(!p.playing && p.presenting) }

func (p *Player) nextFrame() tea.Cmd {
	chain := p.chain
	return tea.Tick(frame, func(at time.Time) tea.Msg { return frameMsg{chain: chain, at: at} })
}

func (p *Player) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case frameMsg:
		if msg.chain != p.chain || !p.playing {
			return p, nil
		}
		t := p.t
		if !p.last.IsZero() {
			t += time.Duration(float64(msg.at.Sub(p.last)) * speeds[p.speed])
		}
		p.last = msg.at
		if end := p.deck.Tape().Duration(); t >= end {
			p.playing, p.note = false, "the end of the recording: space plays it again"
			p.showPaused()
			return p, p.playTo(end)
		}
		return p, tea.Batch(p.playTo(t), p.nextFrame())
	case advancedMsg:
		if msg.err != nil {
			p.note = "replay: " + msg.err.Error()
		}
		return p, nil
	case tea.KeyPressMsg:
		if p.panels.Claims(msg) {
			break // the timeline's filter, scroll and toggles: forwarded below
		}
		if cmd, ok := p.key(msg); ok {
			return p, tea.Batch(cmd, p.retryRestart())
		}
		if msg.String() == "P" { // the presenter frame's toggle, which it handles below
			p.presenting = !p.presenting
			p.showPaused()
		}
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft && p.height > barRows && msg.Y >= p.height-barRows && msg.Y < p.height-1 {
			return p, p.seek(timeAt(msg.X, p.deck.Tape().Start(), p.deck.Tape().Duration(), p.width))
		}
	case common.SizeMsg:
		msg.Height = max(msg.Height-barRows, 1)
		return p, p.forward(msg)
	}
	return p, tea.Batch(p.forward(msg), p.retryRestart())
}

// showNote puts a recorded action's note in the view's note line, as the
// live view showed it when the action was taken.
func (p *Player) showNote(note string) {
	if v, ok := p.view.(interface{ ShowNote(string) }); ok {
		v.ShowNote(note)
	}
}

func (p *Player) forward(msg tea.Msg) tea.Cmd {
	next, cmd := p.inner.Update(msg)
	p.inner = next
	return cmd
}

// key handles the player's keys and refuses the demo's; ok false passes
// the key on (the presenter's P, the host's).
func (p *Player) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	tp := p.deck.Tape()
	switch {
	case key.Matches(msg, keys.Play):
		if !p.playing && p.t >= tp.Duration() {
			p.playing = true
			return tea.Batch(p.seek(tp.Start()), p.play()), true
		}
		p.playing, p.note = !p.playing, ""
		return p.play(), true
	case key.Matches(msg, keys.Next):
		p.playing = false
		cmd := p.play()
		from := p.t
		// Every update on the way is delivered, one by one as live, up to
		// the one that carries the next event (after the last event: the
		// next update, so the run's last states can be stepped to too).
		next := p.t
		if i := sort.Search(len(p.events), func(i int) bool { return p.events[i] > from }); i < len(p.events) {
			next = p.events[i]
		}
		t, ok, err := p.deck.Next()
		if !ok && err == nil {
			p.note = "no event after this one"
			return cmd, true
		}
		for ok && err == nil && t < next {
			t, ok, err = p.deck.Next()
		}
		p.note = ""
		if err != nil {
			p.note = "replay: " + err.Error()
		}
		p.t = t
		if note, ok := tp.NoteAt(from, t); ok {
			p.showNote(note)
		}
		if cs := tp.Commands(from, t); len(cs) > 0 {
			cmd = tea.Batch(cmd, commands(cs, false))
		}
		return cmd, true
	case key.Matches(msg, keys.Prev):
		i := sort.Search(len(p.events), func(i int) bool { return p.events[i] >= p.t }) - 1
		p.playing = false
		if i < 0 {
			p.note = "no event before this one"
			return p.play(), true
		}
		return tea.Batch(p.play(), p.seek(p.events[i])), true
	case key.Matches(msg, keys.Slower), key.Matches(msg, keys.Faster):
		d := 1
		if key.Matches(msg, keys.Slower) {
			d = -1
		}
		p.note = ""
		if next := p.speed + d; next >= 0 && next < len(speeds) {
			p.speed = next
		} else {
			p.note = fmt.Sprintf("%s is the limit (%s to %s)", speedText(speeds[p.speed]), speedText(speeds[0]), speedText(speeds[len(speeds)-1]))
		}
		return nil, true
	case key.Matches(msg, keys.Back):
		return p.seek(p.t - seekStep), true
	case key.Matches(msg, keys.Forward):
		return p.seek(p.t + seekStep), true
	case key.Matches(msg, keys.Home):
		return p.seek(tp.Start()), true
	case key.Matches(msg, keys.End):
		p.playing = false
		return tea.Batch(p.play(), p.seek(tp.Duration())), true
	}
	for _, k := range p.view.Keys() {
		if key.Matches(msg, k) {
			p.refuse()
			return nil, true
		}
	}
	return nil, false
}

// refuse shows, where the view shows a failed action, that a replay takes
// no actions.
func (p *Player) refuse() {
	h := p.deck.Tape().Header()
	text := fmt.Sprintf("actions are off in a replay: this is a recording of %s on %s, made %s", h.Demo, h.Backend, h.Started.Local().Format("2006-01-02 15:04"))
	if v, ok := p.view.(interface{ ShowError(string) }); ok {
		v.ShowError(text)
		return
	}
	p.note = text
}

// playTo moves the playhead on to t: the command plays the deck there,
// and the commands recorded on the way go to the command log.
func (p *Player) playTo(t time.Duration) tea.Cmd {
	from := p.t
	p.t = t
	deck, seek := p.deck, p.seekGen
	if note, ok := deck.Tape().NoteAt(from, t); ok {
		p.showNote(note)
	}
	advance := func() tea.Msg { return advancedMsg{err: deck.Advance(seek, t)} }
	if cs := deck.Tape().Commands(from, t); len(cs) > 0 {
		return tea.Batch(advance, commands(cs, false))
	}
	return advance
}

// seek moves the playhead to t and starts the view over there, as its own
// reset does (the reset key: a fresh engine, or the cold-start engine's
// reset), with the command log of the run up to there.
func (p *Player) seek(t time.Duration) tea.Cmd {
	tp := p.deck.Tape()
	p.t = max(tp.Start(), min(t, tp.Duration()))
	p.seekGen = p.deck.Seek(p.t)
	p.last, p.restart, p.note = time.Time{}, true, ""
	p.pendingNote, _ = tp.NoteAt(-1, p.t)
	return tea.Batch(p.retryRestart(), commands(tp.Commands(-1, p.t), true))
}

// commands sends recorded commands to the command log: the whole log up
// to a seek (replace), or those play just passed.
func commands(cs []playback.Command, replace bool) tea.Cmd {
	msg := demokit.CommandsMsg{Commands: make([]scenario.Command, 0, len(cs)), Replace: replace}
	for _, c := range cs {
		msg.Commands = append(msg.Commands, c.Command)
	}
	return func() tea.Msg { return msg }
}

// retryRestart presses the view's reset key while a seek waits for it: a
// view ignores it until its engine runs and its first state came.
func (p *Player) retryRestart() tea.Cmd {
	if !p.restart {
		return nil
	}
	r, ok := resetKey(p.view)
	if !ok {
		p.restart = false
		return nil
	}
	cmd := p.forward(r)
	if cmd != nil {
		p.restart = false
		if v, ok := p.view.(interface{ NoteOnNextUpdate(string) }); ok && p.pendingNote != "" {
			v.NoteOnNextUpdate(p.pendingNote) // the view started over: once it drew the seek's first update
		}
		p.pendingNote = ""
	}
	return cmd
}

// resetKey is the press of the view's reset binding.
func resetKey(view common.Screen) (tea.KeyPressMsg, bool) {
	for _, k := range view.Keys() {
		if k.Help().Desc == "reset" && len(k.Keys()) > 0 {
			return tea.KeyPressMsg{Text: k.Keys()[0], Code: []rune(k.Keys()[0])[0]}, true
		}
	}
	return tea.KeyPressMsg{}, false
}

func speedText(s float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", s), ".0") + "x" }

func (p *Player) SetSize(width, height int) {
	p.width, p.height = width, height
	p.inner.SetSize(width, max(height-barRows, 1))
}

func (p *Player) Keys() []key.Binding {
	out := []key.Binding{keys.Play, keys.Next, keys.Prev, keys.Slower, keys.Faster, keys.Back, keys.Forward, keys.Home, keys.End}
	for _, k := range p.inner.Keys() {
		if k.Help().Key == "P" {
			out = append(out, k)
		}
	}
	return out
}

// Close stops the view's session.
func (p *Player) Close() {
	if c, ok := p.inner.(common.Closer); ok {
		c.Close()
	} else if c, ok := p.view.(common.Closer); ok {
		c.Close()
	}
}

func (p *Player) View() string {
	tp := p.deck.Tape()
	st := p.th.Replay()
	view := strings.Split(p.inner.View(), "\n")
	h := max(p.height-barRows, 1)
	for len(view) < h {
		view = append(view, "")
	}
	view = view[:h]
	marksRow, bar := timeline(st, p.marks, tp.Start(), tp.Duration(), p.t, p.width)
	return strings.Join(append(view, marksRow, bar, p.status(st)), "\n")
}

// status is the state, the time, the speed and the last note.
func (p *Player) status(st theme.ReplayStyles) string {
	tp := p.deck.Tape()
	state := "⏸ paused"
	if p.playing {
		state = "▶ playing"
	}
	line := fmt.Sprintf("%s  %s / %s  %s", st.State.Render(state), clockText(p.t), clockText(tp.Duration()), speedText(speeds[p.speed]))
	var notes []string
	if n := tp.Truncated(); n > 0 {
		notes = append(notes, fmt.Sprintf("cut short at line %d: plays to the last complete line", n))
	}
	if p.note != "" {
		notes = append(notes, p.note)
	}
	if len(notes) > 0 {
		line += "  " + st.Note.Render(strings.Join(notes, " · "))
	}
	return ansi.Truncate(line, p.width, "…")
}

// clockText is a recording time as m:ss.t.
func clockText(d time.Duration) string {
	d = d.Truncate(100 * time.Millisecond)
	m := d / time.Minute
	return fmt.Sprintf("%d:%04.1f", m, (d - m*time.Minute).Seconds())
}

// Demo is the demo's own view inside the player.
func (p *Player) Demo() common.Screen { return p.view }

// CapturingInput: while the timeline's filter is typed, q and ? are letters.
func (p *Player) CapturingInput() bool { return p.panels.CapturingInput() }

// HandlesEsc: esc clears the timeline's filter or closes a panel first.
func (p *Player) HandlesEsc() bool { return p.panels.HandlesEsc() }

// eventTimes are the times of the recording's events and actions (its
// commands: a node kill is a moment before any event says so), in order,
// once each.
func eventTimes(tp *playback.Tape) []time.Duration {
	at, _, _ := tp.Events()
	at = slices.Clone(at)
	for _, c := range tp.Commands(-1, tp.Duration()) {
		at = append(at, c.T)
	}
	slices.Sort(at)
	return slices.Compact(at)
}
