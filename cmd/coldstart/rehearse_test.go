package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeRehearsals replaces the demo list for one test.
func fakeRehearsals(t *testing.T, list ...rehearsal) {
	t.Helper()
	old := rehearsals
	rehearsals = func(*globals) []rehearsal { return list }
	t.Cleanup(func() { rehearsals = old })
}

// runCLI runs the coldstart command line with args and returns its output.
func runCLI(args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	err = root.Execute()
	return out.String(), errOut.String(), err
}

func TestRehearseFailingDemoExits1(t *testing.T) {
	var backends []string
	fakeRehearsals(t,
		rehearsal{name: "good", run: func(_ context.Context, g *globals, stdout, stderr io.Writer) error {
			backends = append(backends, g.backend)
			fmt.Fprintln(stdout, "event lines are discarded")
			return nil
		}},
		rehearsal{name: "broken-demo", run: func(_ context.Context, g *globals, _, stderr io.Writer) error {
			backends = append(backends, g.backend)
			fmt.Fprintln(stderr, "coldstart: starting 3 pods")
			fmt.Fprint(stderr, "coldstart: pod web-1 never became ready")
			return errors.New("waiting for the first rollout:\ncontext deadline exceeded")
		}},
	)
	stdout, stderr, err := runCLI("--backend", "process", "rehearse")
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("err = %v (exit %d), want exit 1", err, exitCode(err))
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per demo, got:\n%s", stdout)
	}
	if !regexp.MustCompile(`^good +ok +\d+\.\d s$`).MatchString(lines[0]) {
		t.Errorf("line 1 = %q", lines[0])
	}
	if !regexp.MustCompile(`^broken-demo +FAIL +\d+\.\d s  waiting for the first rollout: context deadline exceeded$`).MatchString(lines[1]) {
		t.Errorf("line 2 = %q", lines[1])
	}
	if !strings.Contains(stderr, "[2/2] rehearsing broken-demo on the process backend") || !strings.Contains(stderr, "    coldstart: pod web-1 never became ready") {
		t.Errorf("stderr should show progress and the failing demo's last words:\n%s", stderr)
	}
	if !slices.Equal(backends, []string{"process", "process"}) {
		t.Errorf("demos ran on %v, want the --backend choice", backends)
	}
}

func TestRehearseAllWork(t *testing.T) {
	ok := func(context.Context, *globals, io.Writer, io.Writer) error { return nil }
	fakeRehearsals(t, rehearsal{name: "a", run: ok}, rehearsal{name: "b", run: ok})
	stdout, stderr, err := runCLI("--backend", "process", "rehearse")
	if err != nil {
		t.Fatalf("err = %v\n%s", err, stderr)
	}
	if n := strings.Count(stdout, " ok "); n != 2 {
		t.Errorf("want 2 ok lines, got:\n%s", stdout)
	}
}

func TestRehearseTimeout(t *testing.T) {
	fakeRehearsals(t, rehearsal{name: "hangs", run: func(ctx context.Context, _ *globals, _, _ io.Writer) error {
		<-ctx.Done()
		return ctx.Err()
	}})
	stdout, _, err := runCLI("--backend", "process", "rehearse", "--timeout", "10ms")
	if exitCode(err) != 1 || !strings.Contains(stdout, "FAIL") || !strings.Contains(stdout, "timed out after 10ms") {
		t.Errorf("err %v, stdout %q: want a timed-out failure", err, stdout)
	}
}

func TestRehearseListsHeadlessDemos(t *testing.T) {
	var names []string
	for _, r := range headlessDemos(&globals{backend: "auto"}) {
		names = append(names, r.name)
	}
	for _, want := range []string{"cold-start", "self-healing"} {
		if !slices.Contains(names, want) {
			t.Errorf("rehearsals %v lack %s", names, want)
		}
	}
}

// TestRehearseRunsTheRealCLI runs a real headless demo the way rehearse does,
// with a flag it rejects, so it fails fast without starting workloads: the
// error must come back through the runner.
func TestRehearseRunsTheRealCLI(t *testing.T) {
	for _, r := range headlessDemos(&globals{backend: "no-such-backend"}) {
		if r.name != "cold-start" {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var stderr bytes.Buffer
		err := r.run(ctx, &globals{backend: "no-such-backend"}, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), "no-such-backend") {
			t.Errorf("err = %v, want the backend error from the demo", err)
		}
		return
	}
	t.Fatal("cold-start is not rehearsed")
}

func TestLastLines(t *testing.T) {
	l := &lastLines{n: 2}
	io.WriteString(l, "one\ntw")
	io.WriteString(l, "o\nthree\nfour")
	if got := l.String(); got != "two\nthree\nfour\n" {
		t.Errorf("got %q", got)
	}
}
