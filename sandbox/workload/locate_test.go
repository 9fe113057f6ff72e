package workload

import (
	"os"
	"runtime"
	"slices"
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
