package exercise

// Result is one check's outcome on one run.
type Result struct {
	Check  *Check
	Passed bool
	// Message is the check's pass or not_yet text, filled with the run's
	// values.
	Message string
	// Err is set when the run lacks a measurement the check reads: a
	// runner bug to report as such, never as the learner's "not yet".
	Err error
}

// Evaluate runs every check over one run's measurements, in order, and
// counts those that passed (what progress.Store.RecordRun takes).
func (x *Exercise) Evaluate(m Measurements) (results []Result, passed int) {
	for i := range x.Checks {
		c := &x.Checks[i]
		ok, err := c.Assert.Eval(m)
		r := Result{Check: c, Passed: ok && err == nil, Err: err}
		if r.Passed {
			r.Message = c.Pass.Fill(m)
			passed++
		} else {
			r.Message = c.NotYet.Fill(m)
		}
		results = append(results, r)
	}
	return results, passed
}
