package workload

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// SelfHosted is set by the coldstart command: the running executable then
// answers "coldstart workload" and is used as the workload binary. In any
// other program (go test binaries) the workload is built from source.
var SelfHosted bool

const (
	modulePath = "github.com/coldstart-dev/coldstart"
	mainPkg    = "./sandbox/workload/cmd/coldstart-workload"
	binName    = "coldstart-workload"
)

// HostCommand says how to start the workload as a process on this machine:
// run path with args (plus the COLDSTART_WL_* environment). It may build the
// workload first (seconds the first time, cached after that).
func HostCommand(ctx context.Context) (path string, args []string, err error) {
	if SelfHosted {
		exe, err := os.Executable()
		if err != nil {
			return "", nil, fmt.Errorf("locate the coldstart executable: %w", err)
		}
		return exe, []string{Subcommand}, nil
	}
	path, _, err = build(ctx, runtime.GOOS)
	return path, []string{Subcommand}, err
}

// LinuxStatic returns a static linux/GOARCH workload binary for container
// images, and its SHA-256 (hex). Run it as "<binary> workload". It is the
// running coldstart executable when that is already a static linux ELF;
// otherwise it is built with the Go toolchain from the coldstart source and
// cached in the user cache directory, so only the first call is slow. It
// prints nothing.
func LinuxStatic(ctx context.Context) (path, sha256hex string, err error) {
	if SelfHosted && runtime.GOOS == "linux" {
		if exe, err := os.Executable(); err == nil && isStaticELF(exe) {
			sum, err := selfSum(exe)
			return exe, sum, err
		}
	}
	return build(ctx, "linux")
}

// isStaticELF reports whether path is an ELF for this GOARCH that needs no
// dynamic loader or shared libraries, so it runs in an empty container.
func isStaticELF(path string) bool {
	f, err := elf.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if m, ok := elfMachine[runtime.GOARCH]; ok && f.Machine != m {
		return false
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return false
		}
	}
	libs, err := f.ImportedLibraries()
	return err == nil && len(libs) == 0
}

var elfMachine = map[string]elf.Machine{
	"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "386": elf.EM_386, "arm": elf.EM_ARM,
	"riscv64": elf.EM_RISCV, "ppc64le": elf.EM_PPC64, "s390x": elf.EM_S390,
}

// built memoizes results per GOOS for the life of the process.
var built struct {
	sync.Mutex
	results map[string][2]string // goos -> {path, sha256}
}

// build returns a CGO_ENABLED=0 build of the workload for goos/GOARCH from
// the cache, building it when missing. The cache key hashes the workload's
// sources and the Go version, so edits rebuild and a second run is instant.
// Concurrent builders (parallel test packages) each build into a temporary
// directory and rename it into place; the first rename wins.
func build(ctx context.Context, goos string) (path, sum string, err error) {
	built.Lock()
	defer built.Unlock()
	if r, ok := built.results[goos]; ok {
		return r[0], r[1], nil
	}
	root, err := sourceRoot()
	if err != nil {
		return "", "", err
	}
	key, err := sourceKey(root, goos)
	if err != nil {
		return "", "", err
	}
	base, err := cacheBase()
	if err != nil {
		return "", "", err
	}
	name := binName
	if goos == "windows" {
		name += ".exe"
	}
	dir := filepath.Join(base, key)
	path, sum, ok := readCached(dir, name)
	if !ok {
		if path, sum, err = buildInto(ctx, root, base, dir, name, goos); err != nil {
			return "", "", err
		}
		pruneOld(base, key)
	}
	if built.results == nil {
		built.results = map[string][2]string{}
	}
	built.results[goos] = [2]string{path, sum}
	return path, sum, nil
}

