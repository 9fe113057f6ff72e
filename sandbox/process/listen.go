package process

import (
	"net"
	"os/exec"
	"strconv"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// listenLoopback opens a listener on a free 127.0.0.1 port and tells the
// child cmd, in its environment, to serve on that port.
func listenLoopback(cmd *exec.Cmd) (*net.TCPListener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	tl := ln.(*net.TCPListener)
	cmd.Env = append(cmd.Env, workload.EnvPort+"="+strconv.Itoa(tl.Addr().(*net.TCPAddr).Port))
	return tl, nil
}
