package workload

import (
	"strings"
	"testing"
)

// FuzzFromEnv: any environment gives a configuration or an error naming the
// variable, never a panic, and a configuration survives Env and back.
func FuzzFromEnv(f *testing.F) {
	f.Add("127.0.0.1", "8080", "10", "4", "0")
	f.Add("::1", "0", "-1", "x", "70000")
	f.Add("host:99", "", "1e3", " 7 ", "99999999999999999999")
	f.Fuzz(func(t *testing.T, addr, port, work, mem, crash string) {
		env := map[string]string{EnvName: "f", EnvAddr: addr, EnvPort: port, EnvInitWork: work, EnvInitMemMB: mem, EnvCrashAfter: crash}
		c, err := FromEnv(func(k string) string { return env[k] })
		if err != nil {
			if !strings.Contains(err.Error(), "COLDSTART_WL_") {
				t.Fatalf("error does not name the variable: %v", err)
			}
			return
		}
		back := c.Env()
		c2, err := FromEnv(func(k string) string { return back[k] })
		if err != nil {
			t.Fatalf("FromEnv(%+v.Env()) = %v", c, err)
		}
		c2.Addr = c.Addr
		if c2 != c {
			t.Fatalf("round trip\n got %+v\nwant %+v", c2, c)
		}
	})
}
