package coldstart

import (
	"fmt"
	"math"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// The demo's own record of a headless run's --json output (SCHEMA.md): its
// summary (its run is fixed: it has no steps).

// Summary is the last line of a headless run.
type Summary struct {
	Backend          string  `json:"backend"`
	Runtime          string  `json:"runtime"`
	MemoryMB         int     `json:"memory_mb"`
	CPUs             float64 `json:"cpus"`
	Profile          string  `json:"profile"`
	Limit            int     `json:"limit"`
	Provisioned      int     `json:"provisioned"` // provisioned concurrency
	Burst            int     `json:"burst"`
	IdleTimeout      string  `json:"idle_timeout"`
	Invocations      int     `json:"invocations"`
	Cold             int     `json:"cold"`
	Warm             int     `json:"warm"`
	Throttled        int     `json:"throttled"`
	Timeouts         int     `json:"timeouts"`
	Errors           int     `json:"errors"`
	ColdP50MS        float64 `json:"cold_p50_ms"`
	WarmP50MS        float64 `json:"warm_p50_ms"`
	InitP50MS        float64 `json:"init_p50_ms"`
	BilledMS         int64   `json:"billed_ms"`
	GBSeconds        float64 `json:"gb_seconds"`
	CostUSD          float64 `json:"cost_usd"` // requests + on-demand + provisioned
	RequestsUSD      float64 `json:"requests_usd"`
	OnDemandUSD      float64 `json:"on_demand_usd"`
	ProvisionedUSD   float64 `json:"provisioned_usd"`
	ServerUSD        float64 `json:"always_on_usd"`
	ServerAssumption string  `json:"always_on_assumption"`
	Store            int64   `json:"store"`
	EnvsLeft         int     `json:"envs_left"`
	ElapsedMS        int64   `json:"elapsed_ms"`
}

// NewSummary is the summary of a run that ended at snap, with left
// environments the runtime could not remove.
func NewSummary(backend, runtime string, burst int, snap faas.Snapshot, left int, elapsed time.Duration) Summary {
	s, c := snap.Stats, snap.Config
	return Summary{
		Backend: backend, Runtime: runtime,
		MemoryMB: c.MemoryMB, CPUs: c.CPUs(), Profile: string(c.Profile), Limit: c.Concurrency, Provisioned: c.Provisioned, Burst: burst,
		IdleTimeout: c.IdleTimeout.String(),
		Invocations: s.Invocations, Cold: s.Cold, Warm: s.Warm, Throttled: s.Throttled, Timeouts: s.Timeouts, Errors: s.Errors,
		ColdP50MS: round3(s.ColdP50MS), WarmP50MS: round3(s.WarmP50MS), InitP50MS: round3(s.InitP50MS),
		BilledMS: s.BilledMS, GBSeconds: s.GBSeconds, CostUSD: s.LambdaUSD,
		RequestsUSD: s.RequestsUSD, OnDemandUSD: s.OnDemandUSD, ProvisionedUSD: s.ProvisionedUSD,
		ServerUSD: faas.AWS.Server(c.MemoryMB, elapsed), ServerAssumption: faas.ServerAssumption,
		Store: snap.Store, EnvsLeft: left, ElapsedMS: elapsed.Milliseconds(),
	}
}

func (Summary) RecordType() scenario.Type { return scenario.TypeSummary }

func (s Summary) String() string {
	return fmt.Sprintf("summary      backend %s: %s\n"+
		"             %d MB (%.3g vCPU), %s profile, limit %d, provisioned %d, bursts of %d, idle timeout %s\n"+
		"             %d invocations: %d cold, %d warm, %d throttled, %d timeouts, %d errors\n"+
		"             p50: cold %s, warm %s, init %s\n"+
		"             billed %d ms = %.6f GB-s: Lambda $%.8f (requests $%.8f, on-demand $%.8f, provisioned $%.8f); always-on $%.8f (%s, %v)\n"+
		"             shared store %d · environments left %d",
		s.Backend, s.Runtime, s.MemoryMB, s.CPUs, s.Profile, s.Limit, s.Provisioned, s.Burst, s.IdleTimeout,
		s.Invocations, s.Cold, s.Warm, s.Throttled, s.Timeouts, s.Errors,
		msText(s.ColdP50MS), msText(s.WarmP50MS), msText(s.InitP50MS),
		s.BilledMS, s.GBSeconds, s.CostUSD, s.RequestsUSD, s.OnDemandUSD, s.ProvisionedUSD, s.ServerUSD, faas.ServerAssumption, time.Duration(s.ElapsedMS)*time.Millisecond,
		s.Store, s.EnvsLeft)
}

func msText(ms float64) string { return fmt.Sprintf("%.1f ms", ms) }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
