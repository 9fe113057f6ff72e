package tui

import (
	"regexp"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/tui/common"
)

// maxReadingWidth caps the prose width: long lines are hard to read.
const maxReadingWidth = 100

// renderKey identifies one rendering of a lesson's prose.
type renderKey struct {
	lesson string
	width  int
	style  string // glamour style name: dark or light
}

// renderedLesson is a lesson's prose rendered by glamour: one string per
// segment, empty for quiz segments (the reader draws those itself).
type renderedLesson struct {
	key   renderKey
	prose []string
	err   error
}

// renderCache keeps rendered lessons per (lesson, width, style), so going
// back to a lesson or resizing back is instant. It is shared by the reader's
// render commands, which run on other goroutines.
type renderCache struct {
	mu sync.Mutex
	m  map[renderKey]*renderedLesson
}

func newRenderCache() *renderCache { return &renderCache{m: map[renderKey]*renderedLesson{}} }

func (c *renderCache) get(k renderKey) (*renderedLesson, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[k]
	return r, ok
}

// maxCached bounds the cache: every lesson at a couple of widths, while
// dragging a window edge through many widths cannot grow it without end.
const maxCached = 128

func (c *renderCache) put(r *renderedLesson) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCached {
		clear(c.m)
	}
	c.m[r.key] = r
}

// segmentBreak separates segments in the one document glamour renders: one
// call for the whole lesson is about twice as fast as one per segment.
const segmentBreak = "coldstartsegmentbreak"

// renderLesson renders a lesson's prose and card segments with glamour. It
// is slow (tens of ms for a long lesson), so it runs in a tea.Cmd; a glamour
// renderer is not safe for concurrent use, so each call makes its own.
func renderLesson(l *lessons.Lesson, k renderKey) *renderedLesson {
	segs := segments(l)
	out := &renderedLesson{key: k, prose: make([]string, len(segs))}
	var doc strings.Builder
	var textSegs []int // indexes of the segments in doc, in order
	for i, s := range segs {
		text := s.Markdown
		if s.Card != nil {
			text = cardMarkdown(s.Card)
		}
		if s.Quiz != nil || strings.TrimSpace(text) == "" {
			continue
		}
		if len(textSegs) > 0 {
			doc.WriteString("\n\n" + segmentBreak + "\n\n")
		}
		doc.WriteString(joinListLines(text))
		textSegs = append(textSegs, i)
	}
	if len(textSegs) == 0 {
		return out
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(k.style), glamour.WithWordWrap(k.width))
	if err != nil {
		out.err = err
		return out
	}
	defer r.Close()
	md, err := r.Render(doc.String())
	if err != nil {
		out.err = err
		return out
	}
	var part []string
	n := 0
	flush := func() {
		if n < len(textSegs) {
			// Without glamour's margins, segments join with exactly one blank line.
			out.prose[textSegs[n]] = common.TrimBlankLines(strings.Join(part, "\n"))
		}
		part, n = part[:0], n+1
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.TrimSpace(ansi.Strip(line)) == segmentBreak {
			flush()
			continue
		}
		part = append(part, line)
	}
	flush()
	return out
}

// cardMarkdown shows an interview card for reading: the question, then the
// model answer as a quote. (Drills, which hide the answer, are elsewhere.)
func cardMarkdown(c *lessons.Card) string {
	var b strings.Builder
	b.WriteString("**Q: " + strings.TrimSpace(c.Question) + "**\n\n")
	for _, line := range strings.Split(strings.TrimSpace(c.Answer), "\n") {
		b.WriteString("> " + line + "\n")
	}
	return b.String()
}

// segments is the lesson in reading order: its objectives under the title,
// then its segments (or the body of a lesson built without them, in a test),
// then its sources, so every fact can be followed to where it comes from.
func segments(l *lessons.Lesson) []lessons.Segment {
	segs := l.Segments
	if len(segs) == 0 {
		segs = []lessons.Segment{{Markdown: l.Body}}
	}
	var head, tail []lessons.Segment
	if len(l.Objectives) > 0 {
		var b strings.Builder
		b.WriteString("**In this lesson you will:**\n\n")
		for _, o := range l.Objectives {
			b.WriteString("- " + o + "\n")
		}
		head = append(head, lessons.Segment{Markdown: b.String()})
		// Keep the lesson's own title first.
		if first := strings.TrimLeft(segs[0].Markdown, "\n"); strings.HasPrefix(first, "# ") {
			title, rest, _ := strings.Cut(first, "\n")
			head = append([]lessons.Segment{{Markdown: title}}, head...)
			segs = append([]lessons.Segment{{Markdown: rest}}, segs[1:]...)
		}
	}
	if len(l.Sources) > 0 {
		var b strings.Builder
		b.WriteString("## Sources\n\n")
		for _, src := range l.Sources {
			b.WriteString("- " + src.Title + " — " + src.URL + "\n")
		}
		tail = append(tail, lessons.Segment{Markdown: b.String()})
	}
	if len(head) == 0 && len(tail) == 0 {
		return segs
	}
	return append(append(head, segs...), tail...)
}

// listItemRE matches the first line of a list item: its indent and marker.
var listItemRE = regexp.MustCompile(`^(\s*)([-*+]|\d+[.)])\s+\S`)

// joinListLines puts each list item's text on one line. glamour keeps the
// soft line breaks inside list items (but not paragraphs) as hard breaks,
// which leaves a ragged edge once it wraps the text again. Code fences are
// left alone, and nested items, quotes and tables start their own line.
func joinListLines(md string) string {
	lines := strings.Split(md, "\n")
	out := lines[:0:0]
	inFence, inItem := false, false
	for _, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			inFence, inItem = !inFence, false
		case inFence || trimmed == "":
			inItem = false
		case listItemRE.MatchString(line):
			inItem = true
		case inItem && line != trimmed && !strings.HasPrefix(trimmed, ">") && !strings.HasPrefix(trimmed, "|"):
			out[len(out)-1] += " " + trimmed
			continue
		default:
			inItem = false
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
