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

// openProgress opens the learner's progress file, printing its notice (if
// any) to w. When the file cannot be opened it warns and returns an
// in-memory store, so reading lessons never depends on it.
func openProgress(w io.Writer) *progress.Store {
	path, err := progress.DefaultPath()
	if err != nil {
		fmt.Fprintln(w, "coldstart: warning:", err)
		return progress.Memory()
	}
	s, notice, err := progress.Open(path)
	if err != nil {
		fmt.Fprintln(w, "coldstart: warning:", err)
		return progress.Memory()
	}
	if notice != "" {
		fmt.Fprintln(w, "coldstart:", notice)
	}
	return s
}
