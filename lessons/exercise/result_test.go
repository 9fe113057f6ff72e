package exercise

import "testing"

func TestEvaluate(t *testing.T) {
	x, problems := Parse("e.yaml", []byte(good))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	tests := []struct {
		name    string
		m       Measurements
		passed  bool
		message string
		err     bool
	}{
		{"passes", Measurements{"failed_requests": NumberValue(0), "requests": NumberValue(200)}, true, "All 200 answered", false},
		{"not yet", Measurements{"failed_requests": NumberValue(4), "requests": NumberValue(200)}, false, "4 of 200 failed", false},
		{"runner gap", Measurements{"requests": NumberValue(200)}, false, "? of 200 failed", true},
	}
	for _, tt := range tests {
		results, passed := x.Evaluate(tt.m)
		if len(results) != 1 || results[0].Check != &x.Checks[0] {
			t.Fatalf("%s: results %+v", tt.name, results)
		}
		r := results[0]
		if r.Passed != tt.passed || r.Message != tt.message || (r.Err != nil) != tt.err || (passed == 1) != tt.passed {
			t.Errorf("%s: %+v, %d passed", tt.name, r, passed)
		}
	}
}
