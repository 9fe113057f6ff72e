package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command a test runs starts logging: keep the log out of the real
// home directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "coldstart-state")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestParseLevel(t *testing.T) {
	cases := []struct {
		in      string
		want    slog.Level
		wantErr bool
	}{
		{in: "debug", want: slog.LevelDebug},
		{in: "info", want: slog.LevelInfo},
		{in: "warn", want: slog.LevelWarn},
		{in: "error", want: slog.LevelError},
		{in: "WARN", want: slog.LevelWarn},
		{in: "warning", wantErr: true},
		{in: "verbose", wantErr: true},
		{in: "", wantErr: true},
		{in: "info+2", wantErr: true}, // slog's own syntax is not a flag value
	}
	for _, tc := range cases {
		got, err := parseLevel(tc.in)
		if (err != nil) != tc.wantErr || (err == nil && got != tc.want) {
			t.Errorf("parseLevel(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "want debug, info, warn or error") {
			t.Errorf("parseLevel(%q) error %q does not say what is wanted", tc.in, err)
		}
	}
}

func TestLogLevelFlag(t *testing.T) {
	root := newRootCmd()
	root.SetArgs([]string{"--log-level", "loud", "version"})
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	err := root.Execute()
	if err == nil || !strings.Contains(err.Error(), `--log-level "loud"`) {
		t.Fatalf("a bad --log-level: err %v, want it named", err)
	}
	if strings.Contains(out.String(), "coldstart ") {
		t.Errorf("the command ran despite the bad level: %q", out.String())
	}
}

func TestLogPath(t *testing.T) {
	t.Setenv("HOME", "/home/ada")
	for _, tc := range []struct{ xdg, want string }{
		{"/state", "/state/coldstart/coldstart.log"},
		{"", "/home/ada/.local/state/coldstart/coldstart.log"},
		{"relative/dir", "/home/ada/.local/state/coldstart/coldstart.log"},
	} {
		t.Setenv("XDG_STATE_HOME", tc.xdg)
		if got := logPath(); got != tc.want {
			t.Errorf("XDG_STATE_HOME=%q: log at %q, want %q", tc.xdg, got, tc.want)
		}
	}
}

func TestOpenLogCreatesPrivateFile(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	path := logPath()
	f, err := openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("one\n")
	f.Close()
	if f, err = openLog(path); err != nil { // a second run appends
		t.Fatal(err)
	}
	f.WriteString("two\n")
	f.Close()

	if b, _ := os.ReadFile(path); string(b) != "one\ntwo\n" {
		t.Errorf("log %q, want both runs appended", b)
	}
	for p, want := range map[string]os.FileMode{filepath.Join(state, "coldstart"): 0o700 | os.ModeDir, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s mode %v, want %v", p, fi.Mode(), want)
		}
	}
}

func TestOpenLogRotates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coldstart", "coldstart.log")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("x"), logRotateSize+1)
	if err := os.WriteFile(path, big, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("fresh\n")
	f.Close()
	if b, _ := os.ReadFile(path); string(b) != "fresh\n" {
		t.Errorf("after rotation the log holds %d bytes, want a fresh file", len(b))
	}
	if fi, err := os.Stat(path + ".1"); err != nil || fi.Size() != int64(len(big)) {
		t.Errorf("the old log was not kept as .1: %v", err)
	}

	// At the limit exactly it stays.
	os.WriteFile(path, big[:logRotateSize], 0o600)
	os.Remove(path + ".1")
	f, err = openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := os.Stat(path + ".1"); err == nil {
		t.Error("a log of exactly the limit was rotated")
	}
}

func TestLogWriterFallsBackToDiscard(t *testing.T) {
	// A file where the state directory should be: even root cannot mkdir it.
	notDir := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if w := logWriter(filepath.Join(notDir, "coldstart", "coldstart.log"), &stderr); w != io.Discard {
		t.Errorf("with no state directory the log is %T, want io.Discard", w)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "coldstart: not logging: ") || strings.Count(got, "\n") != 1 {
		t.Errorf("warning %q, want one line", got)
	}
}
