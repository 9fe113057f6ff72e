package exercise

import (
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long the watcher waits after the last change before it
// reports a save: one editor save is often several events (write a temp
// file, rename it over the old one, change its mode).
const Debounce = 300 * time.Millisecond

// Save is one debounced burst of changes: the files that changed, by name
// as the exercise lists them, sorted.
type Save struct{ Files []string }

// Watcher reports saves of an exercise's files in a workspace. It watches
// the folders that hold them, not the files: an editor that saves by
// renaming a new file over the old one replaces the file a watch would be
// on.
type Watcher struct {
	fw    *fsnotify.Watcher
	names map[string]string // cleaned absolute path -> name as listed
	saves chan Save
	done  chan struct{}
	once  sync.Once
}

// Watch starts watching files (names relative to dir) for changes, with
// debounce between the last event and the Save.
func Watch(dir string, files []string, debounce time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{fw: fw, names: map[string]string{}, saves: make(chan Save), done: make(chan struct{})}
	var dirs []string
	for _, name := range files {
		p := filepath.Clean(filepath.Join(dir, filepath.FromSlash(name)))
		w.names[p] = name
		if d := filepath.Dir(p); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if err := fw.Add(d); err != nil {
			fw.Close()
			return nil, err
		}
	}
	go w.loop(debounce)
	return w, nil
}

// Saves delivers one Save per burst of changes; it is closed by Close.
func (w *Watcher) Saves() <-chan Save { return w.saves }

// Close stops watching. It is safe to call more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fw.Close()
	})
	return err
}

func (w *Watcher) loop(debounce time.Duration) {
	defer close(w.saves)
	timer := time.NewTimer(debounce)
	timer.Stop()
	var fire <-chan time.Time
	pending := map[string]bool{}
	mark := func(name string) {
		pending[name] = true
		timer.Reset(debounce)
		fire = timer.C
	}
	for {
		select {
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			// A mode change alone is not an edit.
			if name, ours := w.names[filepath.Clean(ev.Name)]; ours && ev.Op != fsnotify.Chmod {
				mark(name)
			}
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) { // events were lost: assume every file changed
				for _, name := range w.names {
					mark(name)
				}
			}
		case <-fire:
			fire = nil
			s := Save{}
			for name := range pending {
				s.Files = append(s.Files, name)
			}
			slices.Sort(s.Files)
			clear(pending)
			select {
			case w.saves <- s:
			case <-w.done:
				return
			}
		case <-w.done:
			return
		}
	}
}
