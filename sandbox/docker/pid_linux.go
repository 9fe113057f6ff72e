//go:build linux

package docker

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pidStartedAfter reports whether the process with this pid started after
// t: then it is not the process that made an object at t, only a later one
// that reused its pid (after a reboot, say). False when it cannot tell.
func pidStartedAfter(pid int, t time.Time) bool {
	boot := bootTime()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if boot.IsZero() || err != nil {
		return false
	}
	// Fields after the command name (which may hold spaces) in parentheses;
	// starttime is field 22 of the line, the 20th after ")".
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return false
	}
	fields := strings.Fields(string(b[i+1:]))
	if len(fields) < 20 {
		return false
	}
	ticks, err := strconv.ParseUint(fields[19], 10, 64)
	if err != nil {
		return false
	}
	const clockTicks = 100 // USER_HZ, 100 on every Linux ABI Go supports
	started := boot.Add(time.Duration(ticks) * time.Second / clockTicks)
	return started.After(t.Add(2 * time.Second)) // slack for tick and boot-time rounding
}

var bootTime = sync.OnceValue(func() time.Time {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			if secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return time.Unix(secs, 0)
			}
		}
	}
	return time.Time{}
})
