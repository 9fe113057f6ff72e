//go:build !linux

package process

import "github.com/coldstart-dev/coldstart/sandbox"

const statsAvailable = false

func usage(int) (float64, uint64, error) { return 0, 0, sandbox.ErrStatsUnavailable }

func rss(int) (uint64, error) { return 0, sandbox.ErrStatsUnavailable }
