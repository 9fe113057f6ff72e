package main

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// globals are the flags every command shares.
type globals struct {
	lessonDirs  []string // --lessons DIR (repeatable) and $COLDSTART_LESSONS
	backend     string   // --backend auto|docker|process
	noAnimation bool     // --no-animation
	logLevel    string   // --log-level debug|info|warn|error
}

// commands lists the constructors of every subcommand; each command's file
// adds itself in an init function, so adding a command touches one file.
var commands []func(g *globals) *cobra.Command

func register(f func(g *globals) *cobra.Command) { commands = append(commands, f) }

func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:           "coldstart",
		Short:         "Learn serverless and container orchestration in your terminal, with live demos",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := startLogging(g.logLevel, cmd.ErrOrStderr()); err != nil {
				return err
			}
			slog.Info("start", "command", cmd.CommandPath(), "version", versionString())
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd, g)
		},
	}
	pf := root.PersistentFlags()
	pf.StringArrayVar(&g.lessonDirs, "lessons", envList("COLDSTART_LESSONS"),
		"add a directory of your own lessons (repeatable; also $COLDSTART_LESSONS, "+string(filepath.ListSeparator)+"-separated)")
	pf.StringVar(&g.backend, "backend", envOr("COLDSTART_BACKEND", "auto"), "where demos run: auto, docker or process")
	pf.BoolVar(&g.noAnimation, "no-animation", os.Getenv("COLDSTART_NO_ANIMATION") != "", "reduced motion: no spinners or animations")
	pf.StringVar(&g.logLevel, "log-level", envOr("COLDSTART_LOG_LEVEL", "info"),
		"what the log file keeps: debug, info, warn or error (the file: $XDG_STATE_HOME/coldstart/coldstart.log, ~/.local/state by default)")
	for _, f := range commands {
		root.AddCommand(f(g))
	}
	return root
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envList(name string) []string {
	v := os.Getenv(name)
	if v == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, string(filepath.ListSeparator)) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// exitError carries a specific exit code (lint uses 1 for problems found).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
