package demokit

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fit fits lines into a w x h screen: the first h lines, each cut to w
// with tail.
func Fit(lines []string, w, h int, tail string) string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, tail)
	}
	return strings.Join(lines, "\n")
}

// FitWithFooter fits body then footer into a w x h screen (h 0: as tall as
// they are), each line cut to w with "…"; when they are too tall, the end
// of body gives way so the footer (status, keys' notes) stays.
func FitWithFooter(body, footer []string, w, h int) string {
	lines := append(body, footer...)
	if h > 0 && len(lines) > h {
		lines = append(lines[:max(0, h-len(footer))], footer...)
		lines = lines[:min(len(lines), h)]
	}
	return Fit(lines, w, len(lines), "…")
}

// AppendLast appends more to log and keeps its newest n: a view's bounded
// logs (events, responses, invocations).
func AppendLast[T any](log []T, n int, more ...T) []T {
	log = append(log, more...)
	if over := len(log) - n; over > 0 {
		log = append(log[:0], log[over:]...)
	}
	return log
}
