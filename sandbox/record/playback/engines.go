package playback

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/clock"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

// Update is a cluster engine's update (a shorter name for the stream).
type Update = cluster.Update

// ErrActionsOff is every action's error in a replay; the view shows it in
// its error line as for any failed action.
var ErrActionsOff = errors.New("actions are off in a replay")

// actionsOff is ErrActionsOff saying what the recording is.
func (d *Deck) actionsOff() error {
	h := d.tp.Header()
	return fmt.Errorf("%w: this is a recording of %s on %s, made %s (seek with ←/→, play with space)",
		ErrActionsOff, h.Demo, h.Backend, h.Started.Local().Format("2006-01-02 15:04"))
}

// Cluster is a recorded cluster played back: a cluster.Engine whose
// stream is the recording's.
type Cluster struct {
	deck *Deck
	out  *stream[Update]

	mu   sync.Mutex
	snap *cluster.Snapshot
}

var _ cluster.Engine = (*Cluster)(nil)

func (c *Cluster) setSnapshot(s *cluster.Snapshot) {
	c.mu.Lock()
	c.snap = s
	c.mu.Unlock()
}

// Snapshot is the latest state sent (an empty one before the first).
func (c *Cluster) Snapshot() *cluster.Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil {
		return &cluster.Snapshot{}
	}
	return c.snap
}

func (c *Cluster) Updates() <-chan Update { return c.out.c }

// Clock is the replay's clock, paused with the player.
func (c *Cluster) Clock() clock.Clock { return c.deck.clk }

// WaitFor waits for a state the recording holds: only the latest is
// checked, as nothing new happens unless the player plays on.
func (c *Cluster) WaitFor(ctx context.Context, cond func(*cluster.Snapshot) bool) (*cluster.Snapshot, error) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if s := c.Snapshot(); cond(s) {
			return s, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

func (c *Cluster) KillPod(string) (string, error)      { return "", c.deck.actionsOff() }
func (c *Cluster) DeletePod(string) (string, error)    { return "", c.deck.actionsOff() }
func (c *Cluster) HangPod(string) (string, error)      { return "", c.deck.actionsOff() }
func (c *Cluster) CrashLoopPod(string) (string, error) { return "", c.deck.actionsOff() }
func (c *Cluster) KillNode(string) (string, error)     { return "", c.deck.actionsOff() }
func (c *Cluster) Scale(int) error                     { return c.deck.actionsOff() }
func (c *Cluster) Template() cluster.Template          { return cluster.Template{} }
func (c *Cluster) SetTemplate(cluster.Template) error  { return c.deck.actionsOff() }
func (c *Cluster) SetStrategy(cluster.Strategy) error  { return c.deck.actionsOff() }
func (c *Cluster) Pause() error                        { return c.deck.actionsOff() }
func (c *Cluster) Resume() error                       { return c.deck.actionsOff() }
func (c *Cluster) Undo(int) (int, error)               { return 0, c.deck.actionsOff() }
func (c *Cluster) SetLoad(int, int) error              { return c.deck.actionsOff() }
func (c *Cluster) Autoscale(cluster.HPASpec, string) error {
	return c.deck.actionsOff()
}

// Close ends the stream.
func (c *Cluster) Close(context.Context) error { c.out.close(); return nil }

// Function is a recorded cold-start run played back: a faas.Function
// whose stream is the recording's. Its Reset is how a seek starts it over.
type Function struct {
	deck *Deck
	out  *stream[faas.Event]

	mu   sync.Mutex
	last faas.Event    // the latest event sent
	at   time.Duration // the playhead when it was sent
}

var _ faas.Function = (*Function)(nil)

// sent pushes evs, the stream up to the playhead t.
func (f *Function) sent(evs []faas.Event, t time.Duration) {
	f.out.push(evs...)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(evs) > 0 {
		f.last = evs[len(evs)-1]
	}
	f.at = t
}

func (f *Function) Events() <-chan faas.Event { return f.out.c }

// Snapshot is the latest event's state, its elapsed time and always-on
// server cost carried on to the playhead, as the live engine's clock
// carries them between events.
func (f *Function) Snapshot() faas.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.last.Snapshot
	if f.last.Time.IsZero() {
		return s
	}
	since := f.deck.tp.Header().Started.Add(f.deck.Time()).Sub(f.last.Time)
	if since > 0 && s.Elapsed > 0 {
		s.Stats.ServerUSD *= float64(s.Elapsed+since) / float64(s.Elapsed)
		s.Elapsed += since
	}
	return s
}

func (f *Function) Clock() clock.Clock { return f.deck.clk }

func (f *Function) Config() faas.Config { return f.Snapshot().Config }

func (f *Function) Configure(faas.Config) error { return f.deck.actionsOff() }

func (f *Function) Invoke(context.Context) faas.Invocation { return f.refused() }

func (f *Function) InvokeWork(context.Context, int) faas.Invocation { return f.refused() }

func (f *Function) Burst(context.Context, int) []faas.Invocation {
	return []faas.Invocation{f.refused()}
}

// refused is an invocation that never ran, saying why.
func (f *Function) refused() faas.Invocation {
	return faas.Invocation{Status: faas.StatusError, Err: f.deck.actionsOff().Error()}
}

func (f *Function) SkipToIdleReap() bool { return false }

// Reset starts the stream over at the deck's playhead: a seek.
func (f *Function) Reset(context.Context) error {
	f.deck.mu.Lock()
	defer f.deck.mu.Unlock()
	f.deck.startFunction(f, true)
	return nil
}

// Close ends the stream.
func (f *Function) Close(context.Context) error { f.out.close(); return nil }
