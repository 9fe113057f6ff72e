package progress

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func tempPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "coldstart", "progress.json")
}

func open(t *testing.T, path string) (*Store, Notice) {
	t.Helper()
	s, n, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s, n
}

// leftovers lists the files in dir other than want.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		if !strings.Contains(strings.Join(want, "\x00"), e.Name()) {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestRoundTrip(t *testing.T) {
	path := tempPath(t)
	s, notice := open(t, path)
	if notice != "" || s.Status("a") != NotStarted || s.Last() != "" {
		t.Fatalf("a new store should be empty, notice %q", notice)
	}
	s.MarkRead("a")
	s.SetScroll("a", 0.25)
	s.SetScroll("b", 7) // clamped
	s.RecordAnswer(Question{ID: "b#1"}, 2, true)
	s.RecordAnswer(Question{ID: "b#2"}, 0, false)
	s.MarkRead("b") // does not lower quiz_answered
	due := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	s.SetReview("b#1", Review{Box: 3, Due: due})
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}

	r, notice := open(t, path)
	if notice != "" {
		t.Errorf("notice %q", notice)
	}
	if got := r.Lesson("a"); got.Status != Read || got.Scroll != 0.25 {
		t.Errorf("lesson a: %+v", got)
	}
	if got := r.Lesson("b"); got.Status != QuizAnswered || got.Scroll != 1 || !got.ReadToEnd {
		t.Errorf("lesson b: %+v", got)
	}
	if r.Last() != "b" {
		t.Errorf("last: %q", r.Last())
	}
	if a, ok := r.Answer(Question{ID: "b#1"}); !ok || a.Choice != 2 || !a.Correct || a.Answered.IsZero() {
		t.Errorf("answer: %+v %v", a, ok)
	}
	if correct, answered := r.Score([]Question{{ID: "b#1"}, {ID: "b#2"}, {ID: "b#3"}}); correct != 1 || answered != 2 {
		t.Errorf("score %d/%d", correct, answered)
	}
	if rv, ok := r.Review("b#1"); !ok || rv.Box != 3 || !rv.Due.Equal(due) {
		t.Errorf("review: %+v", rv)
	}
	if extra := leftovers(t, filepath.Dir(path), "progress.json"); len(extra) > 0 {
		t.Errorf("left behind: %v", extra)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("progress file mode: %v %v", fi.Mode(), err)
	}
}

func TestCorruptFileKeptAside(t *testing.T) {
	for _, content := range []string{`{"schema": 1, "lessons": {`, "", `{"lessons": {}}`, `[1, 2]`, `{"schema":1} trailing`} {
		t.Run(content, func(t *testing.T) {
			path := tempPath(t)
			os.MkdirAll(filepath.Dir(path), 0o700)
			os.WriteFile(path, []byte(content), 0o600)

			s, notice := open(t, path)
			aside, _ := filepath.Glob(path + ".*.corrupt")
			if len(aside) != 1 {
				t.Fatalf("want the file kept aside, found %v", aside)
			}
			if kept, _ := os.ReadFile(aside[0]); string(kept) != content {
				t.Errorf("kept copy differs: %q", kept)
			}
			if !strings.Contains(string(notice), "unreadable") || !strings.Contains(string(notice), aside[0]) || !strings.Contains(string(notice), "new one started") {
				t.Errorf("notice: %q", notice)
			}
			s.MarkRead("a")
			if err := s.Save(); err != nil {
				t.Fatal(err)
			}
			if _, notice := open(t, path); notice != "" {
				t.Errorf("the new file should open cleanly, notice %q", notice)
			}
		})
	}
}

func TestCorruptFileTwiceInOneSecond(t *testing.T) {
	path := tempPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	for range 2 {
		os.WriteFile(path, []byte("garbage"), 0o600)
		open(t, path)
	}
	if aside, _ := filepath.Glob(path + ".*.corrupt"); len(aside) != 2 {
		t.Errorf("both copies should be kept, found %v", aside)
	}
}

