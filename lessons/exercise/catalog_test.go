package exercise

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/coldstart-dev/coldstart/lessons"
)

const lessonText = `---
id: %s
title: A lesson
track: orchestration
order: %d
---

Words.
`

// lessonCatalog has lessons "rolling-deploys" (order 2) and "pods" (order 1).
func lessonCatalog(t *testing.T) *lessons.Catalog {
	t.Helper()
	fsys := fstest.MapFS{
		"orchestration/track.yaml": {Data: []byte("id: orchestration\ntitle: Orchestration\n")},
		"orchestration/a.md":       {Data: []byte(strings.NewReplacer("%s", "rolling-deploys", "%d", "2").Replace(lessonText))},
		"orchestration/b.md":       {Data: []byte(strings.NewReplacer("%s", "pods", "%d", "1").Replace(lessonText))},
	}
	c, problems := lessons.Load(lessons.Dir{FS: fsys, Name: "lessons"})
	for _, p := range problems {
		t.Fatal(p)
	}
	return c
}

var task = strings.Repeat("word ", minTaskWords)

// folder is a complete exercise folder id/ under exercises/.
func folder(id, lesson string) fstest.MapFS {
	y := strings.NewReplacer("id: zero-downtime", "id: "+id, "lesson: rolling-deploys", "lesson: "+lesson).Replace(good)
	return fstest.MapFS{
		"exercises/" + id + "/exercise.yaml":     {Data: []byte(y)},
		"exercises/" + id + "/task.md":           {Data: []byte(task)},
		"exercises/" + id + "/files/app.yaml":    {Data: []byte("start")},
		"exercises/" + id + "/solution/app.yaml": {Data: []byte("solution")},
	}
}

func merge(fss ...fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for _, f := range fss {
		for k, v := range f {
			out[k] = v
		}
	}
	return out
}

func TestCatalog(t *testing.T) {
	user := merge(folder("b-second", "rolling-deploys"), folder("a-first", "rolling-deploys"), folder("c-pods", "pods"),
		fstest.MapFS{"exercises/README.md": {Data: []byte("notes")}, "exercises/.draft/exercise.yaml": {Data: []byte("junk")}})
	cat, problems := Loader{Lessons: lessonCatalog(t)}.Load(
		lessons.Dir{FS: folder("ref-only", "pods"), Name: "ref", Reference: true},
		lessons.Dir{FS: user, Name: "mine"},
		lessons.Dir{FS: fstest.MapFS{"track.yaml": {Data: []byte("id: x")}}, Name: "no-exercises"},
	)
	for _, p := range problems {
		t.Error(p)
	}
	ids := func(xs []*Exercise) string {
		var s []string
		for _, x := range xs {
			s = append(s, x.ID)
		}
		return strings.Join(s, ",")
	}
	// Lesson order (pods before rolling-deploys), then id.
	if got := ids(cat.All()); got != "c-pods,a-first,b-second" {
		t.Errorf("All = %s", got)
	}
	if got := ids(cat.ForLesson("rolling-deploys")); got != "a-first,b-second" {
		t.Errorf("ForLesson = %s", got)
	}
	if got := ids(cat.ForTrack("orchestration")); got != "c-pods,a-first,b-second" {
		t.Errorf("ForTrack = %s", got)
	}
	if cat.ForLesson("nope") != nil || cat.ForTrack("serverless") != nil || cat.Exercise("ref-only") != nil {
		t.Error("catalog holds exercises it should not")
	}
	x := cat.Exercise("a-first")
	if x == nil || x.Dir != "mine/exercises/a-first" || x.Task != task {
		t.Fatalf("a-first = %+v", x)
	}
	if start, err := x.StartFile("app.yaml"); err != nil || string(start) != "start" {
		t.Errorf("StartFile = %q, %v", start, err)
	}
	if sol, err := x.SolutionFile("app.yaml"); err != nil || string(sol) != "solution" {
		t.Errorf("SolutionFile = %q, %v", sol, err)
	}
}

