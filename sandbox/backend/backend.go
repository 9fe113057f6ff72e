// Package backend picks and opens the sandbox.Runtime the demos run on:
// the learner's Docker Engine when it answers, real child processes
// otherwise.
package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/process"
)

// Names of the backends, as --backend takes them.
const (
	Auto    = "auto"
	Docker  = "docker"
	Process = "process"
)

// PingTimeout is how long auto waits for the Docker daemon to answer
// before it settles for processes.
const PingTimeout = 1500 * time.Millisecond

// Choice is the backend in use and why, in words for the learner:
// "docker: Docker Engine 20.10.24 (API 1.41) answered".
type Choice struct {
	Backend string // "docker" or "process"
	Reason  string
}

// Open opens the runtime name asks for (auto, docker or process; "" means
// auto). progress, if not nil, hears about slow steps (building the
// workload image). The caller must Close the runtime: defer it.
func Open(ctx context.Context, name string, progress func(string)) (sandbox.Runtime, Choice, error) {
	say := func(s string) {
		if progress != nil {
			progress(s)
		}
	}
	switch name {
	case Process:
		rt, err := openProcess(ctx)
		return rt, Choice{Process, "process: chosen with --backend process"}, err
	case Docker:
		rt, err := docker.New(ctx, docker.Options{Progress: progress})
		if err != nil {
			return nil, Choice{}, fmt.Errorf("--backend docker: %w", err)
		}
		return rt, Choice{Docker, "docker: chosen with --backend docker; " + rt.Engine().String() + " answered"}, nil
	case Auto, "":
		say("looking for Docker")
		eng, why := connect(ctx)
		if eng == nil {
			say("Docker not reachable; using child processes")
			rt, err := openProcess(ctx)
			return rt, Choice{Process, why}, err
		}
		rt, err := docker.New(ctx, docker.Options{Engine: eng, Progress: progress})
		if err != nil {
			if ctx.Err() != nil {
				return nil, Choice{}, err
			}
			say("Docker answered but cannot run the demos; using child processes")
			prt, perr := openProcess(ctx)
			return prt, Choice{Process, fmt.Sprintf("process: %s answered, but: %s", eng, firstClause(err))}, perr
		}
		return rt, Choice{Docker, "docker: " + eng.String() + " answered"}, nil
	}
	return nil, Choice{}, fmt.Errorf("unknown backend %q: want auto, docker or process", name)
}

// Pick says what auto would choose, and why, without starting anything: the
// daemon must answer within PingTimeout and the workload image must be ready
// (it is prepared, and cached, if missing). For `coldstart doctor`.
func Pick(ctx context.Context, progress func(string)) Choice {
	eng, why := connect(ctx)
	if eng == nil {
		return Choice{Process, why}
	}
	defer eng.Close()
	if _, err := eng.PrepareImage(ctx, progress); err != nil {
		return Choice{Process, fmt.Sprintf("process: %s answered, but: %s", eng, firstClause(err))}
	}
	return Choice{Docker, "docker: " + eng.String() + " answered"}
}

// connect pings the daemon with a short timeout; on failure it says why in
// a process Choice reason.
func connect(ctx context.Context) (*docker.Engine, string) {
	pctx, cancel := context.WithTimeout(ctx, PingTimeout)
	defer cancel()
	eng, err := docker.Connect(pctx)
	if err != nil {
		if errors.Is(pctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, fmt.Sprintf("process: Docker did not answer within %v (%s)", PingTimeout, firstClause(err))
		}
		return nil, "process: " + firstClause(err)
	}
	return eng, ""
}

func openProcess(ctx context.Context) (sandbox.Runtime, error) {
	rt, err := process.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("process backend: %w", err)
	}
	return rt, nil
}

// firstClause is an error's message without its advice (" — start
// Docker...") and beyond its first line: a reason fits on one line.
func firstClause(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	s, _, _ = strings.Cut(s, " — ")
	return s
}
