package lessons

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func lessonFile(id, track string, order int, extra ...string) *fstest.MapFile {
	lines := []string{"---", "id: " + id, "title: Lesson " + id, "track: " + track, fmt.Sprintf("order: %d", order), "---", "Some text about " + id + "."}
	return &fstest.MapFile{Data: lesson(append(lines, extra...)...)}
}

func trackFile(id string, order int) *fstest.MapFile {
	return &fstest.MapFile{Data: fmt.Appendf(nil, "id: %s\ntitle: Track %s\norder: %d\n", id, id, order)}
}

func builtin() fstest.MapFS {
	return fstest.MapFS{
		"serverless/track.yaml":    trackFile("serverless", 1),
		"serverless/01-a.md":       lessonFile("a", "serverless", 1),
		"serverless/02-b.md":       lessonFile("b", "serverless", 2),
		"serverless/03-c.md":       lessonFile("c", "serverless", 3),
		"orchestration/track.yaml": trackFile("orchestration", 2),
		"orchestration/01-x.md":    lessonFile("x", "orchestration", 1),
		"README.md":                {Data: []byte("# Not a lesson\n")},
		".hidden/y.md":             {Data: []byte("not a lesson either")},
	}
}

func ids(ls []*Lesson) string {
	var s []string
	for _, l := range ls {
		s = append(s, l.ID)
	}
	return strings.Join(s, " ")
}

func TestCatalogOrderAndNavigation(t *testing.T) {
	fsys := builtin()
	fsys["serverless/00-late.md"] = lessonFile("late", "serverless", 4) // order wins over file name
	c, problems := Load(Dir{FS: fsys, Name: "content"})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%s", problemLines(problems))
	}
	var tracks []string
	for _, tr := range c.Tracks() {
		tracks = append(tracks, tr.ID)
	}
	if got := strings.Join(tracks, " "); got != "serverless orchestration" {
		t.Errorf("tracks: %s", got)
	}
	if got := ids(c.Lessons()); got != "a b c late x" {
		t.Errorf("lessons: %s", got)
	}
	if got := ids(c.Track("serverless").Lessons); got != "a b c late" {
		t.Errorf("track lessons: %s", got)
	}
	if c.Track("nope") != nil || c.Lesson("nope") != nil {
		t.Error("unknown ids should give nil")
	}
	if got := c.Lesson("b").Path; got != "content/serverless/02-b.md" {
		t.Errorf("path: %s", got)
	}
	tests := []struct{ id, next, prev string }{
		{"a", "b", ""},
		{"b", "c", "a"},
		{"late", "", "c"}, // the end of a track does not run into the next track
		{"x", "", ""},
		{"nope", "", ""},
	}
	for _, tt := range tests {
		name := func(l *Lesson) string {
			if l == nil {
				return ""
			}
			return l.ID
		}
		if got := name(c.Next(tt.id)); got != tt.next {
			t.Errorf("Next(%s) = %q, want %q", tt.id, got, tt.next)
		}
		if got := name(c.Prev(tt.id)); got != tt.prev {
			t.Errorf("Prev(%s) = %q, want %q", tt.id, got, tt.prev)
		}
	}
}

func TestLoadProblems(t *testing.T) {
	fsys := builtin()
	fsys["serverless/04-dup.md"] = lessonFile("b", "serverless", 4)
	fsys["serverless/05-lost.md"] = lessonFile("lost", "serverles", 5)
	fsys["serverless/06-broken.md"] = lessonFile("broken", "serverless", 6, "```quiz", "prompt: p", "```")
	fsys["interview/track.yaml"] = trackFile("interview", 3)
	fsys["interview/01-bank.md"] = lessonFile("bank", "interview", 1,
		"```interview", "question: q", "answer: a", "lesson: a", "```", // draws on a known lesson
		"```interview", "question: q2", "answer: a2", "lesson: missing", "```")
	fsys["zz-other/track.yaml"] = trackFile("serverless", 9)
	fsys["notes.md"] = &fstest.MapFile{Data: []byte("just notes\n")}

	c, problems := Load(Dir{FS: fsys, Name: "content"})
	want := []string{
		`content/interview/01-bank.md:16: interview card draws on unknown lesson "missing"`,
		`content/notes.md:1: missing front matter`,
		`content/zz-other/track.yaml:1: duplicate track id "serverless" (also in content/serverless/track.yaml)`,
		`content/serverless/04-dup.md:2: duplicate lesson id "b" (also in content/serverless/02-b.md)`,
		`content/serverless/05-lost.md:4: unknown track "serverles" (known: interview, orchestration, serverless)`,
		`content/serverless/06-broken.md:8: quiz needs`,
	}
	got := problemLines(problems)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q in:\n%s", w, got)
		}
	}
	// Every good lesson is still there; the broken ones are not.
	if got := ids(c.Lessons()); got != "a b c x" {
		t.Errorf("lessons: %s", got)
	}
	if c.Lesson("b").Path != "content/serverless/02-b.md" {
		t.Error("the first lesson with a duplicated id should stay")
	}
	if len(c.Tracks()) != 3 {
		t.Errorf("tracks: %d", len(c.Tracks()))
	}
}

