package process

import "syscall"

// dieWithParent makes the kernel SIGKILL the child when coldstart dies, even
// by SIGKILL, when no Close or signal handler can run. (Pdeathsig follows the
// thread that started the child; Go threads only end with LockOSThread.)
func dieWithParent(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
