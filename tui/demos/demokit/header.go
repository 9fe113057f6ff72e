package demokit

import (
	"fmt"

	"charm.land/bubbles/v2/spinner"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// BackendLine is "backend <name> — <why>" ("…" while none is chosen).
func BackendLine(th *theme.Theme, name, why string) string {
	if name == "" {
		name = "…"
	}
	line := th.Subtle.Render("backend ") + th.Highlight.Render(name)
	if why != "" {
		line += th.Subtle.Render(" — " + why)
	}
	return line
}

// StatusLine is the error, else the status with a spinner (a static mark
// without animation); ok is false when there is neither.
func StatusLine(th *theme.Theme, sp spinner.Model, noAnimation bool, status, err string) (line string, ok bool) {
	switch {
	case err != "":
		return th.Error.Render(theme.MarkFailed + " " + err), true
	case status != "":
		spin := theme.MarkInProgress
		if !noAnimation {
			spin = sp.View()
		}
		return th.Warning.Render(spin + " " + status + "…"), true
	}
	return "", false
}

// NewSpinner is the spinner every demo shows while it waits.
func NewSpinner() spinner.Model { return spinner.New(spinner.WithSpinner(spinner.MiniDot)) }

// EventLines are events as `kubectl get events` rows: type (warnings
// stand out), reason and message.
func EventLines(th *theme.Theme, events []cluster.Event) []string {
	var out []string
	for _, e := range events {
		typ := th.Subtle.Render(fmt.Sprintf("%-7s", e.Type))
		if e.Type == cluster.Warning {
			typ = th.Warning.Render(fmt.Sprintf("%-7s", e.Type))
		}
		out = append(out, fmt.Sprintf("%s %-17s %s", typ, e.Reason, e.Message))
	}
	return out
}
