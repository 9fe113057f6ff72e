package main

import "testing"

// The app gets the built-in exercises, each resolved to its lesson, and a
// checker; `coldstart exercise NAME` gets its screen.
func TestExerciseTUIWiring(t *testing.T) {
	g := &globals{backend: "process"}
	cat, _ := loadCatalog(g)
	x := appExercises(g, cat)
	if x.Catalog == nil || x.Check == nil {
		t.Fatal("the app gets no exercises or no checker")
	}
	if _, xp := tuiExerciseCatalog(g, cat); len(xp) > 0 {
		t.Fatalf("built-in exercises have problems: %v", xp)
	}
	ex := x.Catalog.Exercise("zero-downtime-rollout")
	if ex == nil || cat.Lesson(ex.Lesson) == nil {
		t.Fatalf("zero-downtime-rollout missing or its lesson unresolved: %+v", ex)
	}
}
