package rollingdeploy

import (
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/scenariotest"
)

func TestValidate(t *testing.T) {
	edited := func(edit func(*Options)) Options {
		o := Defaults()
		edit(&o)
		return o
	}
	scenariotest.CheckValidate(t, Defaults(), map[string]Options{
		"bad flag: maxUnavailable may not be 0 when maxSurge is 0":                                 edited(func(o *Options) { o.MaxSurge, o.MaxUnavailable = "0", "0" }),
		`bad flag: maxSurge "x": want a whole number from 0 to 100000 or a percentage such as 25%`: edited(func(o *Options) { o.MaxSurge = "x" }),
		`--strategy "bluegreen": want rolling or recreate`:                                         edited(func(o *Options) { o.Strategy = "bluegreen" }),
		"--replicas 30: want 1 to 12":                                                              edited(func(o *Options) { o.Replicas = 30 }),
		`--bad "slow": want readiness or crash`:                                                    edited(func(o *Options) { o.Bad = "slow" }),
		"--rate 0: want 1 to 500 requests per second":                                              edited(func(o *Options) { o.Rate = 0 }),
		"--time-scale 0.5: want 1 to 1000":                                                         edited(func(o *Options) { o.TimeScale = 0.5 }),
	})
}

// WithStrategy writes back what the view's keys chose.
func TestWithStrategy(t *testing.T) {
	o := Defaults().WithStrategy(cluster.Strategy{Recreate: true})
	if st, err := o.RolloutStrategy(); err != nil || !st.Recreate {
		t.Errorf("recreate: %+v, %v", st, err)
	}
	o = o.WithStrategy(cluster.Strategy{MaxSurge: "2", MaxUnavailable: "0"})
	if st, err := o.RolloutStrategy(); err != nil || st != (cluster.Strategy{MaxSurge: "2", MaxUnavailable: "0"}) {
		t.Errorf("rolling: %+v, %v", st, err)
	}
}
