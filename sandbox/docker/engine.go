// Package docker is the sandbox.Runtime that runs demo instances as hardened
// containers on the learner's Docker Engine.
//
// Everything it creates carries our labels (sandbox.Label*), so it only ever
// touches its own containers, networks and images:
//
//	engine.go     connecting to the daemon (API version negotiated once) and error messages
//	image.go      the workload image, imported from an in-memory rootfs tar and cached by content hash
//	runtime.go    the Runtime: New and Close, one labelled bridge network per session
//	spec.go       the hardened container a Spec becomes (pure: no daemon)
//	lifecycle.go  start, restart, stop, kill and remove
//	readiness.go  waiting for /readyz (sandbox.ReadyCheck) and the instance's address
//	events.go     the daemon's event stream mapped to sandbox events
//	stats.go      one-shot CPU and memory readings
//	sweep.go      removing leftovers of sessions whose process is gone (and `coldstart clean`)
package docker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// ErrUnavailable marks errors that mean the Docker daemon cannot be reached
// (not running, not installed, or it stopped answering mid-demo).
var ErrUnavailable = errors.New("docker is not available")

// Engine is a connection to a Docker daemon whose API version was negotiated
// once, at Connect.
type Engine struct {
	cli        *client.Client
	Host       string // the daemon address, e.g. unix:///var/run/docker.sock
	Version    string // the daemon's version, e.g. 20.10.24
	APIVersion string // the API version we speak, e.g. 1.41
}

// Connect dials the daemon named by DOCKER_HOST (or the platform default)
// and negotiates the API version with one Ping, so any daemon from API 1.40
// up works. ctx bounds the ping: auto-selection uses a short timeout.
func Connect(ctx context.Context) (*Engine, error) {
	cli, err := client.New(client.FromEnv)
	if err != nil {
		return nil, fmt.Errorf("docker client: %w (check DOCKER_HOST)", err)
	}
	e := &Engine{cli: cli, Host: cli.DaemonHost()}
	if _, err := cli.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		cli.Close()
		return nil, e.unreachable(err)
	}
	e.APIVersion = cli.ClientVersion()
	v, err := cli.ServerVersion(ctx, client.ServerVersionOptions{})
	if err != nil {
		cli.Close()
		return nil, e.wrap("read the daemon version", err)
	}
	e.Version = v.Version
	return e, nil
}

// Client is the underlying API client, for tests and tools.
func (e *Engine) Client() *client.Client { return e.cli }

// Close releases the connection.
func (e *Engine) Close() error { return e.cli.Close() }

// String says which daemon this is: "Docker Engine 20.10.24 (API 1.41)".
func (e *Engine) String() string {
	return fmt.Sprintf("Docker Engine %s (API %s)", e.Version, e.APIVersion)
}

func (e *Engine) unreachable(err error) error {
	return &daemonError{msg: fmt.Sprintf("Docker is not reachable at %s (%v) — start Docker, or run with --backend process", e.Host, short(err)), err: err}
}

// wrap explains err from the daemon: a daemon that stopped answering gets an
// actionable message (and matches ErrUnavailable), a missing object matches
// sandbox.ErrNotFound, anything else says what we were doing.
func (e *Engine) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *daemonError
	if errors.As(err, &de) {
		return err
	}
	if isDown(err) {
		return &daemonError{msg: fmt.Sprintf("Docker stopped answering: %s: %v — restart Docker or rerun with --backend process", op, short(err)), err: err}
	}
	if cerrdefs.IsNotFound(err) {
		return fmt.Errorf("docker: %s: %w (%v)", op, sandbox.ErrNotFound, short(err))
	}
	return fmt.Errorf("docker: %s: %w", op, err)
}

// daemonError is an error meaning the daemon is unreachable.
type daemonError struct {
	msg string
	err error
}

func (d *daemonError) Error() string        { return d.msg }
func (d *daemonError) Unwrap() []error      { return []error{ErrUnavailable, d.err} }
func (d *daemonError) Is(target error) bool { return target == ErrUnavailable }

func isDown(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false // the caller gave up, not the daemon
	}
	if client.IsErrConnectionFailed(err) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, os.ErrDeadlineExceeded) || cerrdefs.IsUnavailable(err)
}

// short trims the daemon's "Error response from daemon: " prefix.
func short(err error) string {
	return strings.TrimPrefix(err.Error(), "Error response from daemon: ")
}

// detached gives cleanup code a context that survives the caller's
// cancellation (Ctrl-C) but still ends.
func detached(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}
