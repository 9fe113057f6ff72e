package content_test

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
)

// The course's quality bar. These tests read the embedded content exactly
// as the binary does.

const (
	minWords          = 300 // per lesson; interview lessons count their cards
	minTrackLessons   = 13  // serverless and orchestration: a track a learner finishes
	maxTrackLessons   = 15
	minLessonQuizzes  = 3 // per lesson of those tracks
	minInterviewCards = 75
)

var mainTracks = []string{"serverless", "orchestration"}

func load(t testing.TB) *lessons.Catalog {
	t.Helper()
	c, problems := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	for _, p := range problems {
		t.Error(p)
	}
	return c
}

// parseAll parses every lesson file on its own, so the checks below see
// every file even if Load left one out.
func parseAll(t *testing.T) []*lessons.Lesson {
	t.Helper()
	var all []*lessons.Lesson
	err := fs.WalkDir(content.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := fs.ReadFile(content.FS, path)
		if err != nil {
			return err
		}
		l, _ := lessons.Parse("content/"+path, data) // problems: see TestLintClean
		if l != nil {
			all = append(all, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("no lessons embedded")
	}
	return all
}

func TestLintClean(t *testing.T) {
	load(t)
}

func TestIDsUnique(t *testing.T) {
	seen := map[string]string{}
	for _, l := range parseAll(t) {
		if prev, ok := seen[l.ID]; ok {
			t.Errorf("lesson id %q in both %s and %s", l.ID, prev, l.Path)
		}
		seen[l.ID] = l.Path
	}
}

func TestEveryLessonReachableFromItsTrack(t *testing.T) {
	c := load(t)
	reachable := map[string]bool{}
	for _, tr := range c.Tracks() {
		if len(tr.Lessons) == 0 {
			continue
		}
		// Walk the track with Next, as the reader's "next lesson" key does.
		for l := tr.Lessons[0]; l != nil; l = c.Next(l.ID) {
			if reachable[l.ID] {
				t.Fatalf("track %s loops at %s", tr.ID, l.ID)
			}
			reachable[l.ID] = true
		}
	}
	for _, l := range parseAll(t) {
		if !reachable[l.ID] {
			t.Errorf("%s: lesson %q cannot be reached from track %q", l.Path, l.ID, l.Track)
		}
	}
}

func TestDemosKnown(t *testing.T) {
	for _, l := range parseAll(t) {
		for _, d := range l.Demos {
			if !slices.Contains(lessons.KnownDemos, d) {
				t.Errorf("%s: unknown demo %q", l.Path, d)
			}
		}
	}
}

func TestQuizzesWellFormed(t *testing.T) {
	for _, l := range parseAll(t) {
		for _, q := range l.Quizzes {
			correct := 0
			for _, ch := range q.Choices {
				if ch.Correct {
					correct++
				}
			}
			if correct != 1 {
				t.Errorf("%s:%d: %d correct choices, want exactly 1", l.Path, q.Line, correct)
			}
			if strings.TrimSpace(q.Explanation) == "" {
				t.Errorf("%s:%d: quiz has no explanation", l.Path, q.Line)
			}
			if len(q.Choices) < 2 {
				t.Errorf("%s:%d: quiz has %d choices", l.Path, q.Line, len(q.Choices))
			}
		}
	}
}

// words counts what a learner reads: prose and interview cards (quizzes
// are not counted).
func words(l *lessons.Lesson) int {
	n := 0
	for _, s := range l.Segments {
		n += len(strings.Fields(s.Markdown))
		if s.Card != nil {
			n += len(strings.Fields(s.Card.Question)) + len(strings.Fields(s.Card.Answer))
		}
	}
	return n
}

func TestLessonLength(t *testing.T) {
	for _, l := range parseAll(t) {
		if n := words(l); n < minWords {
			t.Errorf("%s: %d words, want at least %d", l.Path, n, minWords)
		}
	}
}

func TestCardsDrawOnKnownLessons(t *testing.T) {
	c := load(t)
	for _, card := range c.Cards() {
		if card.Lesson != "" && c.Lesson(card.Lesson) == nil {
			t.Errorf("card %s draws on unknown lesson %q", card.ID, card.Lesson)
		}
	}
}

func TestCourseSize(t *testing.T) {
	c := load(t)
	for _, id := range mainTracks {
		tr := c.Track(id)
		if tr == nil {
			t.Errorf("track %q missing", id)
			continue
		}
		if len(tr.Lessons) < minTrackLessons || len(tr.Lessons) > maxTrackLessons {
			t.Errorf("track %s has %d lessons, want %d to %d", id, len(tr.Lessons), minTrackLessons, maxTrackLessons)
		}
		for _, l := range tr.Lessons {
			if len(l.Quizzes) < minLessonQuizzes {
				t.Errorf("%s: %d quiz questions, want at least %d", l.Path, len(l.Quizzes), minLessonQuizzes)
			}
		}
	}
	if n := len(c.Cards()); n < minInterviewCards {
		t.Errorf("interview bank has %d cards, want at least %d", n, minInterviewCards)
	}
}

// TestReadmeExample keeps the author guide honest: its full example lesson
// must load cleanly next to the real content.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "````markdown\n")
	example, _, ok2 := strings.Cut(rest, "\n````\n")
	if !ok || !ok2 {
		t.Fatal("README.md has no ````markdown example lesson")
	}
	ref := lessons.Dir{FS: content.FS, Name: "content", Reference: true}
	example = strings.Replace(example, "id: cold-starts", "id: readme-example", 1)
	example = strings.Replace(example, "lesson: cold-starts", "lesson: readme-example", 1)
	c, problems := lessons.Load(ref, lessons.Dir{FS: fstest.MapFS{"example.md": {Data: []byte(example + "\n")}}, Name: "README.md"})
	for _, p := range problems {
		t.Error(p)
	}
	if l := c.Lesson("readme-example"); l == nil || len(l.Quizzes) != 1 || len(l.Cards) != 1 || len(l.Demos) != 1 {
		t.Errorf("example lesson: %+v", l)
	}
}

func BenchmarkLoadCatalog(b *testing.B) {
	for b.Loop() {
		c, problems := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
		if len(problems) > 0 || len(c.Lessons()) == 0 {
			b.Fatal("content does not load cleanly")
		}
	}
}
