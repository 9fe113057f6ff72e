package lessons

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Parse reads one lesson file. path names the file in problems and becomes
// Lesson.Path. It returns the lesson as far as it could be read (nil when
// the file has no front matter) and every problem the file shows on its
// own; checks across files (duplicate ids, unknown tracks, card references)
// happen in Load.
func Parse(path string, data []byte) (*Lesson, []Problem) {
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	p := &lessonParser{path: path, nlines: len(lines)}

	if strings.TrimSpace(lines[0]) != "---" {
		p.addf(1, `missing front matter: a lesson starts with a "---" line, then its YAML fields (id, title, track, ...), then another "---" line`)
		return nil, p.problems
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool {
		l = strings.TrimRight(l, " \t")
		return l == "---" || l == "..."
	}) + 1
	if end == 0 {
		p.addf(1, `front matter is never closed: add a "---" line after the last field`)
		return nil, p.problems
	}

	l := &Lesson{Path: path}
	p.frontMatter(l, strings.Join(lines[1:end], "\n"), end)
	l.Body = strings.Join(lines[end+1:], "\n")
	p.body(l, lines[end+1:], end+2)
	sortProblems(p.problems)
	return l, p.problems
}

type lessonParser struct {
	path     string
	nlines   int
	problems []Problem
}

func (p *lessonParser) addf(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.path, Line: line, Message: fmt.Sprintf(format, args...)})
}

// block returns a YAML reader for lines first..last of the file whose YAML
// line 1 is file line first.
func (p *lessonParser) block(first, last int) *yamlBlock {
	return &yamlBlock{file: p.path, offset: first - 1, first: first, last: max(first, last)}
}

func (p *lessonParser) merge(b *yamlBlock) { p.problems = append(p.problems, b.problems...) }

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// frontMatter reads the YAML between the "---" lines; end is the index of
// the closing line (so the YAML covers file lines 2..end).
func (p *lessonParser) frontMatter(l *Lesson, text string, end int) {
	b := p.block(2, end)
	b.first = 1 // missing-field problems point at the opening "---"
	defer p.merge(b)
	root := b.parse(text, "front matter")
	if root == nil {
		return
	}
	var demoNodes []*yaml.Node
	keys := b.fields(root, "front matter",
		field{"id", b.text(&l.ID)},
		field{"title", b.text(&l.Title)},
		field{"track", b.text(&l.Track)},
		field{"order", b.number(&l.Order)},
		field{"minutes", b.number(&l.Minutes)},
		field{"objectives", b.texts(&l.Objectives, nil)},
		field{"demos", b.texts(&l.Demos, &demoNodes)},
		field{"sources", b.list(func(_, e *yaml.Node) {
			if !b.mapping(e, "each source") {
				return
			}
			var s Source
			keys := b.fields(e, "source", field{"title", b.text(&s.Title)}, field{"url", b.text(&s.URL)})
			switch {
			case s.URL == "":
				b.at(e, "source needs a url")
			case !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://"):
				b.at(keys["url"], "source url %q must start with https:// or http://", s.URL)
			}
			l.Sources = append(l.Sources, s)
		})},
	)
	b.required("front matter", keys, map[string]string{"id": l.ID, "title": l.Title, "track": l.Track})
	if k := keys["id"]; k != nil {
		l.idLine = k.Line + b.offset
		if l.ID != "" && !slugRE.MatchString(l.ID) {
			b.at(k, "id %q must be a slug: lower-case letters, digits and single dashes, like \"cold-starts\"", l.ID)
		}
	}
	if k := keys["track"]; k != nil {
		l.trackLine = k.Line + b.offset
	}
	if l.Order < 0 {
		b.at(keys["order"], "\"order\" must not be negative")
	}
	if l.Minutes < 0 {
		b.at(keys["minutes"], "\"minutes\" must not be negative")
	}
	for i, d := range l.Demos {
		if !slices.Contains(KnownDemos, d) {
			b.at(demoNodes[i], "unknown demo %q (known: %s)", d, strings.Join(KnownDemos, ", "))
		}
	}
}

