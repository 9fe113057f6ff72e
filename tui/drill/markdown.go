package drill

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// RenderedMsg carries a model answer rendered by RenderCmd.
type RenderedMsg struct {
	Key  RenderKey
	Text string
}

// RenderKey identifies one rendering of a model answer.
type RenderKey struct {
	ID    string // card id
	Width int
	Style string // glamour style: dark or light
}

// RenderCmd renders a card's model answer (markdown) with glamour off the UI
// goroutine; a renderer is not safe for concurrent use, so each call makes
// its own. On a glamour error the plain text is shown instead.
func RenderCmd(k RenderKey, markdown string) tea.Cmd {
	return func() tea.Msg {
		return RenderedMsg{Key: k, Text: renderMarkdown(paragraphs(markdown), k.Width, k.Style)}
	}
}

func renderMarkdown(md string, width int, style string) string {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return md
	}
	defer r.Close()
	out, err := r.Render(md)
	if err != nil {
		return md
	}
	return common.TrimBlankLines(out)
}

// paragraphs makes each line of a model answer its own paragraph: the bank
// writes one point per line, which markdown would run together. List items
// keep their single line breaks.
func paragraphs(md string) string {
	lines := strings.Split(strings.TrimSpace(md), "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
			if !listItem(l) && strings.TrimSpace(l) != "" && strings.TrimSpace(lines[i-1]) != "" {
				b.WriteString("\n")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

func listItem(l string) bool {
	l = strings.TrimSpace(l)
	if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
		return true
	}
	i := strings.IndexFunc(l, func(r rune) bool { return r < '0' || r > '9' })
	return i > 0 && strings.HasPrefix(l[i:], ". ")
}
