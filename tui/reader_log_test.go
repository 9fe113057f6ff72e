package tui

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// A reader left while progress cannot be written says so in the log: its
// Close has no screen left to show the error on.
func TestReaderCloseLogsAFailedSave(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	store, _, err := progress.Open(filepath.Join(dir, "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A file where the directory was: no save can succeed, even as root.
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	a := fixtureApp(t, store)
	a.ctx.Log = slog.New(slog.NewTextHandler(&log, nil))
	r := sizedReader(t, a, "first")
	r.Close()
	if got := log.String(); !strings.Contains(got, "level=WARN") || !strings.Contains(got, "lesson=first") || !strings.Contains(got, "progress") {
		t.Fatalf("log %q, want a warning naming the lesson and the failed save", got)
	}
}
