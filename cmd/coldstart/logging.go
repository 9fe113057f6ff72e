package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The log file is where errors that cannot be shown go (a container that
// would not stop, a failed clean-up): the TUI owns the terminal, so they
// are written to $XDG_STATE_HOME/coldstart/coldstart.log instead.

// logRotateSize is the size past which the log is moved to .1 on start.
const logRotateSize = 5 << 20

var (
	logLevel slog.LevelVar // --log-level of the running command
	logOnce  sync.Once     // rehearse runs nested root commands: one file per process
)

// startLogging sets the level and, once per process, makes slog's default
// logger write to the log file. A log that cannot be opened costs a line on
// stderr, never the command.
func startLogging(level string, stderr io.Writer) error {
	lvl, err := parseLevel(level)
	if err != nil {
		return err
	}
	logLevel.Set(lvl)
	logOnce.Do(func() {
		w := logWriter(logPath(), stderr)
		slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: &logLevel})))
	})
	return nil
}

// logWriter is the log file at path, or a discard after one line on stderr
// when it cannot be opened. The file is closed by the process's exit, so
// every command can log to its end.
func logWriter(path string, stderr io.Writer) io.Writer {
	f, err := openLog(path)
	if err != nil {
		fmt.Fprintf(stderr, "coldstart: not logging: %v\n", err)
		return io.Discard
	}
	return f
}

// parseLevel reads a --log-level value.
func parseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
}

// logPath is $XDG_STATE_HOME/coldstart/coldstart.log, by default under
// ~/.local/state; "" when there is no home to put it in.
func logPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) { // the spec says to ignore a relative path
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "coldstart", "coldstart.log")
}

// openLog opens path for appending (the directory 0700, the file 0600, as
// it may name hosts and paths), moving a log past logRotateSize to .1 first.
func openLog(path string) (*os.File, error) {
	if path == "" {
		return nil, errors.New("no home directory for the log")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > logRotateSize {
		if err := os.Rename(path, path+".1"); err != nil {
			return nil, err
		}
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
}
