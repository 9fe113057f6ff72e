package exercise

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/coldstart-dev/coldstart/lessons"
)

// Folder is where exercises live inside a lessons dir: <dir>/exercises/<id>/.
const Folder = lessons.ExercisesFolder

// minTaskWords keeps task.md a real task, not a placeholder.
const minTaskWords = 60

// FileChecker checks one starting or solution file of an exercise (a
// manifest or a SAM template) and returns its problems; path is the file as
// shown in problems. Lint sets it to the engine's manifest parser; nil
// skips the check.
type FileChecker func(e Engine, path string, data []byte) []lessons.Problem

// Loader reads exercises from lessons dirs.
type Loader struct {
	// Lessons resolves each exercise's lesson and track; nil skips that check.
	Lessons *lessons.Catalog
	// CheckFile, when set, is called for every file in files/ and solution/.
	CheckFile FileChecker
}

// Catalog is every exercise that loaded cleanly.
type Catalog struct {
	all []*Exercise // by track order, then lesson order, then id
	id  map[string]*Exercise
}

// All returns every exercise, track by track, in lesson order.
func (c *Catalog) All() []*Exercise { return c.all }

// Exercise returns the exercise with the given id, or nil.
func (c *Catalog) Exercise(id string) *Exercise { return c.id[id] }

// ForLesson returns the exercises that follow a lesson, by id.
func (c *Catalog) ForLesson(lesson string) []*Exercise {
	return c.filter(func(x *Exercise) bool { return x.Lesson == lesson })
}

// ForTrack returns a track's exercises in lesson order.
func (c *Catalog) ForTrack(track string) []*Exercise {
	return c.filter(func(x *Exercise) bool { return x.Track == track })
}

