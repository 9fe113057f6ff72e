package exercise

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/check"
)

// startRun cancels the run in flight, if any, and starts a new one: the
// Checker runs in a goroutine the command starts, and its progress and
// verdict come back as runMsgs, each carrying the command that reads the
// next.
func (m *Model) startRun(reason string) tea.Cmd {
	switch {
	case m.check == nil:
		m.setNote("No engine is wired to run the checks.", true)
		return nil
	case m.ws.Dir == "":
		m.queued = m.wsErr == nil
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	if !m.life.startRun(cancel) {
		cancel()
		return nil
	}
	m.run = runState{gen: m.run.gen + 1, running: true, reason: reason}
	if !m.bad {
		m.note = "" // the run is the news now
	}
	gen, ws, ex, checker := m.run.gen, m.ws, m.ex, m.check
	events := make(chan runMsg)
	send := func(msg runMsg) {
		select {
		case events <- msg:
		case <-ctx.Done(): // a newer run, or the screen left: nobody reads
		}
	}
	var next tea.Cmd
	next = func() tea.Msg {
		msg, ok := <-events
		if !ok {
			return nil
		}
		msg.next = next
		return msg
	}
	start := func() tea.Msg {
		go func() {
			defer close(events)
			defer cancel()
			files, err := ws.Files()
			var rep check.Report
			if err == nil {
				rep, err = checker(ctx, ex, files, func(p check.Progress) { send(runMsg{gen: gen, progress: &p}) })
			}
			send(runMsg{gen: gen, report: rep, err: err})
		}()
		return next()
	}
	cmds := []tea.Cmd{start}
	if !m.ctx.NoAnimation && !m.spinning {
		m.spinning = true
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// runUpdate takes one message of a run: progress, or the verdict, which is
// recorded in progress.
func (m *Model) runUpdate(msg runMsg) tea.Cmd {
	if msg.gen != m.run.gen {
		return nil // an older run: its reader stops here, its goroutine was cancelled
	}
	if msg.progress != nil {
		m.run.progress = *msg.progress
		return msg.next
	}
	m.run.running, m.run.done = false, true
	m.run.report, m.run.err, m.run.files = msg.report, nil, nil
	var fe *check.FilesError
	switch {
	case msg.err == nil:
		m.store.RecordRun(m.ex.ID, msg.report.Passed, len(msg.report.Results))
	case errors.As(msg.err, &fe):
		// The learner's files could not be applied: a try that passed nothing.
		m.run.files = fe
		m.store.RecordRun(m.ex.ID, 0, len(m.ex.Checks))
	case errors.Is(msg.err, context.Canceled):
		m.run.done = false
		return nil
	default:
		m.run.err = msg.err // not the learner's doing: not recorded
		return nil
	}
	return m.saveProgress()
}