// TestLoadProblems has one case per rule that needs the whole folder or
// the lesson catalog.
func TestLoadProblems(t *testing.T) {
	const y = "mine/exercises/ex/exercise.yaml"
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"no exercise.yaml", func(m fstest.MapFS) { delete(m, "exercises/ex/exercise.yaml") }, "mine/exercises/ex: an exercise folder needs an exercise.yaml"},
		{"id is not the folder", func(m fstest.MapFS) {
			m["exercises/other/exercise.yaml"] = m["exercises/ex/exercise.yaml"]
			delete(m, "exercises/ex/exercise.yaml")
		},
			`mine/exercises/other/exercise.yaml:1: id "ex" must match the folder name "other"`},
		{"no task.md", func(m fstest.MapFS) { delete(m, "exercises/ex/task.md") }, "mine/exercises/ex: an exercise folder needs a task.md"},
		{"short task.md", func(m fstest.MapFS) { m["exercises/ex/task.md"] = &fstest.MapFile{Data: []byte("Fix it.")} },
			"mine/exercises/ex/task.md:1: task.md has 2 words; say what to do and why it matters in at least 60"},
		{"starting file missing", func(m fstest.MapFS) { delete(m, "exercises/ex/files/app.yaml") }, y + `:7: file "app.yaml" is missing from files/`},
		{"solution file missing", func(m fstest.MapFS) { delete(m, "exercises/ex/solution/app.yaml") }, y + `:7: file "app.yaml" is missing from solution/`},
		{"unlisted file", func(m fstest.MapFS) { m["exercises/ex/files/extra.yaml"] = &fstest.MapFile{} },
			`mine/exercises/ex/files/extra.yaml: files/extra.yaml is not listed in "files" in exercise.yaml`},
		{"unknown lesson", func(m fstest.MapFS) { replace(m, "lesson: rolling-deploys", "lesson: rolling-deployz") }, y + `:4: exercise follows unknown lesson "rolling-deployz"`},
		{"track is not the lesson's", func(m fstest.MapFS) { replace(m, "track: orchestration", "track: serverless") },
			y + `:3: track "serverless" is not the track of lesson "rolling-deploys" ("orchestration")`},
		{"problem in exercise.yaml", func(m fstest.MapFS) { replace(m, "minutes: 15", "minutes: x") }, y + `:5: "minutes" must be a whole number`},
		{"duplicate id", func(m fstest.MapFS) {
			for k, v := range folder("ex", "rolling-deploys") {
				m[strings.Replace(k, "exercises/ex/", "exercises/ex2/", 1)] = v
			}
		}, `mine/exercises/ex2/exercise.yaml:1: duplicate exercise id "ex" (also in mine/exercises/ex)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := folder("ex", "rolling-deploys")
			tt.change(m)
			cat, problems := Loader{Lessons: lessonCatalog(t)}.Load(lessons.Dir{FS: m, Name: "mine"})
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if !hasPrefix(got, tt.want) {
				t.Errorf("want a problem starting %q, got:\n%s", tt.want, strings.Join(got, "\n"))
			}
			if strings.HasPrefix(tt.name, "duplicate") {
				if cat.Exercise("ex") == nil {
					t.Error("the first of two exercises with one id was left out")
				}
			} else if len(cat.All()) != 0 {
				t.Errorf("an exercise with a problem is in the catalog: %v", cat.All()[0].ID)
			}
		})
	}
}

func replace(m fstest.MapFS, old, new string) {
	f := m["exercises/ex/exercise.yaml"]
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}

func hasPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestFileChecker(t *testing.T) {
	var seen []string
	check := func(e Engine, path string, data []byte) []lessons.Problem {
		seen = append(seen, string(e)+" "+path+" "+string(data))
		if string(data) == "solution" {
			return []lessons.Problem{{File: path, Line: 3, Message: "bad manifest"}}
		}
		return nil
	}
	cat, problems := Loader{Lessons: lessonCatalog(t), CheckFile: check}.Load(lessons.Dir{FS: folder("ex", "rolling-deploys"), Name: "mine"})
	want := "orchestration mine/exercises/ex/files/app.yaml start,orchestration mine/exercises/ex/solution/app.yaml solution"
	if got := strings.Join(seen, ","); got != want {
		t.Errorf("checked %s, want %s", got, want)
	}
	if len(problems) != 1 || problems[0].String() != "mine/exercises/ex/solution/app.yaml:3: bad manifest" || cat.Exercise("ex") != nil {
		t.Errorf("problems = %v", problems)
	}
}

// The lesson loader leaves a dir's exercises folder alone: a task.md is
// not a lesson without front matter.
func TestLessonLoaderSkipsExercises(t *testing.T) {
	m := merge(folder("ex", "pods"), fstest.MapFS{"orchestration/track.yaml": {Data: []byte("id: orchestration\ntitle: O\n")}})
	if _, err := fs.Stat(m, Folder+"/ex/task.md"); err != nil {
		t.Fatalf("the fixture has no task.md (%v); this test proves nothing", err)
	}
	_, problems := lessons.Load(lessons.Dir{FS: m, Name: "d"})
	for _, p := range problems {
		t.Error(p)
	}
}
