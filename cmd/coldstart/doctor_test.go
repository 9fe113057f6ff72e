package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
)

func noDocker(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/docker.sock")
}

func TestDoctorWithoutDocker(t *testing.T) {
	noDocker(t)
	checkDoctor(t, "! docker", "auto picks process: Docker is not reachable at unix://", "coldstart can run here.")
}

func TestDoctorWithDocker(t *testing.T) {
	dockertest.Engine(t)
	checkDoctor(t, "✓ docker     Docker Engine", "✓ image      coldstart-workload:", "auto picks docker: Docker Engine")
}

// checkDoctor runs `coldstart doctor`, which must succeed (child processes
// work wherever the tests run), and looks for each of wants in its output.
func checkDoctor(t *testing.T, wants ...string) {
	t.Helper()
	out, _, err := run(t, "doctor")
	if err != nil {
		t.Fatalf("doctor: %v\n%s", err, out)
	}
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
}

func TestCleanWithoutDocker(t *testing.T) {
	noDocker(t)
	_, _, err := run(t, "clean")
	if err == nil || !strings.Contains(err.Error(), "start Docker, then run coldstart clean again") {
		t.Errorf("clean without Docker: %v, want advice", err)
	}
}

// TestCleanRemovesOnlyOurLeftovers: clean removes a container and a network
// of a session whose process is gone, and leaves a container without our
// labels alone.
func TestCleanRemovesOnlyOurLeftovers(t *testing.T) {
	eng := dockertest.Engine(t)
	cli := eng.Client()
	ctx := context.Background()
	img, err := eng.PrepareImage(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	dead := map[string]string{
		sandbox.LabelManaged: "true", sandbox.LabelSession: "cleantest", sandbox.LabelPID: "999999999",
		docker.LabelHost: host,
	}
	// The pid keeps two test runs on one daemon (two checkouts) apart.
	prefix := fmt.Sprintf("coldstart-cleantest-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))
	var foreign string
	for _, c := range []struct {
		name   string
		labels map[string]string
	}{{prefix + "-leftover", dead}, {prefix + "-foreign", nil}} {
		res, err := cli.ContainerCreate(ctx, client.ContainerCreateOptions{Name: c.name,
			Config: &container.Config{Image: img.Ref, Labels: c.labels}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cli.ContainerRemove(context.Background(), res.ID, client.ContainerRemoveOptions{Force: true}) })
		if c.labels == nil {
			foreign = res.ID
		}
	}
	if _, err := cli.NetworkCreate(ctx, prefix+"-net", client.NetworkCreateOptions{Labels: dead}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.NetworkRemove(context.Background(), prefix+"-net", client.NetworkRemoveOptions{}) })

	out, _, err := run(t, "clean")
	if err != nil {
		t.Fatalf("clean: %v\n%s", err, out)
	}
	// Another coldstart process starting now (tests of other packages)
	// may sweep the leftovers first; either way they must be gone.
	for _, want := range []string{"removed container " + prefix + "-leftover", "removed network " + prefix + "-net"} {
		if !strings.Contains(out, want) {
			t.Logf("clean output lacks %q (swept by another process?):\n%s", want, out)
		}
	}
	if _, err := cli.ContainerInspect(ctx, prefix+"-leftover", client.ContainerInspectOptions{}); err == nil {
		t.Errorf("the dead session's container is still there after clean:\n%s", out)
	}
	if _, err := cli.NetworkInspect(ctx, prefix+"-net", client.NetworkInspectOptions{}); err == nil {
		t.Errorf("the dead session's network is still there after clean:\n%s", out)
	}
	if strings.Contains(out, "foreign") {
		t.Errorf("clean removed a container without our labels:\n%s", out)
	}
	if _, err := cli.ContainerInspect(ctx, foreign, client.ContainerInspectOptions{}); err != nil {
		t.Errorf("the foreign container is gone: %v", err)
	}
}
