package workload

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestLinuxStaticBuildsOnceThenHitsCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the workload with the go tool")
	}
	path, sum, err := LinuxStatic(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && !isStaticELF(path) {
		t.Errorf("%s is not a static ELF", path)
	}
	if got, err := fileSum(path); err != nil || got != sum {
		t.Errorf("sha256 of %s = %s (%v), LinuxStatic said %s", path, got, err, sum)
	}
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	// Forget the in-process memo: the disk cache must answer without a build.
	built.Lock()
	built.results = nil
	built.Unlock()
	path2, sum2, err := LinuxStatic(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(path2)
	if err != nil {
		t.Fatal(err)
	}
	if path2 != path || sum2 != sum || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("second call rebuilt: %s %s -> %s %s", path, sum, path2, sum2)
	}
}

func TestHostCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the workload with the go tool")
	}
	path, args, err := HostCommand(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
	if !slices.Equal(args, []string{Subcommand}) {
		t.Errorf("args = %q, want [%s]", args, Subcommand)
	}
}

func TestIsStaticELF(t *testing.T) {
	if isStaticELF("locate.go") {
		t.Error("a Go source file is not an ELF")
	}
}

func TestBuildWithoutGoSaysWhatToInstall(t *testing.T) {
	t.Setenv("PATH", "")
	root, err := sourceRoot()
	if err != nil {
		t.Skip(err)
	}
	base := t.TempDir()
	_, _, err = buildInto(t.Context(), root, base, filepath.Join(base, "k"), binName, "linux")
	if err == nil || !strings.Contains(err.Error(), "install Go") {
		t.Errorf("build without go: %v, want advice to install Go", err)
	}
}

// TestConcurrentBuildersAgree builds into a directory another builder has
// just filled: the loser must use the winner's binary, not fail.
func TestConcurrentBuildersAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the workload with the go tool")
	}
	root, err := sourceRoot()
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	dir := filepath.Join(base, "k")
	p1, s1, err := buildInto(t.Context(), root, base, dir, binName, runtime.GOOS)
	if err != nil {
		t.Fatal(err)
	}
	p2, s2, err := buildInto(t.Context(), root, base, dir, binName, runtime.GOOS)
	if err != nil {
		t.Fatal(err)
	}
	if p1 != p2 || s1 != s2 {
		t.Errorf("second builder: %s %s, first: %s %s", p2, s2, p1, s1)
	}
	if entries, _ := os.ReadDir(base); len(entries) != 1 {
		t.Errorf("temporary build directories left behind: %v", entries)
	}
}
