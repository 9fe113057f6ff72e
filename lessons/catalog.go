package lessons

import (
	"cmp"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Dir is one place lessons come from: the embedded content, or a --lessons
// directory. It may hold track folders (each with a track.yaml and lesson
// files), a track.yaml of its own, or loose lesson files that join a track
// by naming it in their front matter.
type Dir struct {
	FS   fs.FS
	Name string // shown before file paths in Lesson.Path, Track.Path and problems

	// Reference dirs only resolve names: their tracks and lesson ids are
	// known to the other dirs, but their lessons are not in the catalog and
	// their problems are not reported. A lesson or track.yaml in a normal dir
	// with the same id replaces the reference one, so `lint content` can
	// check the working copy of the embedded content.
	Reference bool
}

// OSDir is a directory on disk, named as given.
func OSDir(dir string) Dir { return Dir{FS: os.DirFS(dir), Name: dir} }

// Catalog is every track and lesson that loaded cleanly, in reading order.
type Catalog struct {
	tracks  []*Track
	track   map[string]*Track
	lessons []*Lesson
	lesson  map[string]*Lesson
	index   map[string]int // lesson id → position in its track
}

// Stats counts what a catalog holds.
type Stats struct {
	Tracks, Lessons, Quizzes, Cards int
}

// Tracks returns the tracks ordered by Order, then ID.
func (c *Catalog) Tracks() []*Track { return c.tracks }

// Track returns the track with the given id, or nil.
func (c *Catalog) Track(id string) *Track { return c.track[id] }

// Lesson returns the lesson with the given id, or nil.
func (c *Catalog) Lesson(id string) *Lesson { return c.lesson[id] }

// Lessons returns every lesson, track by track, each track in order.
func (c *Catalog) Lessons() []*Lesson { return c.lessons }

// Next returns the lesson after id in its track, or nil at the end (or for
// an unknown id).
func (c *Catalog) Next(id string) *Lesson { return c.step(id, +1) }

// Prev returns the lesson before id in its track, or nil at the start.
func (c *Catalog) Prev(id string) *Lesson { return c.step(id, -1) }

func (c *Catalog) step(id string, d int) *Lesson {
	l := c.lesson[id]
	if l == nil {
		return nil
	}
	ls := c.track[l.Track].Lessons
	if i := c.index[id] + d; i >= 0 && i < len(ls) {
		return ls[i]
	}
	return nil
}

// Quiz returns the quiz with the given id ("<lesson id>#<n>"), or nil.
func (c *Catalog) Quiz(id string) *Quiz {
	lessonID, _, _ := strings.Cut(id, "#")
	if l := c.lesson[lessonID]; l != nil {
		for _, q := range l.Quizzes {
			if q.ID == id {
				return q
			}
		}
	}
	return nil
}

// Cards returns every interview card, in reading order.
func (c *Catalog) Cards() []*Card {
	var cards []*Card
	for _, l := range c.lessons {
		cards = append(cards, l.Cards...)
	}
	return cards
}

// Stats counts tracks, lessons, quiz questions and interview cards.
func (c *Catalog) Stats() Stats {
	s := Stats{Tracks: len(c.tracks), Lessons: len(c.lessons)}
	for _, l := range c.lessons {
		s.Quizzes += len(l.Quizzes)
		s.Cards += len(l.Cards)
	}
	return s
}

// loaded is a parsed file with where it came from.
type loaded[T any] struct {
	v        T
	ref      bool
	problems []Problem
}

// Load reads every dir and builds the catalog. Problems are returned sorted
// by file and line; a lesson with a problem is left out of the catalog, but
// every good lesson is kept, so one broken user lesson hides nothing else.
func Load(dirs ...Dir) (*Catalog, []Problem) {
	var (
		problems []Problem
		tracks   []loaded[*Track]
		lessons  []loaded[*Lesson]
	)
	report := func(ref bool, ps ...Problem) {
		if !ref {
			problems = append(problems, ps...)
		}
	}
	for _, d := range dirs {
		err := fs.WalkDir(d.FS, ".", func(p string, e fs.DirEntry, err error) error {
			name := displayPath(d.Name, p)
			if err != nil {
				report(d.Reference, Problem{File: name, Message: "cannot read: " + unwrapPathError(err)})
				return nil
			}
			base := e.Name()
			if e.IsDir() && p == ExercisesFolder {
				return fs.SkipDir // exercises, not lessons (lessons/exercise)
			}
			if p != "." && strings.HasPrefix(base, ".") {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			isLesson := strings.EqualFold(path.Ext(base), ".md") && !strings.EqualFold(base, "README.md")
			if e.IsDir() || (base != "track.yaml" && !isLesson) {
				return nil
			}
			data, err := fs.ReadFile(d.FS, p)
			if err != nil {
				report(d.Reference, Problem{File: name, Message: "cannot read: " + unwrapPathError(err)})
				return nil
			}
			if base == "track.yaml" {
				t, ps := ParseTrack(name, data)
				if t != nil {
					tracks = append(tracks, loaded[*Track]{t, d.Reference, ps})
				} else {
					report(d.Reference, ps...)
				}
				return nil
			}
			l, ps := Parse(name, data)
			if l != nil {
				lessons = append(lessons, loaded[*Lesson]{l, d.Reference, ps})
			} else {
				report(d.Reference, ps...)
			}
			return nil
		})
		if err != nil {
			report(d.Reference, Problem{File: d.Name, Message: "cannot read lessons directory: " + unwrapPathError(err)})
		}
	}

	c := &Catalog{track: map[string]*Track{}, lesson: map[string]*Lesson{}, index: map[string]int{}}

	// Tracks: the first definition of an id wins, except that a normal dir
	// replaces a reference one.
	trackOf := map[string]*loaded[*Track]{}
	for i := range tracks {
		t := &tracks[i]
		report(t.ref, t.problems...)
		if t.v.ID == "" || len(t.problems) > 0 {
			continue
		}
		if prev := trackOf[t.v.ID]; prev != nil {
			if prev.ref && !t.ref {
				trackOf[t.v.ID] = t
			} else if !t.ref {
				report(false, Problem{File: t.v.Path, Line: t.v.idLine,
					Message: "duplicate track id \"" + t.v.ID + "\" (also in " + prev.v.Path + ")"})
			}
			continue
		}
		trackOf[t.v.ID] = t
	}

	// Lessons: same rule for ids. Broken lessons still claim their id, so a
	// duplicate is reported whichever copy is broken.
	lessonOf := map[string]*loaded[*Lesson]{}
	for i := range lessons {
		l := &lessons[i]
		if l.v.ID == "" {
			continue
		}
		if prev := lessonOf[l.v.ID]; prev != nil {
			if prev.ref && !l.ref {
				lessonOf[l.v.ID] = l
			} else if !l.ref {
				l.problems = append(l.problems, Problem{File: l.v.Path, Line: l.v.idLine,
					Message: "duplicate lesson id \"" + l.v.ID + "\" (also in " + prev.v.Path + ")"})
			}
			continue
		}
		lessonOf[l.v.ID] = l
	}
	for i := range lessons {
		l := &lessons[i]
		if l.v.Track != "" && trackOf[l.v.Track] == nil {
			l.problems = append(l.problems, Problem{File: l.v.Path, Line: l.v.trackLine,
				Message: "unknown track \"" + l.v.Track + "\" (known: " + knownTracks(trackOf) + ")"})
		}
		for _, card := range l.v.Cards {
			if card.Lesson != "" && lessonOf[card.Lesson] == nil {
				l.problems = append(l.problems, Problem{File: l.v.Path, Line: card.lessonLine,
					Message: "interview card draws on unknown lesson \"" + card.Lesson + "\""})
			}
		}
		report(l.ref, l.problems...)
		if !l.ref && len(l.problems) == 0 && lessonOf[l.v.ID] == l {
			c.lesson[l.v.ID] = l.v
		}
	}

	// Assemble: normal tracks always, reference tracks only when a lesson
	// joins them.
	for _, t := range trackOf {
		t.v.Lessons = nil
	}
	for _, l := range c.lesson {
		t := trackOf[l.Track].v
		t.Lessons = append(t.Lessons, l)
	}
	for _, t := range trackOf {
		if !t.ref || len(t.v.Lessons) > 0 {
			c.tracks = append(c.tracks, t.v)
			c.track[t.v.ID] = t.v
		}
	}
	slices.SortFunc(c.tracks, func(a, b *Track) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	for _, t := range c.tracks {
		slices.SortFunc(t.Lessons, func(a, b *Lesson) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
		})
		for i, l := range t.Lessons {
			c.index[l.ID] = i
			c.lessons = append(c.lessons, l)
		}
	}
	sortProblems(problems)
	return c, problems
}

func knownTracks(m map[string]*loaded[*Track]) string {
	if len(m) == 0 {
		return "none: no track.yaml found"
	}
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}

func displayPath(root, p string) string {
	if p == "." {
		return root
	}
	if root == "" {
		return p
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

// unwrapPathError drops the path an fs.PathError repeats; the problem
// already names the file.
func unwrapPathError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
