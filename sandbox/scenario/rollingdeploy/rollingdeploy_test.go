package rollingdeploy

import (
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

func TestValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"no surge and no unavailable", func(o *Options) { o.MaxSurge, o.MaxUnavailable = "0", "0" }, "bad flag: "},
		{"a surge that is no number", func(o *Options) { o.MaxSurge = "x" }, "bad flag: "},
		{"an unknown strategy", func(o *Options) { o.Strategy = "bluegreen" }, `--strategy "bluegreen": want rolling or recreate`},
		{"too many replicas", func(o *Options) { o.Replicas = 30 }, "--replicas 30: want 1 to 12"},
		{"an unknown bad mode", func(o *Options) { o.Bad = "slow" }, `--bad "slow": want readiness or crash`},
		{"no traffic", func(o *Options) { o.Rate = 0 }, "--rate 0: want 1 to 500 requests per second"},
		{"real time and then some", func(o *Options) { o.TimeScale = 0.5 }, "--time-scale 0.5: want 1 to 1000"},
	} {
		o := Defaults()
		tc.edit(&o)
		if err := o.Validate(); err == nil || len(err.Error()) < len(tc.want) || err.Error()[:len(tc.want)] != tc.want {
			t.Errorf("%s: err %v, want %q...", tc.name, err, tc.want)
		}
	}
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
