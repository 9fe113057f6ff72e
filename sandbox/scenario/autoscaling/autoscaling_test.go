package autoscaling

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Min: 0, Max: 3, TimeScale: 30}, "bad flag: "},
		{Options{Min: 3, Max: 2, TimeScale: 30}, "bad flag: "},
		{Options{Min: 1, Max: 20, TimeScale: 30}, "bad flag: "},
		{Options{Min: 1, Max: 3, TimeScale: 0}, "--time-scale 0: want 1 to 200"},
	} {
		if err := tc.o.Validate(); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q...", tc.o, err, tc.want)
		}
	}
}
