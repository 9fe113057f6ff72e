package docker_test

import (
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
)

// TestDockerDiesMidDemo puts a socket proxy between the runtime and the
// daemon, then cuts it: every call must fail fast with the actionable
// message, not hang or panic.
func TestDockerDiesMidDemo(t *testing.T) {
	real := dockertest.Engine(t)
	host := real.Host
	if !strings.HasPrefix(host, "unix://") {
		t.Skipf("the proxy only speaks unix sockets; the daemon is at %s", host)
	}
	p := startProxy(t, strings.TrimPrefix(host, "unix://"))
	t.Setenv("DOCKER_HOST", "unix://"+p.path)

	ctx := ctxFor(t)
	rt, err := docker.New(ctx, docker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeSession(t, real.Client(), rt.Session()) })
	inst, err := rt.Start(ctx, sandbox.Spec{Name: "orphan"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.WaitReady(ctx, inst.ID); err != nil {
		t.Fatal(err)
	}

	p.stop()
	calls := map[string]func() error{
		"Kill":  func() error { return rt.Kill(ctx, inst.ID) },
		"Stats": func() error { _, err := rt.Stats(ctx, inst.ID); return err },
		"Start": func() error { _, err := rt.Start(ctx, sandbox.Spec{Name: "another"}); return err },
	}
	for name, call := range calls {
		err := call()
		t.Logf("%s: %v", name, err)
		if !errors.Is(err, docker.ErrUnavailable) || !strings.Contains(err.Error(), "Docker stopped answering") ||
			!strings.Contains(err.Error(), "--backend process") {
			t.Errorf("%s with the daemon gone: %v, want the actionable ErrUnavailable", name, err)
		}
	}
	// The broken event stream is noticed too.
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := rt.WaitReady(ctx, inst.ID)
		if errors.Is(err, docker.ErrUnavailable) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WaitReady with the daemon gone: %v, want ErrUnavailable", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	closeCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := rt.Close(closeCtx); err == nil {
		t.Error("Close with the daemon gone reported success")
	}
}

// removeSession removes what a session left, through a working connection.
func removeSession(t *testing.T, cli *client.Client, session string) {
	ctx := context.Background()
	f := make(client.Filters).Add("label", sandbox.LabelSession+"="+session)
	if cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f}); err == nil {
		for _, c := range cs.Items {
			cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true})
		}
	}
	if ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f}); err == nil {
		for _, n := range ns.Items {
			cli.NetworkRemove(ctx, n.ID, client.NetworkRemoveOptions{})
		}
	}
}

type proxy struct {
	path string
	ln   net.Listener
	mu   sync.Mutex
	conn []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	p := &proxy{path: filepath.Join(t.TempDir(), "docker.sock")}
	ln, err := net.Listen("unix", p.path)
	if err != nil {
		t.Fatal(err)
	}
	p.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial("unix", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conn = append(p.conn, c, d)
			p.mu.Unlock()
			go func() { io.Copy(d, c); d.Close() }()
			go func() { io.Copy(c, d); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conn {
		c.Close()
	}
}
