//go:build !linux

package record

import "time"

// threadCPU is not measured off Linux; cpu_ms/seek reads 0 there.
func threadCPU() time.Duration { return 0 }

// processCPU is not measured off Linux either.
func processCPU() time.Duration { return 0 }
