//go:build unix

package process

import (
	"os"
	"syscall"
)

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