func TestNewerSchemaNeverOverwritten(t *testing.T) {
	path := tempPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	future := `{"schema": 99, "last_lesson": "a", "lessons": {"a": {"status": "read"}}, "hologram": true}`
	os.WriteFile(path, []byte(future), 0o600)

	s, notice := open(t, path)
	if !strings.Contains(string(notice), "newer coldstart") {
		t.Errorf("notice: %q", notice)
	}
	if s.Status("a") != Read || s.Last() != "a" {
		t.Error("what we understand of a newer file should still show")
	}
	s.MarkRead("b")
	err := s.Save()
	if !errors.Is(err, ErrNewerSchema) || s.ReadOnly() == nil {
		t.Errorf("Save: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != future {
		t.Errorf("file changed: %s", got)
	}
	if extra := leftovers(t, filepath.Dir(path), "progress.json"); len(extra) > 0 {
		t.Errorf("left behind: %v", extra)
	}
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	path := tempPath(t)
	s, _ := open(t, path)
	s.MarkRead("a")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)

	syncFile = func(*os.File) error { return errors.New("disk on fire") }
	t.Cleanup(func() { syncFile = (*os.File).Sync })
	s.MarkRead("b")
	if err := s.Save(); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Save: %v", err)
	}
	if now, _ := os.ReadFile(path); string(now) != string(old) {
		t.Errorf("old file changed:\n%s", now)
	}
	if extra := leftovers(t, filepath.Dir(path), "progress.json"); len(extra) > 0 {
		t.Errorf("temp files left behind: %v", extra)
	}

	// The change is kept and saved once the disk recovers.
	syncFile = (*os.File).Sync
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if r, _ := open(t, path); r.Status("b") != Read {
		t.Error("change lost after a failed save")
	}
}

func TestSaveOnlyWhenChanged(t *testing.T) {
	path := tempPath(t)
	s, _ := open(t, path)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("nothing changed: nothing to write")
	}
	s.SetLast("a")
	s.Save()
	if _, err := os.Stat(path); err != nil {
		t.Error("a change should be written")
	}
}

func TestConcurrentUse(t *testing.T) {
	path := tempPath(t)
	s, _ := open(t, path)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				id := string(rune('a' + i))
				s.SetScroll(id, float64(j)/20)
				s.RecordAnswer(Question{ID: id + "#1"}, j%3, j%2 == 0)
				s.Status(id)
				if err := s.Save(); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	raw, _ := os.ReadFile(path)
	var f file
	if err := json.Unmarshal(raw, &f); err != nil || len(f.Lessons) != 8 || len(f.Quizzes) != 8 {
		t.Errorf("final file: %v, %d lessons, %d quizzes", err, len(f.Lessons), len(f.Quizzes))
	}
}

func TestMemory(t *testing.T) {
	s := Memory()
	s.MarkRead("a")
	if err := s.Save(); err != nil || s.Status("a") != Read || s.Path() != "" {
		t.Errorf("memory store: %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/state")
	if p, err := DefaultPath(); err != nil || p != filepath.Join("/state", "coldstart", "progress.json") {
		t.Errorf("got %q, %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "relative/ignored")
	t.Setenv("HOME", "/home/me")
	p, err := DefaultPath()
	if err != nil || !strings.HasSuffix(p, filepath.Join("coldstart", "progress.json")) || strings.Contains(p, "relative") {
		t.Errorf("got %q, %v", p, err)
	}
}

// An answer saved for a question whose words changed since (the lesson was
// edited) is neither shown nor counted, and survives a save until the new
// question is answered; answers from files without fingerprints count.
func TestAnswerToEditedQuestion(t *testing.T) {
	path := tempPath(t)
	s, _ := open(t, path)
	old := Question{ID: "l#1", Fingerprint: "aaaa"}
	s.RecordAnswer(old, 1, true)
	s.RecordAnswer(Question{ID: "l#2"}, 0, false) // as written before fingerprints
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	r, _ := open(t, path)
	edited := Question{ID: "l#1", Fingerprint: "bbbb"}
	for _, tc := range []struct {
		q    Question
		want bool
	}{
		{old, true},
		{edited, false},
		{Question{ID: "l#2", Fingerprint: "cccc"}, true}, // legacy: taken as it is
		{Question{ID: "l#3", Fingerprint: "dddd"}, false},
	} {
		if _, ok := r.Answer(tc.q); ok != tc.want {
			t.Errorf("Answer(%+v) found %v, want %v", tc.q, ok, tc.want)
		}
	}
	if correct, answered := r.Score([]Question{edited, {ID: "l#2", Fingerprint: "cccc"}}); correct != 0 || answered != 1 {
		t.Errorf("score %d/%d, want 0/1 (the edited question does not count)", correct, answered)
	}
	r.RecordAnswer(edited, 2, false)
	if a, ok := r.Answer(edited); !ok || a.Choice != 2 {
		t.Errorf("the new answer: %+v %v", a, ok)
	}
}
