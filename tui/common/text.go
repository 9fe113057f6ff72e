package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// TrimBlankLines drops the blank lines (blank once styling is stripped)
// around s: glamour's margins around a rendered document.
func TrimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	blank := func(l string) bool { return strings.TrimSpace(ansi.Strip(l)) == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
