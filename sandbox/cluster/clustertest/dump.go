package clustertest

import (
	"fmt"
	"strings"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// Dump is s's pods and nodes, a line each, for a failing test's message.
func Dump(s *cluster.Snapshot) string {
	var b strings.Builder
	for _, p := range s.Pods {
		fmt.Fprintf(&b, "  %s node=%s version=%s status=%s ready=%v restarts=%d\n", p.Name, p.Node, p.Version, p.Status, p.Ready, p.Restarts)
	}
	for _, n := range s.Nodes {
		fmt.Fprintf(&b, "  %s %s down=%v\n", n.Name, n.Condition, n.Down)
	}
	return b.String()
}
