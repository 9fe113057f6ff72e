package check

import (
	"math"
	"slices"
	"time"

	"github.com/coldstart-dev/coldstart/lessons/exercise"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
)

// measure computes every serverless measurement of KnownMeasurements from
// the requests the steps sent, the engine's peaks and its bill (stats,
// taken when the last answer came).
func (r *slsRun) measure(stats faas.Stats) exercise.Measurements {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.peaks.mu.Lock()
	defer r.peaks.mu.Unlock()

	var (
		failed, cold, coldAfter, throttled int
		ok                                 []float64
		reported                           int64 // the highest total any answer reported
		initMS                             float64
		firstFailure                       time.Duration // 0: none
	)
	for _, s := range r.sent {
		inv := s.inv
		if inv.Kind == faas.KindCold {
			cold++
			if !s.at.Before(r.deployedAt) {
				coldAfter++
			}
			// Init as Lambda reports it: runtime boot and init code, until
			// the environment answered (InitMS alone when it began before
			// Start returned, as on Docker).
			initMS = max(initMS, inv.Phases.ReadyMS, inv.Phases.InitMS)
		}
		if inv.Kind == faas.KindThrottled {
			throttled++
		}
		if inv.Status == faas.StatusOK {
			ok = append(ok, inv.Phases.TotalMS)
			reported = max(reported, inv.Reported())
			continue
		}
		failed++
		// When the failure was seen: sent, plus its measured time to the answer.
		at := s.at.Add(time.Duration(inv.Phases.TotalMS * float64(time.Millisecond))).Sub(r.start)
		if firstFailure == 0 || at < firstFailure {
			// Never below 0.01 s: messages show two decimals, and 0 means none failed.
			firstFailure = max(at, 10*time.Millisecond)
		}
	}
	cost := 0.0
	if stats.BilledRequests > 0 {
		cost = stats.LambdaUSD / float64(stats.BilledRequests) * 1e6
	}
	return exercise.Measurements{
		"requests":                 num(len(r.sent)),
		"failed_requests":          num(failed),
		"p50_ms":                   exercise.NumberValue(round(percentile(ok, 50), 1)),
		"p99_ms":                   exercise.NumberValue(round(percentile(ok, 99), 1)),
		"first_failure_s":          exercise.NumberValue(round(firstFailure.Seconds(), 3)),
		"cold_starts":              num(cold),
		"cold_starts_after_deploy": num(coldAfter),
		"throttled":                num(throttled),
		"max_concurrency":          num(r.peaks.concurrency),
		"init_ms":                  exercise.NumberValue(round(initMS, 1)),
		"max_db_connections":       num(r.peaks.dbConns),
		"cost_per_million_usd":     exercise.NumberValue(round(cost, 4)),
		"total_mismatch":           num(len(ok) - int(reported)),
		"reserved_concurrency":     num(r.reservedConcurrency()),
		"cpu_limited":              exercise.FlagValue(r.rt.Name() == "docker"), // the backend that enforces CPU quotas
	}
}

// reservedConcurrency is the cap as deployed: the template's, or without
// one the account's quota, which nothing then keeps the function under
// (here the shared pool happens to leave it UnreservedConcurrency).
func (r *slsRun) reservedConcurrency() int {
	if r.reserved != nil {
		return *r.reserved
	}
	return AccountConcurrency
}

func num(n int) exercise.Value { return exercise.NumberValue(float64(n)) }

// round keeps places decimals, so a message shows what the check compared.
func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// percentile is the nearest-rank percentile of xs (0 when empty).
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	rank := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}
