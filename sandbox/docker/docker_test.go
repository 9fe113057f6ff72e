package docker_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
)

// childEnv makes the test binary act as a coldstart session that gets
// SIGKILLed (see TestSweepAfterSIGKILL).
const childEnv = "COLDSTART_DOCKER_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(runChild())
	}
	code := m.Run()
	if code == 0 {
		if left := leftoversOfThisProcess(); len(left) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: the docker tests left behind: %s\n", strings.Join(left, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// leftoversOfThisProcess lists containers and networks labelled with our
// pid: after the tests there must be none (the cached image stays).
func leftoversOfThisProcess() []string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	eng, err := docker.Connect(ctx)
	if err != nil {
		return nil // no daemon: the tests skipped (or failed when required)
	}
	defer eng.Close()
	f := make(client.Filters).Add("label", sandbox.LabelPID+"="+strconv.Itoa(os.Getpid()))
	var out []string
	if cs, err := eng.Client().ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f}); err == nil {
		for _, c := range cs.Items {
			out = append(out, "container "+c.Names[0])
		}
	}
	if ns, err := eng.Client().NetworkList(ctx, client.NetworkListOptions{Filters: f}); err == nil {
		for _, n := range ns.Items {
			out = append(out, "network "+n.Name)
		}
	}
	return out
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestContainerIsHardened(t *testing.T) {
	rt := dockertest.Runtime(t)
	ctx := ctxFor(t)
	inst, err := rt.Start(ctx, sandbox.Spec{Name: "hardened", MemoryMB: 96, CPUs: 0.5,
		Labels: map[string]string{"dev.coldstart.demo": "test", sandbox.LabelSession: "spoofed"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	info, err := dockertest.Client(t).ContainerInspect(ctx, inst.ID, client.ContainerInspectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := info.Container
	hc := c.HostConfig
	if !hc.ReadonlyRootfs {
		t.Error("root filesystem is writable")
	}
	if !slices.Contains(hc.CapDrop, "ALL") && !slices.Contains(hc.CapDrop, "CAP_ALL") || len(hc.CapAdd) > 0 {
		t.Errorf("capabilities: drop %v add %v, want all dropped", hc.CapDrop, hc.CapAdd)
	}
	if !slices.ContainsFunc(hc.SecurityOpt, func(s string) bool { return strings.HasPrefix(s, "no-new-privileges") }) {
		t.Errorf("security options %v, want no-new-privileges", hc.SecurityOpt)
	}
	if hc.Privileged {
		t.Error("privileged")
	}
	if u := c.Config.User; u == "" || u == "0" || strings.HasPrefix(u, "0:") || strings.HasPrefix(u, "root") {
		t.Errorf("user %q, want non-root", u)
	}
	if hc.Memory != 96<<20 || hc.MemorySwap != hc.Memory {
		t.Errorf("memory %d swap %d, want %d both", hc.Memory, hc.MemorySwap, 96<<20)
	}
	if hc.NanoCPUs != 5e8 {
		t.Errorf("NanoCPUs %d, want 5e8", hc.NanoCPUs)
	}
	if hc.PidsLimit == nil || *hc.PidsLimit <= 0 {
		t.Errorf("pids limit %v, want one", hc.PidsLimit)
	}
	if len(c.NetworkSettings.Ports) == 0 {
		t.Error("no published ports")
	}
	for p, bindings := range c.NetworkSettings.Ports {
		for _, b := range bindings {
			if b.HostIP.String() != "127.0.0.1" {
				t.Errorf("port %s published on %s, want 127.0.0.1 only", p, b.HostIP)
			}
		}
	}
	want := map[string]string{
		sandbox.LabelManaged: "true", sandbox.LabelSession: rt.Session(),
		sandbox.LabelPID: strconv.Itoa(os.Getpid()), sandbox.LabelName: "hardened",
		"dev.coldstart.demo": "test",
	}
	for k, v := range want {
		if got := c.Config.Labels[k]; got != v {
			t.Errorf("label %s = %q, want %q", k, got, v)
		}
	}
	if c.HostConfig.NetworkMode.NetworkName() != "coldstart-"+rt.Session() {
		t.Errorf("network %q, want the session's own", c.HostConfig.NetworkMode)
	}
}

// TestForeignContainersSurvive: containers without our full set of labels
// are never touched, even when made from our image (which passes its
// managed label on to them).
func TestForeignContainersSurvive(t *testing.T) {
	eng := dockertest.Engine(t)
	ctx := ctxFor(t)
	img, err := eng.PrepareImage(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	cli := eng.Client()
	var ids []string
	for i, labels := range []map[string]string{
		nil, // no labels at all
		{sandbox.LabelManaged: "true", sandbox.LabelSession: "not-ours"}, // no pid
	} {
		created, err := cli.ContainerCreate(ctx, client.ContainerCreateOptions{
			Name:   fmt.Sprintf("coldstart-foreign-%d-%d", os.Getpid(), i),
			Config: &container.Config{Image: img.Ref, Labels: labels},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, created.ID)
		t.Cleanup(func() {
			cli.ContainerRemove(context.Background(), created.ID, client.ContainerRemoveOptions{Force: true})
		})
	}

	rt := dockertest.Runtime(t) // sweeps at start
	if _, err := eng.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if err := rt.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, err := cli.ContainerInspect(ctx, id, client.ContainerInspectOptions{}); err != nil {
			t.Errorf("foreign container %s: %v, want it untouched", id[:12], err)
		}
	}
}

// TestSweepAfterSIGKILL: a coldstart session killed with SIGKILL cannot
// clean up; the next runtime's startup sweep removes what it left.
func TestSweepAfterSIGKILL(t *testing.T) {
	dockertest.Engine(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var session string
	select {
	case line := <-lines:
		session, _ = strings.CutPrefix(line, "session ")
	case <-time.After(time.Minute):
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait() // reap it: a zombie's pid still looks alive
	if session == "" {
		t.Fatal("the child session did not start its instance")
	}
	if left := sessionObjects(t, session); len(left) < 2 {
		// Tests of other packages running now start runtimes too, and
		// their startup sweep may have been first.
		t.Logf("the killed child's leftovers %v: some already swept by another coldstart process", left)
	}

	var mu sync.Mutex
	var progress []string
	ctx := ctxFor(t)
	rt, err := docker.New(ctx, docker.Options{Progress: func(s string) {
		mu.Lock()
		progress = append(progress, s)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(ctx)
	if left := sessionObjects(t, session); len(left) > 0 {
		t.Errorf("after the startup sweep, the killed session still has %v (progress: %q)", left, progress)
	}
}

// runChild starts a runtime and one instance, says its session, and waits
// to be killed.
func runChild() int {
	ctx := context.Background()
	rt, err := docker.New(ctx, docker.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	if _, err := rt.Start(ctx, sandbox.Spec{Name: "doomed"}); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		rt.Close(ctx)
		return 1
	}
	fmt.Println("session " + rt.Session())
	time.Sleep(time.Minute) // the parent kills us long before
	rt.Close(ctx)
	return 1
}

func TestUnreachableDaemonSaysWhatToDo(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/no-docker.sock")
	_, err := docker.Connect(context.Background())
	if err == nil {
		t.Fatal("Connect to a missing socket succeeded")
	}
	if !errors.Is(err, docker.ErrUnavailable) || !strings.Contains(err.Error(), "--backend process") {
		t.Errorf("error %q: want docker.ErrUnavailable and advice to use --backend process", err)
	}
}

// Two Removes of one container at once (a controller's garbage collection
// racing Close) both succeed: the second waits for the first instead of
// getting the daemon's 409 "removal already in progress".
func TestConcurrentRemoveOfOneContainer(t *testing.T) {
	rt := dockertest.Runtime(t)
	ctx := ctxFor(t)
	inst, err := rt.Start(ctx, sandbox.Spec{Name: "removed-twice"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- rt.Remove(ctx, inst.ID) }()
	}
	for range 2 {
		if err := <-errs; err != nil && !errors.Is(err, sandbox.ErrNotFound) {
			t.Errorf("Remove: %v", err)
		}
	}
	if _, err := dockertest.Client(t).ContainerInspect(ctx, inst.ID, client.ContainerInspectOptions{}); err == nil {
		t.Error("the container is still there")
	}
}
