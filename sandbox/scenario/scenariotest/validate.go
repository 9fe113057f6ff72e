// Package scenariotest holds what the tests of the demos' scenario
// packages share.
package scenariotest

import "testing"

// CheckValidate fails t unless defaults are valid and Validate refuses
// each of refused's options with the error it is listed under.
func CheckValidate[O interface{ Validate() error }](t *testing.T, defaults O, refused map[string]O) {
	t.Helper()
	if err := defaults.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for want, o := range refused {
		if err := o.Validate(); err == nil || err.Error() != want {
			t.Errorf("%+v: err %v, want %q", o, err, want)
		}
	}
}
