package exercise

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// deadline bounds a wait in these tests; it is generous, never a timing
// assertion.
const deadline = 20 * time.Second

func nextSave(t *testing.T, w *Watcher) Save {
	t.Helper()
	select {
	case s, ok := <-w.Saves():
		if !ok {
			t.Fatal("saves closed")
		}
		return s
	case <-time.After(deadline):
		t.Fatal("no save reported")
	}
	return Save{}
}

// A plain write and an editor's rename-save each give exactly one Save. To
// show there is no second one without waiting for it, the next change is to
// the other file: the Save after it must name that file alone.
func TestWatcherOneSavePerEdit(t *testing.T) {
	edits := []struct {
		name string
		edit func(t *testing.T, p string)
	}{
		{"write", func(t *testing.T, p string) { writeFile(t, p, "v2\n") }},
		{"rename over the file", func(t *testing.T, p string) {
			tmp := filepath.Join(filepath.Dir(p), ".app.yaml.swp")
			writeFile(t, tmp, "v2\n")
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		}},
		{"backup by rename, then write", func(t *testing.T, p string) {
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			writeFile(t, p, "v2\n")
			os.Chmod(p, 0o600)
		}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "app.yaml"), "v1\n")
			writeFile(t, filepath.Join(dir, "sub", "other.yaml"), "v1\n")
			w, err := Watch(dir, []string{"app.yaml", "sub/other.yaml"}, Debounce)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()

			e.edit(t, filepath.Join(dir, "app.yaml"))
			if s := nextSave(t, w); !slices.Equal(s.Files, []string{"app.yaml"}) {
				t.Fatalf("save %v, want app.yaml", s.Files)
			}
			writeFile(t, filepath.Join(dir, "sub", "other.yaml"), "v2\n")
			if s := nextSave(t, w); !slices.Equal(s.Files, []string{"sub/other.yaml"}) {
				t.Fatalf("the next save %v, want sub/other.yaml alone (a second save of app.yaml?)", s.Files)
			}
		})
	}
}

// Files the exercise does not list (an editor's swap file) are not saves.
func TestWatcherIgnoresOtherFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.yaml"), "v1\n")
	w, err := Watch(dir, []string{"app.yaml"}, Debounce)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	writeFile(t, filepath.Join(dir, ".app.yaml.swp"), "x")
	writeFile(t, filepath.Join(dir, "notes.txt"), "x")
	writeFile(t, filepath.Join(dir, "app.yaml"), "v2\n")
	if s := nextSave(t, w); !slices.Equal(s.Files, []string{"app.yaml"}) {
		t.Fatalf("save %v, want app.yaml alone", s.Files)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-w.Saves():
		if ok {
			t.Fatal("a save after Close")
		}
	case <-time.After(deadline):
		t.Fatal("saves not closed by Close")
	}
	w.Close() // twice is fine
}
