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
	// 100,000 GB-s of provisioned concurrency configured, and as much duration on it.
	if got, want := AWS.Provisioned(100_000, 100_000), 0.41667+0.97222; math.Abs(got-want) > 1e-9 {
		t.Errorf("Provisioned = %v, want %v", got, want)
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
		a.record(&inv)
	}
	s := a.snapshot(a.since, t0, 512, AWS)
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

func TestProvisionedBilling(t *testing.T) {
	tests := []struct {
		name        string
		provisioned int           // environments of 1024 MB, configured throughout
		configured  time.Duration // on the engine's clock
		invs        []Invocation
		// want: on-demand GB-s, provisioned duration GB-s, configured GB-s; the bill in parts
		onDemand, served, configuredGBs    float64
		requestsUSD, onDemandUSD, provdUSD float64
	}{
		{"on demand only", 0, time.Hour,
			[]Invocation{{Kind: KindCold, GBSeconds: 0.5}, {Kind: KindWarm, GBSeconds: 0.25}},
			0.75, 0, 0, 0.0000004, 0.75 * 0.0000166667, 0},
		{"idle provisioned concurrency is billed for the time configured", 2, time.Hour,
			nil,
			0, 0, 7200, 0, 0, 0.03000024},
		{"served by provisioned at the lower duration price, spill-over at on-demand", 1, 10 * time.Minute,
			[]Invocation{{Kind: KindWarm, Provisioned: true, GBSeconds: 2}, {Kind: KindCold, GBSeconds: 1}, {Kind: KindThrottled}},
			1, 2, 600, 0.0000004, 0.0000166667, 600*0.0000041667 + 2*0.0000097222},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := accounting{since: time.Now()}
			a.provision(t0, tt.provisioned, 1024)
			for _, inv := range tt.invs {
				inv.Status = StatusOK
				if inv.Kind == KindThrottled {
					inv.Status = StatusThrottled
				}
				a.record(&inv)
			}
			s := a.snapshot(a.since, t0.Add(tt.configured), 1024, AWS)
			near := func(got, want float64) bool { return math.Abs(got-want) < 1e-12 }
			if !near(s.GBSeconds, tt.onDemand) || !near(s.ProvisionedGBSeconds, tt.served) || !near(s.ConfiguredGBSeconds, tt.configuredGBs) {
				t.Errorf("GB-s on demand %v, provisioned duration %v, configured %v; want %v %v %v",
					s.GBSeconds, s.ProvisionedGBSeconds, s.ConfiguredGBSeconds, tt.onDemand, tt.served, tt.configuredGBs)
			}
			if !near(s.RequestsUSD, tt.requestsUSD) || !near(s.OnDemandUSD, tt.onDemandUSD) || !near(s.ProvisionedUSD, tt.provdUSD) {
				t.Errorf("requests $%v, on demand $%v, provisioned $%v; want $%v $%v $%v",
					s.RequestsUSD, s.OnDemandUSD, s.ProvisionedUSD, tt.requestsUSD, tt.onDemandUSD, tt.provdUSD)
			}
			if want := tt.requestsUSD + tt.onDemandUSD + tt.provdUSD; !near(s.LambdaUSD, want) {
				t.Errorf("total $%v, want $%v", s.LambdaUSD, want)
			}
		})
	}
}

func TestProvisionedTimeAccruesOnTheEnginesClock(t *testing.T) {
	cfg := provisioned(2, 4)
	cfg.MemoryMB = 1024
	h := newHarness(t, harnessOpts{cfg: cfg})
	steps := []struct {
		provisioned, memoryMB int
		wait                  time.Duration
		want                  float64 // configured GB-s so far
	}{
		{2, 1024, time.Minute, 120},
		{1, 1024, 30 * time.Second, 150}, // lowered
		{1, 2048, 10 * time.Second, 170}, // more memory
		{0, 2048, time.Hour, 170},        // off: no more charge
	}
	for i, st := range steps {
		if i > 0 {
			cfg.Provisioned, cfg.MemoryMB = st.provisioned, st.memoryMB
			if err := h.e.Configure(cfg); err != nil {
				t.Fatal(err)
			}
		}
		h.clk.Advance(st.wait)
		s := h.e.Snapshot().Stats
		if math.Abs(s.ConfiguredGBSeconds-st.want) > 1e-9 {
			t.Fatalf("step %d: %v configured GB-s, want %v", i+1, s.ConfiguredGBSeconds, st.want)
		}
		if want := st.want * 0.0000041667; math.Abs(s.ProvisionedUSD-want) > 1e-12 {
			t.Errorf("step %d: provisioned $%v, want $%v", i+1, s.ProvisionedUSD, want)
		}
	}
}
