// Command coldstart is an interactive terminal course on serverless and
// container orchestration, with live demos that run real workloads.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(exitCode(err))
	}
}
