package faas

import (
	"slices"
	"time"
)

// Stats are the service's counters since start or reset. Every duration in
// them was measured.
type Stats struct {
	Invocations int // every request, throttled ones included
	Cold, Warm  int // requests served on a new / a reused environment
	Provisioned int // of Warm: served by a provisioned environment
	Throttled   int // refused at the concurrency limit (429), not billed
	Timeouts    int // stopped after the per-invocation timeout
	Errors      int // other failures (start errors, crashes)
	ColdStarts  int // on-demand environments created

	ColdP50MS float64 // end-to-end latency of cold invocations, median
	WarmP50MS float64 // end-to-end latency of warm invocations, median
	InitP50MS float64 // workload-measured init, median over cold starts

	BilledRequests int     // requests Lambda bills (all but throttled)
	BilledMS       int64   // sum of billed durations, on-demand and provisioned
	GBSeconds      float64 // billed GB-seconds of on-demand invocations (Init included)
	// ProvisionedGBSeconds are the billed GB-seconds of invocations served
	// by provisioned environments; ConfiguredGBSeconds the provisioned
	// concurrency's memory x environments x time configured, on the engine's
	// clock (skipping ahead costs provisioned time, as waiting would).
	ProvisionedGBSeconds float64
	ConfiguredGBSeconds  float64

	RequestsUSD    float64 // BilledRequests at PerRequest
	OnDemandUSD    float64 // GBSeconds at PerGBSecond
	ProvisionedUSD float64 // ConfiguredGBSeconds and ProvisionedGBSeconds at the provisioned prices
	LambdaUSD      float64 // the total: requests, on-demand and provisioned
	ServerUSD      float64 // always-on server of the current memory over Elapsed (assumption)
}

// samples keeps recent latencies for the medians.
type samples struct{ v []float64 }

const maxSamples = 1000

func (s *samples) add(x float64) {
	if len(s.v) == maxSamples {
		s.v = s.v[1:]
	}
	s.v = append(s.v, x)
}

// p50 is the median (the lower middle value of an even count; 0 when empty).
func (s *samples) p50() float64 { return percentile(s.v, 50) }

// percentile is the nearest-rank percentile of xs (0 when empty).
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	rank := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// accounting accumulates Stats; the engine holds it under its lock.
type accounting struct {
	Stats
	cold, warm, init samples
	since            time.Time // wall clock

	configured float64   // ConfiguredGBSeconds of the periods before provFrom
	provGB     float64   // GB provisioned since provFrom: environments x memory
	provFrom   time.Time // on the engine's clock
}

// provision records that from now (on the engine's clock) n environments of
// memoryMB are provisioned.
func (a *accounting) provision(now time.Time, n, memoryMB int) {
	a.configured = a.configuredAt(now)
	a.provGB, a.provFrom = float64(n*memoryMB)/1024, now
}

func (a *accounting) configuredAt(now time.Time) float64 {
	return a.configured + a.provGB*now.Sub(a.provFrom).Seconds()
}

func (a *accounting) record(inv *Invocation) {
	a.Invocations++
	switch inv.Kind {
	case KindThrottled:
		a.Throttled++
		return
	case KindCold:
		a.Cold++
	case KindWarm:
		a.Warm++
		if inv.Provisioned {
			a.Provisioned++
		}
	}
	switch inv.Status {
	case StatusTimeout:
		a.Timeouts++
	case StatusError:
		a.Errors++
	case StatusOK:
		if inv.Kind == KindCold {
			a.cold.add(inv.Phases.TotalMS)
			a.init.add(inv.Phases.InitMS)
		} else {
			a.warm.add(inv.Phases.TotalMS)
		}
	}
	a.BilledRequests++
	a.BilledMS += inv.BilledMS
	if inv.Provisioned {
		a.ProvisionedGBSeconds += inv.GBSeconds
	} else {
		a.GBSeconds += inv.GBSeconds
	}
}

// snapshot is the statistics at now (wall clock) and onClock (the engine's
// clock, for provisioned time), priced.
func (a *accounting) snapshot(now, onClock time.Time, memoryMB int, prices Prices) Stats {
	s := a.Stats
	s.ColdP50MS, s.WarmP50MS, s.InitP50MS = a.cold.p50(), a.warm.p50(), a.init.p50()
	s.ConfiguredGBSeconds = a.configuredAt(onClock)
	s.RequestsUSD = float64(s.BilledRequests) * prices.PerRequest
	s.OnDemandUSD = s.GBSeconds * prices.PerGBSecond
	s.ProvisionedUSD = prices.Provisioned(s.ConfiguredGBSeconds, s.ProvisionedGBSeconds)
	s.LambdaUSD = prices.Lambda(s.BilledRequests, s.GBSeconds) + s.ProvisionedUSD
	s.ServerUSD = prices.Server(memoryMB, now.Sub(a.since))
	return s
}