// body splits the markdown after the front matter into segments and reads
// its quiz and interview blocks. first is the file line of lines[0].
func (p *lessonParser) body(l *Lesson, lines []string, first int) {
	var prose []string
	flush := func() {
		if md := strings.Join(prose, "\n"); strings.TrimSpace(md) != "" {
			l.Segments = append(l.Segments, Segment{Markdown: md})
		}
		prose = prose[:0]
	}
	hasText := false
	blocks := 0
	for i := 0; i < len(lines); i++ {
		f, ok := openFence(lines[i])
		if !ok {
			prose = append(prose, lines[i])
			hasText = hasText || strings.TrimSpace(lines[i]) != ""
			continue
		}
		close := i + 1
		for close < len(lines) && !f.closedBy(lines[close]) {
			close++
		}
		kind := strings.ToLower(strings.Fields(f.info + " x")[0])
		if kind != "quiz" && kind != "interview" {
			// An ordinary code block: prose, copied through whole, so a
			// "```quiz" shown inside a longer fence stays an example.
			prose = append(prose, lines[i:min(close+1, len(lines))]...)
			hasText = true
			i = close
			continue
		}
		flush()
		line := first + i
		if close == len(lines) {
			p.addf(line, "```%s block is never closed: end it with a ``` line", kind)
			break
		}
		blocks++
		id := fmt.Sprintf("%s#%d", l.ID, blocks)
		b := p.block(line+1, first+close)
		b.first = line // block-level problems point at the fence
		text := strings.Join(lines[i+1:close], "\n")
		if kind == "quiz" {
			q := readQuiz(b, text, id, line)
			l.Quizzes = append(l.Quizzes, q)
			l.Segments = append(l.Segments, Segment{Quiz: q})
		} else {
			c := readCard(b, text, id, line)
			l.Cards = append(l.Cards, c)
			l.Segments = append(l.Segments, Segment{Card: c})
			hasText = true
		}
		p.merge(b)
		i = close
	}
	flush()
	if !hasText {
		p.addf(first-1, "lesson has no text after the front matter")
	}
}

func readQuiz(b *yamlBlock, text, id string, line int) *Quiz {
	q := &Quiz{ID: id, Line: line}
	root := b.parse(text, "quiz")
	if root == nil {
		return q
	}
	b.fields(root, "quiz",
		field{"prompt", b.text(&q.Prompt)},
		field{"choices", b.list(func(_, e *yaml.Node) {
			if !b.mapping(e, "each choice") {
				return
			}
			var c Choice
			b.fields(e, "choice", field{"text", b.text(&c.Text)}, field{"correct", b.boolean(&c.Correct)})
			if c.Text == "" {
				b.at(e, "choice needs a \"text\"")
			}
			q.Choices = append(q.Choices, c)
		})},
		field{"explanation", b.text(&q.Explanation)},
	)
	if q.Prompt == "" {
		b.addf(line, "quiz needs a \"prompt\"")
	}
	if q.Explanation == "" {
		b.addf(line, "quiz needs an \"explanation\" (shown after the learner answers)")
	}
	if len(q.Choices) < 2 {
		b.addf(line, "quiz needs at least 2 choices, has %d", len(q.Choices))
	}
	correct := 0
	for _, c := range q.Choices {
		if c.Correct {
			correct++
		}
	}
	if len(q.Choices) > 0 && correct != 1 {
		b.addf(line, "quiz needs exactly one choice with \"correct: true\", has %d", correct)
	}
	q.Fingerprint = fingerprint(q)
	return q
}

func readCard(b *yamlBlock, text, id string, line int) *Card {
	c := &Card{ID: id, Line: line}
	root := b.parse(text, "interview card")
	if root == nil {
		return c
	}
	keys := b.fields(root, "interview card",
		field{"question", b.text(&c.Question)},
		field{"answer", b.text(&c.Answer)},
		field{"lesson", b.text(&c.Lesson)},
		field{"topic", b.text(&c.Topic)},
	)
	if c.Question == "" {
		b.addf(line, "interview card needs a \"question\"")
	}
	if c.Answer == "" {
		b.addf(line, "interview card needs an \"answer\" (the model answer)")
	}
	if k := keys["lesson"]; k != nil {
		c.lessonLine = k.Line + b.offset
	}
	return c
}

// fence is an opening code fence (CommonMark: up to 3 spaces of indent, 3
// or more backticks or tildes, then an info string).
type fence struct {
	char byte
	n    int
	info string
}

func openFence(line string) (fence, bool) {
	rest := strings.TrimLeft(line, " ")
	if len(line)-len(rest) > 3 || len(rest) < 3 || (rest[0] != '`' && rest[0] != '~') {
		return fence{}, false
	}
	n := len(rest) - len(strings.TrimLeft(rest, rest[:1]))
	info := strings.TrimSpace(rest[n:])
	if n < 3 || (rest[0] == '`' && strings.Contains(info, "`")) {
		return fence{}, false
	}
	return fence{char: rest[0], n: n, info: info}, true
}

func (f fence) closedBy(line string) bool {
	rest := strings.TrimLeft(line, " ")
	if len(line)-len(rest) > 3 {
		return false
	}
	run := len(rest) - len(strings.TrimLeft(rest, string(f.char)))
	return run >= f.n && strings.TrimSpace(rest[run:]) == ""
}
