//go:build unix

package docker

import (
	"errors"
	"syscall"
)

// pidAlive reports whether a process with this pid exists (EPERM means it
// does, owned by someone else).
func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
