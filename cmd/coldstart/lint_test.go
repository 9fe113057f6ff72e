package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
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
	return runCLI(args...)
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

var summaryRE = regexp.MustCompile(`^\d+ lessons? in \d+ tracks?, \d+ quiz questions?, \d+ interview cards?, [1-9]\d* exercises?: all good\n$`)

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

// userExercise is a complete exercise folder for a --lessons dir, following
// a built-in lesson.
// minimalDeployment is a manifest the exercise checker accepts.
const minimalDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: coldstart-workload
`

func userExercise(id string) map[string]string {
	root := "exercises/" + id + "/"
	return map[string]string{
		root + "exercise.yaml": `id: ` + id + `
title: Survive a crash
track: orchestration
lesson: self-healing
engine: orchestration
files: [app.yaml]
steps: [apply, load 10, kill-pod, wait 20s]
checks:
  - id: no-drops
    assert: failed_requests == 0 && fewest_ready >= 1
    not_yet: "{failed_requests} requests failed"
    pass: "none failed"
hints: [Look at replicas.]
`,
		root + "task.md":           strings.Repeat("Make the app survive a crashed Pod. ", 12),
		root + "files/app.yaml":    minimalDeployment,
		root + "solution/app.yaml": minimalDeployment + "# fixed\n",
	}
}

func TestLintExercises(t *testing.T) {
	dir := writeFiles(t, userExercise("survive-a-crash"))
	folder := filepath.Join(dir, "exercises", "survive-a-crash")
	for _, args := range [][]string{
		{"lint", dir}, // task.md is not read as a lesson
		{"lint", folder},
		{"lint", filepath.Join(folder, "exercise.yaml")},
	} {
		out, _, err := run(t, args...)
		wantExit(t, err, 0)
		if out != "1 exercise: all good\n" {
			t.Errorf("%v: summary %q", args[1:], out)
		}
	}
	out, _, err := run(t, "lint", "--lessons", dir)
	wantExit(t, err, 0)
	builtIn := len(mustExercises(t).All())
	if want := fmt.Sprintf(", %d exercises: all good\n", builtIn+1); !strings.HasSuffix(out, want) {
		t.Errorf("--lessons: summary %q", out)
	}
}

func TestLintBrokenExercise(t *testing.T) {
	files := userExercise("zero-downtime-rollout") // the built-in one's id
	y := "exercises/zero-downtime-rollout/exercise.yaml"
	files[y] = strings.NewReplacer("lesson: self-healing", "lesson: self-heal", "kill-pod", "kill-pods",
		"{failed_requests} requests", "{failed} requests").Replace(files[y])
	delete(files, "exercises/zero-downtime-rollout/solution/app.yaml")
	files["exercises/zero-downtime-rollout/task.md"] = "Fix it."
	dir := writeFiles(t, files)
	ex := filepath.Join(dir, "exercises", "zero-downtime-rollout")
	want := []string{
		ex + `/exercise.yaml:4: exercise follows unknown lesson "self-heal"`,
		ex + `/exercise.yaml:6: file "app.yaml" is missing from solution/ (no such file or directory)`,
		ex + `/exercise.yaml:7: unknown orchestration step "kill-pods" (known: apply, deploy, deploy-bad, undo, kill-pod, kill-node, scale, load, burst, wait)`,
		ex + `/exercise.yaml:11: check "no-drops": not_yet: column 1: unknown orchestration measurement {failed} (known: ` + knownMeasurements(exercise.Orchestration) + `)`,
		ex + `/task.md:1: task.md has 2 words; say what to do and why it matters in at least 60`,
	}
	out, _, err := run(t, "lint", dir)
	wantExit(t, err, 1)
	if got := strings.TrimSpace(out); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	// With the built-in content, the reused id is reported too.
	out, _, err = run(t, "lint", "--lessons", dir)
	wantExit(t, err, 1)
	if !strings.Contains(out, ex+`/exercise.yaml:1: duplicate exercise id "zero-downtime-rollout" (also in content/exercises/zero-downtime-rollout)`) {
		t.Errorf("duplicate id not reported:\n%s", out)
	}
}

// The manifest parser's hook: when set, lint runs it on every starting and
// solution file and reports what it finds.
func TestLintExerciseFileChecker(t *testing.T) {
	var checked []string
	real := checkExerciseFile
	checkExerciseFile = func(e exercise.Engine, path string, data []byte) []lessons.Problem {
		checked = append(checked, filepath.Base(filepath.Dir(path)))
		if strings.Contains(string(data), "fixed") {
			return []lessons.Problem{{File: path, Line: 1, Message: "manifest problem"}}
		}
		return nil
	}
	defer func() { checkExerciseFile = real }()
	dir := writeFiles(t, userExercise("survive-a-crash"))
	out, _, err := run(t, "lint", dir)
	wantExit(t, err, 1)
	sol := filepath.Join(dir, "exercises", "survive-a-crash", "solution", "app.yaml")
	if out != sol+":1: manifest problem\n" || strings.Join(checked, ",") != "files,solution" {
		t.Errorf("got %q after checking %v", out, checked)
	}
}

// The real checker reads the starting files as the exercise will: a
// typo'd field of a Deployment is a problem at its file and line.
func TestLintExerciseManifestTypo(t *testing.T) {
	start := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: coldstart-workload\n          imagePullPolicy: IfNotPresent\n          portz: [{containerPort: 8080}]\n"
	problems := checkExerciseFile(exercise.Orchestration, "files/app.yaml", []byte(start))
	if len(problems) == 0 || problems[0].File != "files/app.yaml" || problems[0].Line != 17 || !strings.Contains(problems[0].Message, "portz") {
		t.Fatalf("problems %v, want one at files/app.yaml:17 naming portz", problems)
	}
}

// mustExercises loads the built-in exercises.
func mustExercises(t *testing.T) *exercise.Catalog {
	t.Helper()
	cat, problems := exercise.Loader{}.Load(embeddedExercises())
	if len(problems) > 0 {
		t.Fatalf("built-in exercises: %v", problems)
	}
	return cat
}

// knownMeasurements lists engine e's measurements as the lint message does.
func knownMeasurements(e exercise.Engine) string {
	var names []string
	for _, m := range exercise.KnownMeasurements {
		if slices.Contains(m.Engines, e) {
			names = append(names, m.Name)
		}
	}
	return strings.Join(names, ", ")
}
