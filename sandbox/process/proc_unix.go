//go:build unix

package process

import (
	"os"
	"os/exec"
	"syscall"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// listenFor opens the instance's socket on a free 127.0.0.1 port here and
// hands it to the child as fd 3, so no other process can take the port
// between choosing it and the workload listening. As with docker-proxy, the
// kernel accepts connections before the workload serves: readiness is HTTP.
// Call release once the child started.
func listenFor(cmd *exec.Cmd) (addr string, release func(), err error) {
	ln, err := listenLoopback(cmd)
	if err != nil {
		return "", nil, err
	}
	defer ln.Close() // f below is a duplicate that keeps the socket open
	f, err := ln.File()
	if err != nil {
		return "", nil, err
	}
	cmd.ExtraFiles = []*os.File{f}
	cmd.Env = append(cmd.Env, workload.EnvListenFD+"=3")
	return ln.Addr().String(), func() { f.Close() }, nil
}

// sysProcAttr puts the child in its own process group, so signals reach all
// of it and the terminal's Ctrl-C does not (coldstart decides when it ends).
func sysProcAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(attr)
	return attr
}

// terminate asks the child's process group to end (SIGTERM).
func terminate(p *os.Process) error { return signalGroup(p, syscall.SIGTERM) }

// kill ends the child's process group at once (SIGKILL).
func kill(p *os.Process) error { return signalGroup(p, syscall.SIGKILL) }

func signalGroup(p *os.Process, sig syscall.Signal) error {
	if err := syscall.Kill(-p.Pid, sig); err != nil && err != syscall.ESRCH {
		return p.Signal(sig)
	}
	return nil
}

// groupAlive reports whether any process of the group led by pid remains.
func groupAlive(pid int) bool { return syscall.Kill(-pid, 0) == nil }

const canTerminate = true