func (c *Catalog) filter(keep func(*Exercise) bool) []*Exercise {
	var out []*Exercise
	for _, x := range c.all {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Load reads <dir>/exercises/<id>/ of every dir that is not a reference
// dir. Problems are sorted by file and line; an exercise with a problem is
// left out, every good one is kept.
func (l Loader) Load(dirs ...lessons.Dir) (*Catalog, []lessons.Problem) {
	var problems []lessons.Problem
	c := &Catalog{id: map[string]*Exercise{}}
	seen := map[string]*Exercise{} // broken exercises claim their id too
	for _, d := range dirs {
		if d.Reference {
			continue
		}
		entries, err := fs.ReadDir(d.FS, Folder)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			problems = append(problems, lessons.Problem{File: show(d.Name, Folder), Message: "cannot read: " + err.Error()})
			continue
		}
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			x, ps := l.loadOne(d, e.Name())
			if x != nil && x.ID != "" {
				if prev := seen[x.ID]; prev != nil {
					ps = append(ps, lessons.Problem{File: show(x.Dir, "exercise.yaml"), Line: x.line["id"],
						Message: "duplicate exercise id \"" + x.ID + "\" (also in " + prev.Dir + ")"})
				} else {
					seen[x.ID] = x
				}
			}
			problems = append(problems, ps...)
			if x != nil && len(ps) == 0 {
				c.all = append(c.all, x)
				c.id[x.ID] = x
			}
		}
	}
	c.sort(l.Lessons)
	slices.SortStableFunc(problems, func(a, b lessons.Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return c, problems
}

// sort orders exercises as the learner meets their lessons.
func (c *Catalog) sort(cat *lessons.Catalog) {
	order := map[string]int{}
	if cat != nil {
		for i, l := range cat.Lessons() {
			order[l.ID] = i
		}
	}
	slices.SortFunc(c.all, func(a, b *Exercise) int {
		return cmp.Or(cmp.Compare(order[a.Lesson], order[b.Lesson]), cmp.Compare(a.ID, b.ID))
	})
}

// loadOne reads the folder exercises/<name> of d and checks it whole.
func (l Loader) loadOne(d lessons.Dir, name string) (*Exercise, []lessons.Problem) {
	rel := path.Join(Folder, name)
	dir := show(d.Name, rel)
	fsys, err := fs.Sub(d.FS, rel)
	if err != nil {
		return nil, []lessons.Problem{{File: dir, Message: "cannot read: " + err.Error()}}
	}
	yamlPath := show(dir, "exercise.yaml")
	data, err := fs.ReadFile(fsys, "exercise.yaml")
	if err != nil {
		return nil, []lessons.Problem{{File: dir, Message: "an exercise folder needs an exercise.yaml (" + unwrap(err) + ")"}}
	}
	x, problems := Parse(yamlPath, data)
	if x == nil {
		return nil, problems
	}
	x.Dir, x.FS = dir, fsys
	at := func(key, format string, args ...any) {
		problems = append(problems, lessons.Problem{File: yamlPath, Line: max(1, x.line[key]), Message: fmt.Sprintf(format, args...)})
	}
	if x.ID != "" && x.ID != name {
		at("id", "id %q must match the folder name %q", x.ID, name)
	}

	switch task, err := fs.ReadFile(fsys, "task.md"); {
	case err != nil:
		problems = append(problems, lessons.Problem{File: dir, Message: "an exercise folder needs a task.md, the task in markdown (" + unwrap(err) + ")"})
	case len(strings.Fields(string(task))) < minTaskWords:
		problems = append(problems, lessons.Problem{File: show(dir, "task.md"), Line: 1,
			Message: fmt.Sprintf("task.md has %d words; say what to do and why it matters in at least %d", len(strings.Fields(string(task))), minTaskWords)})
	default:
		x.Task = string(task)
	}

	problems = append(problems, l.checkFiles(x)...)
	problems = append(problems, l.checkLesson(x, yamlPath)...)
	return x, problems
}

// checkFiles checks that files/ and solution/ hold exactly the listed
// files, and runs CheckFile on each.
func (l Loader) checkFiles(x *Exercise) []lessons.Problem {
	var problems []lessons.Problem
	yamlPath := show(x.Dir, "exercise.yaml")
	for _, sub := range []string{"files", "solution"} {
		for i, f := range x.Files {
			data, err := fs.ReadFile(x.FS, path.Join(sub, f))
			if err != nil {
				problems = append(problems, lessons.Problem{File: yamlPath, Line: x.fileLines[i],
					Message: fmt.Sprintf("file %q is missing from %s/ (%s)", f, sub, unwrap(err))})
				continue
			}
			if l.CheckFile != nil {
				problems = append(problems, l.CheckFile(x.Engine, show(x.Dir, path.Join(sub, f)), data)...)
			}
		}
		// A file nobody listed would never reach the learner, or would
		// make the solution differ from what the learner can edit.
		_ = fs.WalkDir(x.FS, sub, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				return nil
			}
			if f := strings.TrimPrefix(p, sub+"/"); !slices.Contains(x.Files, f) {
				problems = append(problems, lessons.Problem{File: show(x.Dir, p),
					Message: fmt.Sprintf("%s/%s is not listed in \"files\" in exercise.yaml", sub, f)})
			}
			return nil
		})
	}
	return problems
}

// checkLesson checks that the lesson exists, in the exercise's track.
func (l Loader) checkLesson(x *Exercise, yamlPath string) []lessons.Problem {
	if x.Lesson == "" || l.Lessons == nil {
		return nil
	}
	at := func(key, format string, args ...any) []lessons.Problem {
		return []lessons.Problem{{File: yamlPath, Line: max(1, x.line[key]), Message: fmt.Sprintf(format, args...)}}
	}
	lesson := l.Lessons.Lesson(x.Lesson)
	switch {
	case lesson == nil:
		return at("lesson", "exercise follows unknown lesson %q", x.Lesson)
	case x.Track != "" && lesson.Track != x.Track:
		return at("track", "track %q is not the track of lesson %q (%q)", x.Track, x.Lesson, lesson.Track)
	}
	return nil
}

func show(root, p string) string {
	if root == "" {
		return p
	}
	return path.Join(root, p)
}

func unwrap(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
