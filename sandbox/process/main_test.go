package process

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// TestMain doubles as a helper "coldstart" for tests that need to kill the
// parent of an instance: it starts one instance, prints its pid and waits.
func TestMain(m *testing.M) {
	if os.Getenv("PROCESS_TEST_PARENT") == "1" {
		ctx := context.Background()
		rt, err := New(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go drain(rt)
		inst, err := rt.Start(ctx, sandbox.Spec{Name: "orphan"})
		if err == nil {
			err = rt.WaitReady(ctx, inst.ID)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_, r, _ := rt.current(inst.ID)
		fmt.Println(r.cmd.Process.Pid)
		select {}
	}
	os.Exit(m.Run())
}
