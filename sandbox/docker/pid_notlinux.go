//go:build !linux

package docker

import "time"

// pidStartedAfter cannot tell on this OS.
func pidStartedAfter(int, time.Time) bool { return false }
