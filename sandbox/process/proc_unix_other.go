//go:build unix && !linux

package process

import "syscall"

// dieWithParent has no equivalent here: Close, the CLI's signal handler and
// its panic recovery are what end the children.
func dieWithParent(*syscall.SysProcAttr) {}
