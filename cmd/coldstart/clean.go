package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/docker"
)

// `coldstart clean` removes what coldstart left on the Docker Engine: the
// containers and networks of sessions that ended without cleaning up (and,
// if asked, those of running sessions and the cached workload images). It
// never touches anything without coldstart's labels.
func init() {
	register(func(*globals) *cobra.Command {
		var opts docker.CleanOptions
		cmd := &cobra.Command{
			Use:   "clean",
			Short: "Remove coldstart's leftover containers and networks from Docker (only coldstart's)",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				ctx, stop := headlessContext(cmd.Context())
				defer stop()
				ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
				defer cancel()
				fmt.Fprintln(cmd.ErrOrStderr(), "  … looking for coldstart's leftovers on Docker")
				eng, err := docker.Connect(ctx)
				if errors.Is(err, docker.ErrUnavailable) {
					reason, _, _ := strings.Cut(err.Error(), " — ")
					return fmt.Errorf("%s: start Docker, then run coldstart clean again", reason)
				} else if err != nil {
					return err
				}
				defer eng.Close()
				removed, err := eng.Clean(ctx, opts)
				out := cmd.OutOrStdout()
				for _, r := range removed {
					fmt.Fprintln(out, "removed", r)
				}
				if len(removed) == 0 && err == nil {
					fmt.Fprintf(out, "nothing to remove on %s\n", eng)
				}
				return err
			},
		}
		cmd.Flags().BoolVar(&opts.Images, "images", false, "also remove the cached workload images (rebuilt in a moment when needed)")
		cmd.Flags().BoolVar(&opts.All, "all", false, "also remove the containers of coldstart sessions still running")
		return cmd
	})
}
