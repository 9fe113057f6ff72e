package faas

import (
	"math"
	"testing"
	"time"
)

func TestBilling(t *testing.T) {
	tests := []struct {
		name              string
		handlerMS, initMS float64
		cold              bool
		memoryMB          int
		wantMS            int64
		wantGBs           float64
	}{
		{"warm rounds up to 1 ms", 1.2, 0, false, 1024, 2, 0.002},
		{"exact ms stays", 3.0, 0, false, 1024, 3, 0.003},
		{"warm ignores init", 10, 250, false, 512, 10, 0.005},
		{"cold bills init since Aug 2025", 10.4, 250.2, true, 512, 261, 0.1305},
		{"128 MB", 100, 0, false, 128, 100, 0.0125},
		{"one vCPU", 1000, 0, false, 1769, 1000, 1769.0 / 1024},
		{"zero", 0, 0, false, 512, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := BilledMS(tt.handlerMS, tt.initMS, tt.cold)
			if ms != tt.wantMS {
				t.Fatalf("BilledMS = %d, want %d", ms, tt.wantMS)
			}
			if gbs := GBSeconds(ms, tt.memoryMB); math.Abs(gbs-tt.wantGBs) > 1e-12 {
				t.Errorf("GBSeconds = %v, want %v", gbs, tt.wantGBs)
			}
		})
	}
}

func TestPrices(t *testing.T) {
	// One million requests of 100 ms at 1024 MB: $0.20 + 100,000 GB-s x $0.0000166667.
	if got, want := AWS.Lambda(1_000_000, 100_000), 0.20+1.66667; math.Abs(got-want) > 1e-9 {
		t.Errorf("Lambda = %v, want %v", got, want)
	}
	// A 2 GiB always-on server for 10 hours.
	if got, want := AWS.Server(2048, 10*time.Hour), 0.208; math.Abs(got-want) > 1e-12 {
		t.Errorf("Server = %v, want %v", got, want)
	}
}

func TestStatsAccounting(t *testing.T) {
	var a accounting
	for _, inv := range []Invocation{
		{Kind: KindCold, Status: StatusOK, Phases: Phases{TotalMS: 300, InitMS: 40}, BilledMS: 45, GBSeconds: 0.5},
		{Kind: KindCold, Status: StatusOK, Phases: Phases{TotalMS: 500, InitMS: 60}, BilledMS: 65, GBSeconds: 0.5},
		{Kind: KindCold, Status: StatusOK, Phases: Phases{TotalMS: 400, InitMS: 50}, BilledMS: 55, GBSeconds: 0.5},
		{Kind: KindWarm, Status: StatusOK, Phases: Phases{TotalMS: 4}, BilledMS: 3, GBSeconds: 0.5},
		{Kind: KindThrottled, Status: StatusThrottled},
		{Kind: KindWarm, Status: StatusTimeout, BilledMS: 3000, GBSeconds: 1.5},
	} {
		a.record(&inv, AWS)
	}
	s := a.snapshot(a.since, 512, AWS)
	if s.Invocations != 6 || s.Cold != 3 || s.Warm != 2 || s.Throttled != 1 || s.Timeouts != 1 || s.BilledRequests != 5 {
		t.Fatalf("counts %+v", s)
	}
	if s.ColdP50MS != 400 || s.InitP50MS != 50 || s.WarmP50MS != 4 {
		t.Errorf("p50 cold %v init %v warm %v, want 400 50 4 (failed requests excluded)", s.ColdP50MS, s.InitP50MS, s.WarmP50MS)
	}
	if s.BilledMS != 3168 || math.Abs(s.GBSeconds-3.5) > 1e-12 {
		t.Errorf("billed %d ms, %v GB-s", s.BilledMS, s.GBSeconds)
	}
	if want := AWS.Lambda(5, 3.5); s.LambdaUSD != want {
		t.Errorf("LambdaUSD %v, want %v", s.LambdaUSD, want)
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{nil, 50, 0},
		{[]float64{7}, 50, 7},
		{[]float64{3, 1, 2}, 50, 2},
		{[]float64{4, 1, 3, 2}, 50, 2},
		{[]float64{1, 2, 3, 4}, 100, 4},
	}
	for _, tt := range tests {
		if got := percentile(tt.xs, tt.p); got != tt.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.xs, tt.p, got, tt.want)
		}
	}
}
