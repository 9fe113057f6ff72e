package process

import (
	"os"
	"os/exec"
	"syscall"
)

// listenFor picks a free port for the child to listen on. (Windows cannot
// hand a socket over: another process could take the port in between.)
func listenFor(cmd *exec.Cmd) (addr string, release func(), err error) {
	ln, err := listenLoopback(cmd)
	if err != nil {
		return "", nil, err
	}
	defer ln.Close()
	return ln.Addr().String(), func() {}, nil
}

func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// terminate cannot ask politely on Windows (no SIGTERM): it kills.
func terminate(p *os.Process) error { return p.Kill() }

func kill(p *os.Process) error { return p.Kill() }

// groupAlive cannot be checked cheaply on Windows.
func groupAlive(int) bool { return false }

const canTerminate = false
