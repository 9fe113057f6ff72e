package cluster

import (
	"fmt"
	"strconv"
	"strings"
)

// Strategy names, as in a Deployment's spec.strategy.type.
const (
	StrategyRollingUpdate = "RollingUpdate"
	StrategyRecreate      = "Recreate"
)

// Name is the strategy's type in Kubernetes' words.
func (s Strategy) Name() string {
	if s.Recreate {
		return StrategyRecreate
	}
	return StrategyRollingUpdate
}

// Validate rejects what the API server rejects: a limit that is neither a
// whole number nor a percentage, maxUnavailable above 100%, and both limits
// 0 (the rollout could never move). Limits that only round to 0 are valid:
// Resolve then makes maxUnavailable 1.
func (s Strategy) Validate() error {
	if s.Recreate {
		return nil
	}
	surge, err := parseLimit("maxSurge", s.MaxSurge)
	if err != nil {
		return err
	}
	unavail, err := parseLimit("maxUnavailable", s.MaxUnavailable)
	if err != nil {
		return err
	}
	if unavail.pct && unavail.n > 100 {
		return fmt.Errorf("maxUnavailable %q: must not be greater than 100%%", s.MaxUnavailable)
	}
	if surge.n == 0 && unavail.n == 0 {
		return fmt.Errorf("maxUnavailable may not be 0 when maxSurge is 0")
	}
	return nil
}

// maxLimit bounds a limit's number: far above any real value, and no
// overflow when a percentage is applied.
const maxLimit = 100_000

type limit struct {
	n   int
	pct bool
}

// parseLimit reads an IntOrString limit; "" is the default 25%.
func parseLimit(field, v string) (limit, error) {
	if v == "" {
		return limit{25, true}, nil
	}
	num, pct := strings.CutSuffix(strings.TrimSpace(v), "%")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > maxLimit {
		return limit{}, fmt.Errorf("%s %q: want a whole number from 0 to %d or a percentage such as 25%%", field, v, maxLimit)
	}
	return limit{n, pct}, nil
}

// Strategy is a Deployment's update strategy.
type Strategy struct {
	Recreate bool // all old pods are killed before new ones are created
	// MaxSurge and MaxUnavailable for RollingUpdate: "25%" (the default) or
	// a number. Percentages of replicas round up for surge, down for
	// unavailable; if both come to 0, unavailable becomes 1.
	MaxSurge, MaxUnavailable string
}

// Resolve turns the strategy's limits into pod counts for replicas.
func (s Strategy) Resolve(replicas int) (surge, unavailable int) {
	surge = resolveLimit(s.MaxSurge, replicas, true)
	unavailable = resolveLimit(s.MaxUnavailable, replicas, false)
	if surge == 0 && unavailable == 0 {
		unavailable = 1
	}
	return surge, unavailable
}

// resolveLimit applies an already validated limit to replicas. It reads it
// with parseLimit, the parser Validate uses, so what passes validation
// resolves to what it says (" 2" and "25% " included).
func resolveLimit(v string, replicas int, roundUp bool) int {
	l, err := parseLimit("", v)
	if err != nil {
		return 0
	}
	if !l.pct {
		return l.n
	}
	x := l.n * replicas
	if roundUp {
		return (x + 99) / 100
	}
	return x / 100
}
