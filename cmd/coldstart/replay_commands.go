package main

// `coldstart replay FILE --commands`: the real commands of a recorded run's
// actions (its "command" records, sandbox/commands) as a shell script, the
// waits between them and what happened meanwhile as comments.

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	recording "github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
)

// replayCommands writes rec's commands to w as a script.
func replayCommands(rec *recording.Recording, w io.Writer) error {
	h := rec.Header
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# The real commands of a coldstart demo run: %s, recorded %s by coldstart %s\n", h.Demo, h.Started.UTC().Format(time.RFC3339), h.Version)
	fmt.Fprintf(&b, "# options: %s\n", compactJSON(h.Options))
	fmt.Fprintf(&b, "# backend: %s\n", h.Runtime)
	b.WriteString("# Each line is what you would type against the real system; the comments\n")
	b.WriteString("# are the waits between them and what happened meanwhile.\n")

	describe := describeClusterEvent
	if h.Demo == coldstart.Name {
		describe = describeFunctionEvent
	}
	var (
		last    time.Duration // of the previous command, or the start
		events  int           // since it
		latest  string        // the latest of them, described
		written int
	)
	wait := func(at time.Duration, first bool) {
		when := fmt.Sprintf("… %s later", seconds1(at-last))
		if first {
			when = seconds1(at) + " after the start"
		}
		if events == 0 {
			fmt.Fprintf(&b, "# %s\n", when)
			return
		}
		fmt.Fprintf(&b, "# %s: %s, %d events\n", when, latest, events)
	}
	for _, r := range rec.Records() {
		switch scenario.Type(r.Type) {
		case scenario.TypeEvent:
			events++
			latest = describe(r.Body)
		case "command":
			var c scenario.Command
			if err := json.Unmarshal(r.Body, &c); err != nil {
				return fmt.Errorf("replay: the command at %v: %w", r.T, err)
			}
			if written == 0 || r.T > last || events > 0 {
				b.WriteString("\n")
				wait(r.T, written == 0)
			}
			b.WriteString(c.Text + "\n")
			last, events, latest = r.T, 0, ""
			written++
		}
	}
	if written == 0 {
		b.WriteString("\n# no actions were recorded (recordings made before coldstart recorded commands have none)\n")
	} else {
		b.WriteString("\n")
		wait(rec.Duration(), false)
		b.WriteString("# the recording ends\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// seconds1 is d in seconds with one decimal: "4.2 s".
func seconds1(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func compactJSON(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return "{}"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// describeClusterEvent is a recorded cluster.Event in a few words:
// "pod web-x was Killing".
func describeClusterEvent(body json.RawMessage) string {
	var e struct{ Object, Reason string }
	json.Unmarshal(body, &e)
	kind, name, _ := strings.Cut(e.Object, "/")
	return fmt.Sprintf("%s %s was %s", kind, name, e.Reason)
}

// describeFunctionEvent is a recorded faas.Event in a few words:
// "env-2 env_reaped", "invocation 3 (cold) invoke_end".
func describeFunctionEvent(body json.RawMessage) string {
	var e faas.Event
	json.Unmarshal(body, &e)
	if inv := e.Invocation; inv != nil {
		return fmt.Sprintf("invocation %d (%s) %s", inv.ID, inv.Kind, e.Type)
	}
	if e.Env != "" {
		return fmt.Sprintf("%s %s", e.Env, e.Type)
	}
	return string(e.Type)
}
