// Command coldstart-workload is the demo workload on its own, for container
// images when the coldstart executable itself cannot be used (see
// workload.LinuxStatic). It accepts and ignores the "workload" argument so it
// runs exactly like "coldstart workload".
package main

import (
	"context"
	"os"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

func main() {
	os.Exit(workload.Main(context.Background()))
}
