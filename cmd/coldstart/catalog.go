package main

import (
	"fmt"
	"io"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// embeddedLessons is the content built into the binary.
func embeddedLessons() lessons.Dir { return lessons.Dir{FS: content.FS, Name: "content"} }

// lessonDirs lists where lessons come from: the embedded content, then each
// --lessons dir in the order given.
func lessonDirs(g *globals) []lessons.Dir {
	dirs := []lessons.Dir{embeddedLessons()}
	for _, d := range g.lessonDirs {
		dirs = append(dirs, lessons.OSDir(d))
	}
	return dirs
}

// loadCatalog loads every lesson the commands show. Problems do not stop it:
// the catalog holds every good lesson, and the caller decides how loudly to
// report the rest (the TUI in a panel, `lessons` on stderr, `lint` as errors).
func loadCatalog(g *globals) (*lessons.Catalog, []lessons.Problem) {
	return lessons.Load(lessonDirs(g)...)
}

// openProgress opens the learner's progress file and returns the notice to
// show the learner once (a corrupt file kept aside), if any. When the file
// cannot be opened it returns an in-memory store and a warning, so reading
// lessons never depends on it.
func openProgress() (store *progress.Store, notice string) {
	path, err := progress.DefaultPath()
	if err != nil {
		return progress.Memory(), "warning: " + err.Error()
	}
	s, n, err := progress.Open(path)
	if err != nil {
		return progress.Memory(), "warning: " + err.Error()
	}
	return s, string(n)
}

// openProgressTo opens the progress store and prints its notice, if any, to w.
func openProgressTo(w io.Writer) *progress.Store {
	s, notice := openProgress()
	if notice != "" {
		fmt.Fprintln(w, "coldstart:", notice)
	}
	return s
}
