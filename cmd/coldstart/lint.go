package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/lessons"
)

func init() {
	register(func(g *globals) *cobra.Command {
		return &cobra.Command{
			Use:   "lint [DIR|FILE...]",
			Short: "Check lesson files and report problems as file:line: message",
			Long: "Check lesson files: front matter, quizzes, interview cards, tracks and cross references.\n" +
				"With no DIR, checks the built-in lessons and every --lessons dir. A DIR may hold track folders\n" +
				"(each with a track.yaml) or loose lesson files; its lessons may join the built-in tracks.\n" +
				"A FILE is checked with the track.yaml next to it, if any.\n" +
				"Prints one line per problem and exits 1, or a summary and exits 0 when all is well.",
			RunE: func(cmd *cobra.Command, args []string) error {
				var dirs []lessons.Dir
				if len(args) == 0 {
					dirs = lessonDirs(g)
				} else {
					// The built-in content only resolves names here, so a
					// DIR's lessons can join its tracks and `lint content`
					// checks the working copy rather than the built-in one.
					ref := embeddedLessons()
					ref.Reference = true
					dirs = append(dirs, ref)
					for _, a := range args {
						d, err := lintDir(a)
						if err != nil {
							return err
						}
						dirs = append(dirs, d)
					}
				}
				cat, problems := lessons.Load(dirs...)
				out := cmd.OutOrStdout()
				for _, p := range problems {
					fmt.Fprintln(out, p)
				}
				if len(problems) > 0 {
					return &exitError{code: 1, err: fmt.Errorf("%s found", plural(len(problems), "problem"))}
				}
				s := cat.Stats()
				if s.Lessons == 0 {
					return &exitError{code: 1, err: fmt.Errorf("no lessons found (lesson files are .md files starting with YAML front matter)")}
				}
				fmt.Fprintf(out, "%s in %s, %s, %s: all good\n", plural(s.Lessons, "lesson"), plural(s.Tracks, "track"),
					plural(s.Quizzes, "quiz question"), plural(s.Cards, "interview card"))
				return nil
			},
		}
	})
}

// lintDir turns a lint argument into a lessons.Dir: a directory as is, a
// single file together with the track.yaml beside it (so its track resolves).
func lintDir(arg string) (lessons.Dir, error) {
	fi, err := os.Stat(arg)
	if err != nil || fi.IsDir() {
		return lessons.OSDir(arg), nil // a missing dir is reported as a problem
	}
	dir := filepath.Dir(arg)
	files := fstest.MapFS{}
	for _, name := range []string{filepath.Base(arg), "track.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && name == "track.yaml" {
			continue
		}
		if err != nil {
			return lessons.Dir{}, err
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	return lessons.Dir{FS: files, Name: dir}, nil
}
