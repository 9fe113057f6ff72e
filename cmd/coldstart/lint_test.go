package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// run executes the coldstart command line in-process with a clean
// environment: no $COLDSTART_LESSONS, and progress in a temp dir.
func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runWithState(t, t.TempDir(), args...)
}

// runWithState is run with progress kept under state ($XDG_STATE_HOME).
func runWithState(t *testing.T, state string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	t.Setenv("COLDSTART_LESSONS", "")
	t.Setenv("XDG_STATE_HOME", state)
	var out, errb bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	err = cmd.Execute()
	return out.String(), errb.String(), err
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const userLesson = `---
id: my-lesson
title: My own lesson
track: serverless
order: 20
minutes: 3
---

Some words of my own.

` + "```quiz" + `
prompt: Is this mine?
choices:
  - text: "Yes"
    correct: true
  - text: "No"
explanation: I wrote it.
` + "```\n"

const brokenLesson = `---
id: broken-one
title: Broken
track: serverles
demos: [warp-drive]
---

Text.

` + "```quiz" + `
prompt: Which?
choices:
  - text: a
  - text: b
explanation: none is right
` + "```\n"

var summaryRE = regexp.MustCompile(`^\d+ lessons? in \d+ tracks?, \d+ quiz questions?, \d+ interview cards?: all good\n$`)

func wantExit(t *testing.T, err error, code int) {
	t.Helper()
	var ee *exitError
	if code == 0 {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	if !errors.As(err, &ee) || ee.code != code {
		t.Fatalf("want exit %d, got %v", code, err)
	}
}

func TestLintEmbeddedAndWorkingCopy(t *testing.T) {
	for _, args := range [][]string{{"lint"}, {"lint", "../../content"}} {
		out, _, err := run(t, args...)
		wantExit(t, err, 0)
		if !summaryRE.MatchString(out) {
			t.Errorf("%v: summary %q", args, out)
		}
	}
}

func TestLintUserDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{"mine.md": userLesson, "README.md": "# notes\n"})
	out, _, err := run(t, "lint", dir)
	wantExit(t, err, 0)
	if out != "1 lesson in 1 track, 1 quiz question, 0 interview cards: all good\n" {
		t.Errorf("summary %q", out)
	}
}

func TestLintBrokenDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{"good.md": userLesson, "track/bad.md": brokenLesson})
	bad := filepath.Join(dir, "track", "bad.md")
	for _, args := range [][]string{{"lint", dir}, {"lint", "--lessons", dir}} {
		out, _, err := run(t, args...)
		wantExit(t, err, 1)
		want := []string{
			bad + `:4: unknown track "serverles" (known: interview, orchestration, serverless)`,
			bad + `:5: unknown demo "warp-drive" (known: cold-start, self-healing, rolling-deploy, autoscaling)`,
			bad + `:10: quiz needs exactly one choice with "correct: true", has 0`,
		}
		if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%v: got\n%s\nwant\n%s", args, out, strings.Join(want, "\n"))
		}
	}
}

func TestLintNothingToLint(t *testing.T) {
	_, _, err := run(t, "lint", t.TempDir())
	wantExit(t, err, 1)
	_, _, err = run(t, "lint", filepath.Join(t.TempDir(), "missing"))
	wantExit(t, err, 1)
}

func TestLessonsJSON(t *testing.T) {
	state := t.TempDir()
	s, _, err := progress.Open(filepath.Join(state, "coldstart", "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	s.MarkRead("what-is-serverless")
	s.RecordAnswer(progress.Question{ID: "my-lesson#1"}, 0, true)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}

	dir := writeFiles(t, map[string]string{"mine.md": userLesson, "bad.md": brokenLesson})
	out, errOut, err := runWithState(t, state, "lessons", "--json", "--lessons", dir)
	wantExit(t, err, 0)
	var got []struct {
		ID              string   `json:"id"`
		Track           string   `json:"track"`
		Title           string   `json:"title"`
		Order           int      `json:"order"`
		Minutes         int      `json:"minutes"`
		QuizQuestions   *int     `json:"quiz_questions"`
		Demos           []string `json:"demos"`
		Status          string   `json:"status"`
		QuizzesAnswered int      `json:"quizzes_answered"`
		QuizzesCorrect  int      `json:"quizzes_correct"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON array: %v\n%s", err, out)
	}
	byID := map[string]int{}
	for i, l := range got {
		byID[l.ID] = i
		if l.ID == "" || l.Track == "" || l.Title == "" || l.QuizQuestions == nil || l.Demos == nil || l.Status == "" {
			t.Errorf("incomplete entry %+v", l)
		}
	}
	if len(got) < 20 {
		t.Errorf("only %d lessons", len(got))
	}
	if i, ok := byID["what-is-serverless"]; !ok || got[i].Status != "read" {
		t.Errorf("what-is-serverless: %+v", got[i])
	}
	if i, ok := byID["my-lesson"]; !ok || got[i].Status != "quiz_answered" || got[i].QuizzesCorrect != 1 || *got[i].QuizQuestions != 1 || got[i].Track != "serverless" {
		t.Errorf("my-lesson: %+v", got[i])
	}
	if _, ok := byID["broken-one"]; ok {
		t.Error("a broken lesson should be left out")
	}
	if !strings.Contains(errOut, "bad.md:4: unknown track") {
		t.Errorf("stderr should report the broken lesson: %q", errOut)
	}
}

func TestLessonsText(t *testing.T) {
	out, _, err := run(t, "lessons")
	wantExit(t, err, 0)
	for _, want := range []string{"Serverless (", "Orchestration (", "What serverless is", "not started", "what-is-serverless"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("plain output must not contain escape sequences")
	}
}

func TestLintFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"homelab/track.yaml": "id: homelab\ntitle: Home lab\n",
		"homelab/01.md":      strings.Replace(userLesson, "track: serverless", "track: homelab", 1),
		"homelab/02.md":      brokenLesson, // not named: not checked
	})
	out, _, err := run(t, "lint", filepath.Join(dir, "homelab", "01.md"))
	wantExit(t, err, 0)
	if out != "1 lesson in 1 track, 1 quiz question, 0 interview cards: all good\n" {
		t.Errorf("summary %q", out)
	}
	out, _, err = run(t, "lint", filepath.Join(dir, "homelab", "02.md"))
	wantExit(t, err, 1)
	if !strings.HasPrefix(out, filepath.Join(dir, "homelab", "02.md")+":4: unknown track") {
		t.Errorf("got %q", out)
	}
}
