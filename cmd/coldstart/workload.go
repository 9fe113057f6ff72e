package main

import (
	"os"
	"testing"

	"github.com/spf13/cobra"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// The coldstart executable is also the demo workload: runtimes re-execute it
// as "coldstart workload" (see workload.HostCommand), so no second binary
// has to be installed. Not in this package's test binary: "coldstart.test
// workload" would run every test again, each starting more workloads.
func init() {
	workload.SelfHosted = !testing.Testing()
	register(func(*globals) *cobra.Command {
		return &cobra.Command{
			Use:    workload.Subcommand,
			Short:  "Run the demo workload (used by the demos; configured by COLDSTART_WL_* variables)",
			Hidden: true,
			Args:   cobra.ArbitraryArgs,
			// Shadow any start-up hook of the root: a workload must not
			// sweep, load lessons or print anything.
			PersistentPreRun: func(*cobra.Command, []string) {},
			Run: func(cmd *cobra.Command, _ []string) {
				os.Exit(workload.Main(cmd.Context()))
			},
		}
	})
}
