package backend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/backend"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
)

func open(t *testing.T, name string) (sandbox.Runtime, backend.Choice) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rt, choice, err := backend.Open(ctx, name, func(s string) { t.Log("progress:", s) })
	if err != nil {
		t.Fatalf("Open(%q): %v", name, err)
	}
	t.Cleanup(func() {
		if err := rt.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return rt, choice
}

func TestAutoWithoutDockerUsesProcesses(t *testing.T) {
	sock := "unix://" + t.TempDir() + "/docker.sock"
	t.Setenv("DOCKER_HOST", sock)
	rt, choice := open(t, "auto")
	if rt.Name() != "process" || choice.Backend != "process" {
		t.Fatalf("auto without Docker opened %s (%+v), want process", rt.Name(), choice)
	}
	if !strings.HasPrefix(choice.Reason, "process: ") || !strings.Contains(choice.Reason, sock) || strings.Contains(choice.Reason, "\n") {
		t.Errorf("reason %q: want one line naming the address tried", choice.Reason)
	}
}

func TestAutoWithDockerUsesDocker(t *testing.T) {
	dockertest.Engine(t)
	rt, choice := open(t, "")
	if rt.Name() != "docker" || choice.Backend != "docker" || !strings.Contains(choice.Reason, "answered") {
		t.Fatalf("auto with Docker opened %s (%+v), want docker", rt.Name(), choice)
	}
	if got := backend.Pick(context.Background(), nil); got != choice {
		t.Errorf("Pick = %+v, Open chose %+v", got, choice)
	}
}

func TestExplicitChoices(t *testing.T) {
	if rt, choice := open(t, "process"); rt.Name() != "process" || choice.Backend != "process" {
		t.Errorf("--backend process opened %s (%+v)", rt.Name(), choice)
	}
	t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/docker.sock")
	_, _, err := backend.Open(context.Background(), "docker", nil)
	if err == nil || !strings.Contains(err.Error(), "--backend process") {
		t.Errorf("--backend docker without Docker: %v, want an error suggesting --backend process", err)
	}
	if _, _, err := backend.Open(context.Background(), "kubernetes", nil); err == nil || !strings.Contains(err.Error(), "auto, docker or process") {
		t.Errorf("unknown backend: %v", err)
	}
}
