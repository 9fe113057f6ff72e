package process

import (
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// terminate cannot ask politely on Windows (no SIGTERM): it kills.
func terminate(p *os.Process) error { return p.Kill() }

func kill(p *os.Process) error { return p.Kill() }

// groupAlive cannot be checked cheaply on Windows.
func groupAlive(int) bool { return false }

const canTerminate = false
