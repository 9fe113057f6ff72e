package exercise

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
)

// fixture is the exercise in testdata: one file, two checks, three hints.
func fixture(t testing.TB) *exercise.Exercise {
	t.Helper()
	cat, problems := exercise.Loader{}.Load(lessons.OSDir("testdata"))
	if len(problems) > 0 {
		t.Fatalf("fixture exercise has problems: %v", problems)
	}
	x := cat.Exercise("rollout")
	if x == nil {
		t.Fatal("fixture exercise rollout not found")
	}
	return x
}

const (
	startText    = "kind: Deployment\nspec:\n  replicas: 3\n"
	learnersText = "kind: Deployment\nspec:\n  replicas: 5 # mine\n"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWorkspace(t *testing.T) {
	x := fixture(t)
	tests := []struct {
		name string
		// before prepares the root; then the workspace is opened and, when
		// reset is set, reset.
		before     func(t *testing.T, root string)
		reset      bool
		wantCopied []string
		wantText   string
		wantBackup string // the backup's copy of app.yaml, when reset
	}{
		{name: "first open copies the starting files",
			before: func(*testing.T, string) {}, wantCopied: []string{"app.yaml"}, wantText: startText},
		{name: "a second open keeps the learner's edits",
			before: func(t *testing.T, root string) {
				writeFile(t, filepath.Join(root, "rollout", "app.yaml"), learnersText)
			},
			wantCopied: nil, wantText: learnersText},
		{name: "reset backs up and restores",
			before: func(t *testing.T, root string) {
				writeFile(t, filepath.Join(root, "rollout", "app.yaml"), learnersText)
				writeFile(t, filepath.Join(root, "rollout", "notes.txt"), "my notes")
			},
			reset: true, wantText: startText, wantBackup: learnersText},
		{name: "reset after a file was deleted",
			before: func(t *testing.T, root string) {
				writeFile(t, filepath.Join(root, "rollout", "other"), "x")
			},
			reset: true, wantCopied: []string{"app.yaml"}, wantText: startText, wantBackup: startText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			tt.before(t, root)
			ws, copied, err := OpenWorkspace(root, x)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(copied, ",") != strings.Join(tt.wantCopied, ",") {
				t.Errorf("copied %v, want %v", copied, tt.wantCopied)
			}
			if ws.Dir != filepath.Join(root, "rollout") {
				t.Errorf("workspace %s, want root/rollout", ws.Dir)
			}
			var backup string
			if tt.reset {
				writeFile(t, ws.Path("app.yaml"), tt.wantBackup)
				now := time.Date(2026, 12, 3, 14, 5, 6, 0, time.UTC)
				backup, err = ws.Reset(now)
				if err != nil {
					t.Fatal(err)
				}
				if want := filepath.Join(root, "rollout.bak-20261203-140506"); backup != want {
					t.Errorf("backup %s, want %s", backup, want)
				}
				if got := read(t, filepath.Join(backup, "app.yaml")); got != tt.wantBackup {
					t.Errorf("backup holds %q, want %q", got, tt.wantBackup)
				}
				// A second reset in the same second gets a folder of its own.
				again, err := ws.Reset(now)
				if err != nil || again == backup {
					t.Errorf("second reset: %s %v, want a new folder", again, err)
				}
			}
			if got := read(t, ws.Path("app.yaml")); got != tt.wantText {
				t.Errorf("app.yaml holds %q, want %q", got, tt.wantText)
			}
			files, err := ws.Files()
			if err != nil || string(files["app.yaml"]) != tt.wantText {
				t.Errorf("Files() = %q, %v", files["app.yaml"], err)
			}
		})
	}
}

func TestSolution(t *testing.T) {
	sol, err := Solution(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(sol) != 1 || sol[0].Name != "app.yaml" || !strings.Contains(sol[0].Text, "maxUnavailable: 0") {
		t.Fatalf("solution %+v", sol)
	}
}

func TestDefaultRoot(t *testing.T) {
	tests := []struct{ xdg, home, want string }{
		{"/data", "/home/a", "/data/coldstart/exercises"},
		{"relative", "/home/a", "/home/a/.local/share/coldstart/exercises"},
		{"", "/home/a", "/home/a/.local/share/coldstart/exercises"},
	}
	for _, tt := range tests {
		t.Setenv("XDG_DATA_HOME", tt.xdg)
		t.Setenv("HOME", tt.home)
		if got, err := DefaultRoot(); err != nil || got != tt.want {
			t.Errorf("XDG_DATA_HOME=%q: %s %v, want %s", tt.xdg, got, err, tt.want)
		}
	}
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
