package workload

import (
	"context"
	"crypto/sha256"
	"os"
	"sync"
)

// burn does units of CPU work (SHA-256 over WorkUnitBytes each) on threads
// goroutines. It is real work, so a CPU quota slows it down in proportion.
// It stops early when ctx is done.
func burn(ctx context.Context, units, threads int) {
	if units <= 0 {
		return
	}
	threads = max(1, min(threads, units))
	var wg sync.WaitGroup
	for i := range threads {
		share := units / threads
		if i < units%threads {
			share++
		}
		wg.Go(func() { hashUnits(ctx, share) })
	}
	wg.Wait()
}

func hashUnits(ctx context.Context, units int) {
	buf := make([]byte, WorkUnitBytes)
	for range units {
		if ctx.Err() != nil {
			return
		}
		sum := sha256.Sum256(buf)
		copy(buf, sum[:]) // chain the units so none can be skipped
	}
}

// touchMemory allocates mb MiB and writes one byte per page, so the memory
// is really resident (RSS), not just reserved.
func touchMemory(ctx context.Context, mb int) []byte {
	if mb <= 0 {
		return nil
	}
	mem := make([]byte, mb<<20)
	page := os.Getpagesize()
	for i := 0; i < len(mem); i += page {
		if i%(64<<20) == 0 && ctx.Err() != nil {
			break
		}
		mem[i] = 1
	}
	return mem
}
