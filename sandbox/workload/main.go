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
	if cfg.App.BadStart != "" { // the app's own check, as a real app does at start
		fmt.Fprintln(os.Stderr, cfg.App.BadStart)
		return 1
	}
	s := NewServer(ctx, cfg)
	if ctx.Err() != nil { // told to stop during start-up
		return 0
	}
	if cfg.CrashOnStart > 0 {
		fmt.Fprintf(os.Stderr, "workload %s: crashing on start (%s=%d)\n", cfg.Name, EnvCrashOnStart, cfg.CrashOnStart)
		return cfg.CrashOnStart
	}
	ln, err := listen(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "workload:", err)
		return 3
	}
	return s.Serve(ctx, ln)
}

// listen opens cfg.Addr, or serves on the socket the runtime opened for us
// (no race for a free port between the runtime and the workload).
func listen(cfg Config) (net.Listener, error) {
	if cfg.ListenFD <= 0 {
		return net.Listen("tcp", cfg.Addr)
	}
	f := os.NewFile(uintptr(cfg.ListenFD), "listener")
	if f == nil {
		return nil, fmt.Errorf("%s=%d: not an open file", EnvListenFD, cfg.ListenFD)
	}
	defer f.Close() // FileListener holds its own copy
	ln, err := net.FileListener(f)
	if err != nil {
		return nil, fmt.Errorf("%s=%d: %w", EnvListenFD, cfg.ListenFD, err)
	}
	return ln, nil
}
