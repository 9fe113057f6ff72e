package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox/manifest"
)

// checkExerciseFile checks each starting and solution file of an exercise
// strictly, as the exercise will read it: Kubernetes manifests into the
// upstream types, SAM templates into their function.
var checkExerciseFile exercise.FileChecker = func(e exercise.Engine, path string, data []byte) []lessons.Problem {
	var err error
	switch e {
	case exercise.Orchestration:
		_, _, err = manifest.ParseK8s(path, data)
	case exercise.Serverless:
		_, _, err = manifest.ParseSAM(path, data)
	}
	var ps manifest.Problems
	if !errors.As(err, &ps) {
		if err != nil {
			return []lessons.Problem{{File: path, Message: err.Error()}}
		}
		return nil
	}
	out := make([]lessons.Problem, len(ps))
	for i, p := range ps {
		msg := p.Message
		if p.Path != "" {
			msg = p.Path + ": " + msg
		}
		out[i] = lessons.Problem{File: p.File, Line: p.Line, Message: msg}
	}
	return out
}

func init() {
	register(func(g *globals) *cobra.Command {
		return &cobra.Command{
			Use:   "lint [DIR|FILE...]",
			Short: "Check lesson and exercise files and report problems as file:line: message",
			Long: "Check lesson files: front matter, quizzes, interview cards, tracks and cross references,\n" +
				"and exercise folders (DIR/exercises/<id>/: exercise.yaml, task.md, files/, solution/).\n" +
				"With no DIR, checks the built-in lessons and exercises and every --lessons dir. A DIR may hold\n" +
				"track folders (each with a track.yaml), loose lesson files and an exercises/ folder; its lessons\n" +
				"may join the built-in tracks. A FILE is checked with the track.yaml next to it, if any; an\n" +
				"exercise folder (or its exercise.yaml) is checked on its own.\n" +
				"Prints one line per problem and exits 1, or a summary and exits 0 when all is well.",
			RunE: func(cmd *cobra.Command, args []string) error {
				var lessonDirsToCheck, exerciseDirs []lessons.Dir
				if len(args) == 0 {
					lessonDirsToCheck = lessonDirs(g)
					exerciseDirs = []lessons.Dir{embeddedExercises()}
					for _, d := range g.lessonDirs {
						exerciseDirs = append(exerciseDirs, lessons.OSDir(d))
					}
				} else {
					// The built-in content only resolves names here, so a
					// DIR's lessons can join its tracks and `lint content`
					// checks the working copy rather than the built-in one.
					ref := embeddedLessons()
					ref.Reference = true
					lessonDirsToCheck = append(lessonDirsToCheck, ref)
					for _, a := range args {
						d, isExercise, err := lintDir(a)
						if err != nil {
							return err
						}
						if !isExercise {
							lessonDirsToCheck = append(lessonDirsToCheck, d)
						}
						exerciseDirs = append(exerciseDirs, d)
					}
				}
				cat, problems := lessons.Load(lessonDirsToCheck...)
				exercises, exProblems := exercise.Loader{Lessons: resolvingCatalog(cat, args, lessonDirsToCheck), CheckFile: checkExerciseFile}.Load(exerciseDirs...)
				problems = append(problems, exProblems...)

				out := cmd.OutOrStdout()
				for _, p := range problems {
					fmt.Fprintln(out, p)
				}
				if len(problems) > 0 {
					return &exitError{code: 1, err: fmt.Errorf("%s found", plural(len(problems), "problem"))}
				}
				s := cat.Stats()
				if s.Lessons == 0 && len(exercises.All()) == 0 {
					return &exitError{code: 1, err: fmt.Errorf("no lessons or exercises found (lesson files are .md files starting with YAML front matter; exercises are folders under exercises/)")}
				}
				var parts []string
				if s.Lessons > 0 {
					parts = append(parts, plural(s.Lessons, "lesson")+" in "+plural(s.Tracks, "track"),
						plural(s.Quizzes, "quiz question"), plural(s.Cards, "interview card"))
				}
				if n := len(exercises.All()); n > 0 {
					parts = append(parts, plural(n, "exercise"))
				}
				fmt.Fprintf(out, "%s: all good\n", strings.Join(parts, ", "))
				return nil
			},
		}
	})
}

// embeddedExercises is the exercises folder built into the binary.
func embeddedExercises() lessons.Dir { return lessons.Dir{FS: content.Exercises, Name: "content"} }

// resolvingCatalog is the catalog an exercise's `lesson:` is looked up in:
// the checked one, plus the built-in lessons when DIRs were named (they
// are only a reference there, so not in cat).
func resolvingCatalog(cat *lessons.Catalog, args []string, dirs []lessons.Dir) *lessons.Catalog {
	if len(args) == 0 {
		return cat
	}
	all := []lessons.Dir{embeddedLessons()}
	for _, d := range dirs {
		if !d.Reference {
			all = append(all, d)
		}
	}
	resolved, _ := lessons.Load(all...) // problems are reported by the load above
	return resolved
}

// lintDir turns a lint argument into a lessons.Dir: a directory as is, a
// single file together with the track.yaml beside it (so its track
// resolves). An exercise folder, or its exercise.yaml, becomes a dir that
// holds only that exercise; isExercise says so.
func lintDir(arg string) (d lessons.Dir, isExercise bool, err error) {
	fi, err := os.Stat(arg)
	if err == nil && !fi.IsDir() && filepath.Base(arg) == "exercise.yaml" {
		arg, fi = filepath.Dir(arg), nil
	}
	if fi == nil || fi.IsDir() {
		if _, err := os.Stat(filepath.Join(arg, "exercise.yaml")); err == nil {
			d, err := exerciseFolder(arg)
			return d, true, err
		}
		return lessons.OSDir(arg), false, nil // a missing dir is reported as a problem
	}
	dir := filepath.Dir(arg)
	files := fstest.MapFS{}
	for _, name := range []string{filepath.Base(arg), "track.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && name == "track.yaml" {
			continue
		}
		if err != nil {
			return lessons.Dir{}, false, err
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	return lessons.Dir{FS: files, Name: dir}, false, nil
}

// exerciseFolder reads one exercise folder into a dir that holds it as
// exercises/<name>/, named so that problems show the folder's real path.
func exerciseFolder(folder string) (lessons.Dir, error) {
	folder = filepath.Clean(folder)
	abs, err := filepath.Abs(folder)
	if err != nil {
		return lessons.Dir{}, err
	}
	name, root := filepath.Base(abs), filepath.Dir(filepath.Dir(folder))
	if filepath.Base(folder) != name { // "." or "..": name the parents from the absolute path
		root = filepath.Dir(filepath.Dir(abs))
	}
	files := fstest.MapFS{}
	err = filepath.WalkDir(folder, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(folder, p)
		files[exercise.Folder+"/"+name+"/"+filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		return lessons.Dir{}, err
	}
	// Shown as <parent>/exercises/<name>: the real path when the folder
	// sits in an exercises/ folder, as it should.
	return lessons.Dir{FS: files, Name: root}, nil
}
