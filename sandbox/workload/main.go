package workload

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
)

// Main runs the workload configured by the environment until SIGTERM or
// Ctrl-C (exit code 0 after a graceful shutdown) or a configured crash (its
// exit code). Exit code 2 means bad configuration, 3 that it could not listen.
// The caller passes the result to os.Exit.
func Main(ctx context.Context) int {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()

	cfg, err := FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "workload:", err)
		return 2
	}
	s := NewServer(ctx, cfg)
	if ctx.Err() != nil { // told to stop during start-up
		return 0
	}
	if cfg.CrashOnStart > 0 {
		fmt.Fprintf(os.Stderr, "workload %s: crashing on start (%s=%d)\n", cfg.Name, EnvCrashOnStart, cfg.CrashOnStart)
		return cfg.CrashOnStart
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "workload:", err)
		return 3
	}
	return s.Serve(ctx, ln)
}
