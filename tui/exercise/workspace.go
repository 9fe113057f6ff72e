package exercise

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox/check"
)

// DefaultRoot is where workspaces live: $XDG_DATA_HOME/coldstart/exercises,
// by default ~/.local/share/coldstart/exercises. Each exercise gets a folder
// of its own there, kept between runs.
func DefaultRoot() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "coldstart", "exercises"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no place for exercise workspaces: set $XDG_DATA_HOME or $HOME (%w)", err)
	}
	return filepath.Join(home, ".local", "share", "coldstart", "exercises"), nil
}

// Workspace is the learner's own copy of an exercise's files.
type Workspace struct {
	Dir string // root/<exercise id>
	ex  *exercise.Exercise
}

// OpenWorkspace makes the workspace of ex under root, copying each starting
// file that is not there yet. A file already there is the learner's and is
// never overwritten. It returns the files it copied.
func OpenWorkspace(root string, ex *exercise.Exercise) (Workspace, []string, error) {
	w := Workspace{Dir: filepath.Join(root, ex.ID), ex: ex}
	start, err := check.StartFiles(ex)
	if err != nil {
		return w, nil, err
	}
	var copied []string
	for _, name := range ex.Files {
		p := w.Path(name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return w, copied, err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return w, copied, err
		}
		_, err = f.Write(start[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return w, copied, err
		}
		copied = append(copied, name)
	}
	return w, copied, nil
}

// Path is where the learner's copy of file name (as the exercise lists it) is.
func (w Workspace) Path(name string) string { return filepath.Join(w.Dir, filepath.FromSlash(name)) }

// Files reads the learner's files for a check run.
func (w Workspace) Files() (check.Files, error) { return check.ReadFiles(w.Dir, w.ex) }

// backupLayout names backups: NAME.bak-20061231-150405.
const backupLayout = "20060102-150405"

// Reset copies the whole workspace to a backup folder next to it,
// NAME.bak-<time>, then puts the starting files back. It returns the
// backup's path.
func (w Workspace) Reset(now time.Time) (backup string, err error) {
	start, err := check.StartFiles(w.ex)
	if err != nil {
		return "", err
	}
	backup, err = newBackupDir(w.Dir + ".bak-" + now.Format(backupLayout))
	if err != nil {
		return "", err
	}
	if err := copyTree(w.Dir, backup); err != nil {
		return backup, fmt.Errorf("back up %s: %w", w.Dir, err)
	}
	for _, name := range w.ex.Files {
		if err := writeAtomic(w.Path(name), start[name]); err != nil {
			return backup, err
		}
	}
	return backup, nil
}

// newBackupDir creates base, or base-2, base-3... when a reset in the same
// second made it already.
func newBackupDir(base string) (string, error) {
	for i := 1; ; i++ {
		p := base
		if i > 1 {
			p = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return "", err
		}
	}
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil || rel == "." {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// writeAtomic replaces p by a complete file in one rename, as editors do.
func writeAtomic(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".reset-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// SolutionFile is one file of the reference solution.
type SolutionFile struct {
	Name string
	Text string
}

// Solution reads the exercise's reference solution, in the order it lists
// its files.
func Solution(ex *exercise.Exercise) ([]SolutionFile, error) {
	files, err := check.SolutionFiles(ex)
	if err != nil {
		return nil, err
	}
	var out []SolutionFile
	for _, name := range ex.Files {
		out = append(out, SolutionFile{Name: name, Text: string(files[name])})
	}
	return out, nil
}

// ShowPath writes p for the screen, with the home folder as ~.
func ShowPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return p
}