func buildInto(ctx context.Context, root, base, dir, name, goos string) (path, sum string, err error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", "", fmt.Errorf("building the demo workload needs the Go toolchain, and no \"go\" is on PATH: install Go 1.26+ (https://go.dev/dl), or use a static release build of coldstart (CGO_ENABLED=0), which is its own workload")
	}
	tmp, err := os.MkdirTemp(base, filepath.Base(dir)+".tmp-*")
	if err != nil {
		return "", "", fmt.Errorf("workload build cache: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into place

	cmd := exec.CommandContext(ctx, goTool, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w",
		"-o", filepath.Join(tmp, name), mainPkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+runtime.GOARCH, "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("building the demo workload (%s in %s) failed: %w\n%s", strings.Join(cmd.Args, " "), root, err, bytes.TrimSpace(out))
	}
	sum, err = fileSum(filepath.Join(tmp, name))
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, name+".sha256"), []byte(sum+"\n"), 0o644); err != nil {
		return "", "", fmt.Errorf("workload build cache: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Someone else finished first: use theirs.
		if path, sum, ok := readCached(dir, name); ok {
			return path, sum, nil
		}
		return "", "", fmt.Errorf("workload build cache: %w", err)
	}
	return filepath.Join(dir, name), sum, nil
}

func readCached(dir, name string) (path, sum string, ok bool) {
	path = filepath.Join(dir, name)
	b, err := os.ReadFile(path + ".sha256")
	if err != nil {
		return "", "", false
	}
	if _, err := os.Stat(path); err != nil {
		return "", "", false
	}
	return path, strings.TrimSpace(string(b)), true
}

// pruneOld removes cached builds of other sources not used for a week.
func pruneOld(base, keep string) {
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		if e.Name() == keep {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > 7*24*time.Hour {
			os.RemoveAll(filepath.Join(base, e.Name()))
		}
	}
}

func cacheBase() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	base := filepath.Join(dir, "coldstart", "workload")
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("workload build cache: %w", err)
	}
	return base, nil
}

// sourceRoot finds the coldstart module's source directory: where this file
// was compiled from, or else the module of the current directory.
func sourceRoot() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		root := filepath.Join(filepath.Dir(file), "..", "..")
		if isModuleRoot(root) {
			return filepath.Clean(root), nil
		}
	}
	if out, err := exec.Command("go", "env", "GOMOD").Output(); err == nil {
		if gomod := strings.TrimSpace(string(out)); gomod != "" && gomod != os.DevNull {
			if root := filepath.Dir(gomod); isModuleRoot(root) {
				return root, nil
			}
		}
	}
	return "", fmt.Errorf("building the demo workload needs the coldstart source (module %s), which is not here: run from a source checkout with Go 1.26+, or use a static release build of coldstart (CGO_ENABLED=0), which is its own workload", modulePath)
}

func isModuleRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return fields[1] == modulePath
		}
	}
	return false
}

// sourceKey hashes everything the workload build depends on: its Go files
// (it imports only the standard library), go.mod, the Go version and target.
func sourceKey(root, goos string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s\n", runtime.Version(), goos, runtime.GOARCH)
	files := []string{"go.mod"}
	err := filepath.WalkDir(filepath.Join(root, "sandbox", "workload"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read the workload source: %w", err)
	}
	for _, rel := range files {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return "", fmt.Errorf("read the workload source: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x-%s-%s", h.Sum(nil)[:10], goos, runtime.GOARCH), nil
}

// selfSum is the SHA-256 of the running executable, cached on disk by path,
// size and modification time so it is computed once per build.
func selfSum(exe string) (string, error) {
	info, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	id := sha256.Sum256(fmt.Appendf(nil, "%s|%d|%d", exe, info.Size(), info.ModTime().UnixNano()))
	var cached string
	if base, err := cacheBase(); err == nil {
		cached = filepath.Join(base, "self-"+hex.EncodeToString(id[:10])+".sha256")
		if b, err := os.ReadFile(cached); err == nil {
			return strings.TrimSpace(string(b)), nil
		}
	}
	sum, err := fileSum(exe)
	if err == nil && cached != "" {
		writeAtomic(cached, []byte(sum+"\n"))
	}
	return sum, err
}

func writeAtomic(path string, data []byte) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
