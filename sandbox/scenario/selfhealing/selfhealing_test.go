package selfhealing

import "testing"

func TestValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Replicas: 0, Nodes: 3, TimeScale: 20}, "--replicas 0: want 1 to 12"},
		{Options{Replicas: 3, Nodes: 7, TimeScale: 20}, "--nodes 7: want 1 to 6"},
		{Options{Replicas: 3, Nodes: 3, TimeScale: 2000}, "--time-scale 2000: want 1 (real Kubernetes timing) to 1000"},
	} {
		if err := tc.o.Validate(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: err %v, want %q", tc.o, err, tc.want)
		}
	}
}