func TestLoadUserDirs(t *testing.T) {
	user := fstest.MapFS{
		"my-lesson.md":      lessonFile("mine", "serverless", 10), // joins a built-in track
		"k8s/track.yaml":    trackFile("homelab", 5),
		"k8s/01-cluster.md": lessonFile("cluster", "homelab", 1),
		"k8s/02-broken.md":  {Data: []byte("---\nid: broken\n")},
		"k8s/03-another.md": lessonFile("another", "homelab", 3),
		"clash/a-again.md":  lessonFile("a", "serverless", 1),
	}
	c, problems := Load(Dir{FS: builtin(), Name: "content"}, Dir{FS: user, Name: "/home/me/lessons"})
	got := problemLines(problems)
	for _, w := range []string{
		"/home/me/lessons/k8s/02-broken.md:1: front matter is never closed",
		`/home/me/lessons/clash/a-again.md:2: duplicate lesson id "a" (also in content/serverless/01-a.md)`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q in:\n%s", w, got)
		}
	}
	if len(problems) != 2 {
		t.Errorf("want 2 problems, got:\n%s", got)
	}
	if got := ids(c.Track("serverless").Lessons); got != "a b c mine" {
		t.Errorf("serverless: %s", got)
	}
	if got := ids(c.Track("homelab").Lessons); got != "cluster another" {
		t.Errorf("homelab: %s", got)
	}
	if c.Next("c").ID != "mine" || c.Lesson("a").Path != "content/serverless/01-a.md" {
		t.Error("user lesson should follow the built-in ones; the built-in lesson keeps its id")
	}
}

func TestLoadReference(t *testing.T) {
	// `lint DIR`: the built-in content resolves names only; a working copy of
	// it does not clash with it.
	working := builtin()
	working["serverless/02-b.md"] = lessonFile("b", "serverless", 2, "```interview", "question: q", "answer: a", "lesson: x", "```")
	user := fstest.MapFS{"mine.md": lessonFile("mine", "orchestration", 5, "```interview", "question: q", "answer: a", "lesson: a", "```")}
	ref := Dir{FS: builtin(), Name: "content", Reference: true}

	c, problems := Load(ref, Dir{FS: working, Name: "content"})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%s", problemLines(problems))
	}
	if s := c.Stats(); s != (Stats{Tracks: 2, Lessons: 4, Cards: 1}) {
		t.Errorf("working copy stats: %+v", s)
	}

	c, problems = Load(ref, Dir{FS: user, Name: "mine"})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%s", problemLines(problems))
	}
	if s := c.Stats(); s != (Stats{Tracks: 1, Lessons: 1, Cards: 1}) {
		t.Errorf("user dir stats: %+v", s)
	}

	broken := fstest.MapFS{"x.md": lessonFile("y", "nowhere", 1)}
	_, problems = Load(Dir{FS: fstest.MapFS{"bad.md": {Data: []byte("oops")}}, Name: "ref", Reference: true}, Dir{FS: broken, Name: "b"})
	if got := problemLines(problems); len(problems) != 1 || !strings.Contains(got, `b/x.md:4: unknown track "nowhere"`) {
		t.Errorf("only the linted dir's problems should be reported, got:\n%s", got)
	}
}

func TestLoadMissingDir(t *testing.T) {
	c, problems := Load(Dir{FS: builtin(), Name: "content"}, OSDir(t.TempDir()+"/does-not-exist"))
	if len(problems) != 1 || !strings.Contains(problems[0].String(), "does-not-exist: cannot read") {
		t.Errorf("got:\n%s", problemLines(problems))
	}
	if len(c.Lessons()) != 4 {
		t.Error("a missing user dir must not hide the built-in lessons")
	}
}

func TestCatalogQuizAndCards(t *testing.T) {
	fsys := builtin()
	fsys["serverless/01-a.md"] = lessonFile("a", "serverless", 1,
		"```quiz", "prompt: p", "choices: [{text: a, correct: true}, {text: b}]", "explanation: e", "```",
		"```interview", "question: q", "answer: a", "```",
		"```quiz", "prompt: p2", "choices: [{text: a}, {text: b, correct: true}]", "explanation: e", "```")
	c, problems := Load(Dir{FS: fsys})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%s", problemLines(problems))
	}
	if q := c.Quiz("a#3"); q == nil || q.Prompt != "p2" {
		t.Errorf("Quiz(a#3) = %+v", q)
	}
	if c.Quiz("a#2") != nil || c.Quiz("zz#1") != nil {
		t.Error("a#2 is a card, zz is no lesson")
	}
	if cards := c.Cards(); len(cards) != 1 || cards[0].ID != "a#2" {
		t.Errorf("cards: %+v", cards)
	}
	if s := c.Stats(); s != (Stats{Tracks: 2, Lessons: 4, Quizzes: 2, Cards: 1}) {
		t.Errorf("stats: %+v", s)
	}
}
