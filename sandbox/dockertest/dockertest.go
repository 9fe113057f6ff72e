// Package dockertest gives tests a Docker Engine, or skips them with a clear
// message when none answers. With COLDSTART_REQUIRE_DOCKER=1 (CI sets it) a
// missing daemon fails the test instead, so Docker tests cannot silently
// stop running.
package dockertest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox/docker"
)

// RequireEnv is the variable that turns a skip into a failure.
const RequireEnv = "COLDSTART_REQUIRE_DOCKER"

var probe = sync.OnceValues(func() (*docker.Engine, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return docker.Connect(ctx)
})

// Engine returns a connection to the daemon (shared by the tests of one
// process: do not close it), or skips (fails when required).
func Engine(t testing.TB) *docker.Engine {
	t.Helper()
	e, err := probe()
	if err != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("Docker is required (%s=1) but not reachable: %v", RequireEnv, err)
		}
		t.Skipf("skipping: no Docker daemon answers (%v); set %s=1 to make this a failure", err, RequireEnv)
	}
	return e
}

// Client is the daemon's API client, its API version already negotiated.
func Client(t testing.TB) *client.Client {
	t.Helper()
	return Engine(t).Client()
}

// Runtime starts a docker runtime for the test and closes it at the end.
func Runtime(t testing.TB) *docker.Runtime {
	t.Helper()
	Engine(t) // skip or fail first, with the clear message
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := docker.New(ctx, docker.Options{})
	if err != nil {
		t.Fatalf("docker runtime: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := rt.Close(ctx); err != nil {
			t.Errorf("close docker runtime: %v", err)
		}
	})
	return rt
}
