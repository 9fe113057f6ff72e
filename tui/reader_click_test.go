package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// rowOf is the screen row of the reader's view that holds text, -1 if none:
// where a person would point the mouse.
func rowOf(r *reader, text string) int {
	for i, l := range strings.Split(ansi.Strip(r.View()), "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

func click(t *testing.T, r *reader, y int) {
	t.Helper()
	drain(t, r, r.update(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft}))
}

// Clicking the line of a choice answers with that choice wherever the
// scroll puts it on screen.
func TestQuizClickAtEveryScrollOffset(t *testing.T) {
	a := fixtureApp(t, nil)
	r := sizedReader(t, a, "first")
	drain(t, r, r.update(press("G")))
	rows := map[int]bool{}
	for off := r.vp.YOffset(); off >= 0; off-- {
		store := progress.Memory()
		a := fixtureApp(t, store)
		r := sizedReader(t, a, "first")
		r.vp.SetYOffset(off)
		y := rowOf(r, "2. Blue")
		if y < 0 {
			continue
		}
		rows[y] = true
		click(t, r, y)
		if ans, ok := store.Answer(progress.Question{ID: "first#2"}); !ok || ans.Choice != 1 || !ans.Correct {
			t.Fatalf("offset %d: click on row %d answered %+v %v, want choice 1 (Blue)", off, y, ans, ok)
		}
	}
	if len(rows) < 5 {
		t.Fatalf("the choice was on %d rows only; the test should move it around the screen", len(rows))
	}
}

// A click outside the lesson's viewport (the title above it, the demo
// banner below) answers nothing, even when a choice sits just past the
// viewport's edge.
func TestQuizClickOutsideViewportAnswersNothing(t *testing.T) {
	for _, tc := range []struct {
		name, quiz, choice string
		scroll             int // +1 scrolls the choice off the top, -1 off the bottom
		clickY             func(r *reader) int
	}{
		{"title row, the choice just above the view", "first#1", "2. Two", +1,
			func(*reader) int { return 0 }},
		{"row below the view, the choice just below it", "first#2", "2. Blue", -1,
			func(r *reader) int { return rowOf(r, "▶ Demo") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := progress.Memory()
			a := fixtureApp(t, store)
			r := sizedReader(t, a, "first")
			r.SetSize(100, 15) // short, so either choice can leave either edge
			drain(t, r, r.update(press("G")))
			for rowOf(r, tc.choice) < 0 && r.vp.YOffset() > 0 { // bring it on screen
				r.vp.ScrollUp(1)
			}
			for rowOf(r, tc.choice) >= 0 { // then scroll it just off
				off := r.vp.YOffset()
				r.vp.SetYOffset(off + tc.scroll)
				if r.vp.YOffset() == off {
					t.Fatalf("cannot scroll %s off screen", tc.choice)
				}
			}
			y := tc.clickY(r)
			if y < 0 {
				t.Fatal("nothing to click on")
			}
			click(t, r, y)
			if ans, ok := store.Answer(progress.Question{ID: tc.quiz}); ok {
				t.Fatalf("a click on row %d answered the hidden choice %s: %+v", y, tc.choice, ans)
			}
		})
	}
}
