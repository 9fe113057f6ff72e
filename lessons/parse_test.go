package lessons

import (
	"os"
	"strings"
	"testing"
)

// lesson builds a lesson file from lines, so each test case shows its line
// numbers plainly: line 1 is the first element.
func lesson(lines ...string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }

var goodFront = []string{
	"---",               // 1
	"id: cold-starts",   // 2
	"title: Cold",       // 3
	"track: serverless", // 4
	"order: 2",          // 5
	"minutes: 5",        // 6
	"---",               // 7
}

func withFront(body ...string) []byte {
	return lesson(append(append([]string{}, goodFront...), body...)...)
}

func TestParseProblems(t *testing.T) {
	quiz := func(lines ...string) []byte {
		return withFront(append([]string{"Some text.", "", "```quiz"}, append(lines, "```")...)...)
	}
	// In quiz(...) cases the fence is line 10 and the first YAML line is 11.
	tests := []struct {
		name string
		file []byte
		line int
		msg  string // substring of the message
	}{
		{"no front matter", lesson("# Hello", "text"), 1, "missing front matter"},
		{"empty file", []byte(""), 1, "missing front matter"},
		{"front matter never closed", lesson("---", "id: x", "title: y"), 1, "never closed"},
		{"front matter YAML error", lesson("---", "id: x", "title: [oops", "track: s", "---", "text"), 3, "not valid YAML"},
		{"front matter not a mapping", lesson("---", "- a", "- b", "---", "text"), 2, `"key: value"`},
		{"unknown key", lesson("---", "id: x", "title: y", "track: s", "titel: z", "---", "text"), 5, `unknown key "titel"`},
		{"repeated key", lesson("---", "id: x", "title: y", "track: s", "id: z", "---", "text"), 5, `"id" is repeated (first at line 2)`},
		{"missing id", lesson("---", "title: y", "track: s", "---", "text"), 1, `needs "id"`},
		{"missing title", lesson("---", "id: x", "track: s", "---", "text"), 1, `needs "title"`},
		{"missing track", lesson("---", "id: x", "title: y", "---", "text"), 1, `needs "track"`},
		{"id not a slug", lesson("---", "title: y", "id: Cold Starts", "track: s", "---", "text"), 3, "must be a slug"},
		{"order not a number", lesson("---", "id: x", "title: y", "track: s", "order: two", "---", "text"), 5, `"order" must be a whole number`},
		{"negative minutes", lesson("---", "id: x", "title: y", "track: s", "minutes: -3", "---", "text"), 5, "must not be negative"},
		{"title not text", lesson("---", "id: x", "title: [a, b]", "track: s", "---", "text"), 3, `"title" must be text`},
		{"objectives not a list", lesson("---", "id: x", "title: y", "track: s", "objectives: learn", "---", "text"), 5, "must be a list"},
		{"unknown demo", lesson("---", "id: x", "title: y", "track: s", "demos:", "  - cold-start", "  - warp-drive", "---", "text"), 7, `unknown demo "warp-drive" (known: cold-start, `},
		{"source without url", lesson("---", "id: x", "title: y", "track: s", "sources:", "  - title: A book", "---", "text"), 6, "source needs a url"},
		{"source url not a link", lesson("---", "id: x", "title: y", "track: s", "sources:", "  - title: A", "    url: docs.aws.amazon.com", "---", "text"), 7, "must start with https://"},
		{"empty title", lesson("---", "id: x", "title:", "track: s", "---", "text"), 3, `"title" is empty`},
		{"empty track", lesson("---", "id: x", "title: y", `track: ""`, "---", "text"), 4, `"track" is empty`},
		{"source unknown key", lesson("---", "id: x", "title: y", "track: s", "sources:", "  - title: A", "    link: http://x", "---", "text"), 7, `unknown key "link"`},
		{"empty lesson", withFront("", "  "), 7, "no text"},
		{"only a quiz is empty", withFront("```quiz", "prompt: p", "choices:", "  - text: a", "    correct: true", "  - text: b", "explanation: e", "```"), 7, "no text"},

		{"quiz no correct choice", quiz("prompt: p", "choices:", "  - text: a", "  - text: b", "explanation: e"), 10, "exactly one choice"},
		{"quiz two correct choices", quiz("prompt: p", "choices:", "  - text: a", "    correct: true", "  - text: b", "    correct: true", "explanation: e"), 10, "has 2"},
		{"quiz without prompt", quiz("choices:", "  - text: a", "    correct: true", "  - text: b", "explanation: e"), 10, `needs a "prompt"`},
		{"quiz without explanation", quiz("prompt: p", "choices:", "  - text: a", "    correct: true", "  - text: b"), 10, `needs an "explanation"`},
		{"quiz with one choice", quiz("prompt: p", "choices:", "  - text: a", "    correct: true", "explanation: e"), 10, "at least 2 choices, has 1"},
		{"quiz YAML error", quiz("prompt: p", "choices:", "  - text: a", "   correct: true", "explanation: e"), 13, "not valid YAML"},
		{"quiz YAML scanner error", quiz("prompt: p", "choices:", "  - text: \"a", "    correct: true", "explanation: e"), 13, "not valid YAML"},
		{"quiz typo key", quiz("prompt: p", "choices:", "  - text: a", "    corect: true", "  - text: b", "explanation: e"), 14, `unknown key "corect"`},
		{"quiz correct not bool", quiz("prompt: p", "choices:", "  - text: a", "    correct: definitely", "  - text: b", "explanation: e"), 14, `"correct" must be true or false`},
		{"quiz choice without text", quiz("prompt: p", "choices:", "  - correct: true", "  - text: b", "explanation: e"), 13, `choice needs a "text"`},
		{"quiz not a mapping", quiz("just words"), 11, `"key: value"`},
		{"quiz never closed", withFront("Text.", "", "```quiz", "prompt: p"), 10, "never closed"},
		{"card without question", withFront("Text.", "", "```interview", "answer: a", "```"), 10, `needs a "question"`},
		{"card without answer", withFront("Text.", "", "```interview", "question: q", "```"), 10, `needs an "answer"`},
		{"card unknown key", withFront("Text.", "", "```interview", "question: q", "answer: a", "level: hard", "```"), 13, `unknown key "level"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("x.md", tt.file)
			for _, p := range problems {
				if p.Line == tt.line && strings.Contains(p.Message, tt.msg) {
					return
				}
			}
			t.Errorf("want a problem at line %d containing %q, got:\n%s", tt.line, tt.msg, problemLines(problems))
		})
	}
}

func problemLines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}

func TestParseGoodLesson(t *testing.T) {
	file := lesson(
		"---",
		"id: cold-starts",
		"title: Cold starts",
		"track: serverless",
		"order: 2",
		"minutes: 5",
		"objectives:",
		"  - Explain a cold start",
		"demos: [cold-start]",
		"sources:",
		"  - title: AWS docs",
		"    url: https://docs.aws.amazon.com/lambda/",
		"---",
		"# Cold starts", // 14
		"",
		"````markdown", // 16: an example inside a longer fence stays prose
		"```quiz",
		"prompt: not a real quiz",
		"```",
		"````",
		"",
		"```quiz", // 22
		"prompt: What starts a cold start?",
		"choices:",
		"  - text: A request arrives and no idle environment exists",
		"    correct: true",
		"  - text: The code changes",
		"explanation: A new environment must be created.",
		"```",
		"More prose.",  // 30
		"~~~interview", // 31
		"question: Why do cold starts matter?",
		"answer: |",
		"  They add **latency** to the first request.",
		"lesson: cold-starts",
		"topic: latency",
		"~~~",
		"```quiz", // 38
		"prompt: Second?",
		"choices: [{text: a, correct: true}, {text: b}]",
		"explanation: because",
		"```",
	)
	l, problems := Parse("content/serverless/02.md", file)
	if len(problems) > 0 {
		t.Fatalf("unexpected problems:\n%s", problemLines(problems))
	}
	if l.ID != "cold-starts" || l.Title != "Cold starts" || l.Track != "serverless" || l.Order != 2 || l.Minutes != 5 {
		t.Errorf("front matter: got %+v", l)
	}
	if len(l.Objectives) != 1 || len(l.Demos) != 1 || l.Demos[0] != "cold-start" {
		t.Errorf("objectives %q demos %q", l.Objectives, l.Demos)
	}
	if len(l.Sources) != 1 || l.Sources[0].URL != "https://docs.aws.amazon.com/lambda/" {
		t.Errorf("sources: %+v", l.Sources)
	}
	if !strings.HasPrefix(l.Body, "# Cold starts\n") {
		t.Errorf("body starts %q", l.Body[:20])
	}

	var kinds []string
	for _, s := range l.Segments {
		switch {
		case s.Quiz != nil:
			kinds = append(kinds, "quiz:"+s.Quiz.ID)
		case s.Card != nil:
			kinds = append(kinds, "card:"+s.Card.ID)
		default:
			kinds = append(kinds, "prose")
		}
	}
	if got, want := strings.Join(kinds, " "), "prose quiz:cold-starts#1 prose card:cold-starts#2 quiz:cold-starts#3"; got != want {
		t.Errorf("segments: got %s, want %s", got, want)
	}
	if !strings.Contains(l.Segments[0].Markdown, "prompt: not a real quiz") {
		t.Errorf("the fenced example should stay in the prose: %q", l.Segments[0].Markdown)
	}
	q := l.Quizzes[0]
	if q.Line != 22 || q.Prompt != "What starts a cold start?" || len(q.Choices) != 2 || !q.Choices[0].Correct || q.Choices[1].Correct || q.Explanation == "" {
		t.Errorf("quiz: %+v", q)
	}
	if q2 := l.Quizzes[1]; q2.Line != 38 || len(q2.Choices) != 2 || !q2.Choices[0].Correct {
		t.Errorf("flow-style quiz: %+v", q2)
	}
	c := l.Cards[0]
	if c.Line != 31 || c.Question != "Why do cold starts matter?" || c.Answer != "They add **latency** to the first request." || c.Lesson != "cold-starts" || c.Topic != "latency" || c.lessonLine != 35 {
		t.Errorf("card: %+v", c)
	}
}

func TestParseCRLFAndBOM(t *testing.T) {
	file := "\uFEFF" + strings.ReplaceAll(string(withFront("Text.", "", "```quiz", "prompt: p", "choices:", "  - text: a", "  - text: b", "explanation: e", "```")), "\n", "\r\n")
	l, problems := Parse("x.md", []byte(file))
	if l == nil || l.ID != "cold-starts" {
		t.Fatalf("lesson not read: %+v", l)
	}
	if len(problems) != 1 || problems[0].Line != 10 {
		t.Errorf("want one problem at the quiz fence (line 10), got:\n%s", problemLines(problems))
	}
}

func TestParseTrack(t *testing.T) {
	tests := []struct {
		name, file string
		line       int
		msg        string
	}{
		{"ok", "id: serverless\ntitle: Serverless\ndescription: \"How: it works\"\norder: 1\n", 0, ""},
		{"colon in plain value", "id: s\ntitle: S\ndescription: How: it works\n", 3, "not valid YAML"},
		{"missing title", "id: s\n", 1, `needs "title"`},
		{"empty id", "id:\ntitle: S\n", 1, `"id" is empty`},
		{"unknown key", "id: s\ntitle: S\nname: x\n", 3, `unknown key "name"`},
		{"order not a number", "id: s\ntitle: S\norder: first\n", 3, "whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, problems := ParseTrack("track.yaml", []byte(tt.file))
			if tt.line == 0 {
				if len(problems) > 0 || tr.ID != "serverless" || tr.Description != "How: it works" || tr.Order != 1 {
					t.Errorf("got %+v, problems:\n%s", tr, problemLines(problems))
				}
				return
			}
			for _, p := range problems {
				if p.Line == tt.line && strings.Contains(p.Message, tt.msg) {
					return
				}
			}
			t.Errorf("want a problem at line %d containing %q, got:\n%s", tt.line, tt.msg, problemLines(problems))
		})
	}
}

func TestProblemString(t *testing.T) {
	if got := (Problem{File: "a.md", Line: 3, Message: "bad"}).String(); got != "a.md:3: bad" {
		t.Errorf("got %q", got)
	}
	if got := (Problem{File: "dir", Message: "cannot read"}).String(); got != "dir: cannot read" {
		t.Errorf("got %q", got)
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../content/serverless/09-concurrency-and-scaling.md")
	if err != nil {
		b.Skip("content lesson not found:", err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, problems := Parse("x.md", data); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}
