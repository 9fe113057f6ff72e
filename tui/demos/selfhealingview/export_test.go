package selfhealingview

// NewRecordedModel is the model after the recorded run of view_test.go, for
// the presenter frame's goldens in package selfhealingview_test (which, unlike this
// package, may import tui).
func NewRecordedModel(noColor bool) *Model { return newTestModel(noColor, 100, 30) }
