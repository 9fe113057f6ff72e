package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/lessons"
)

// navOf is a quizNav over quizzes with the given numbers of choices, the
// first choice of each correct.
func navOf(choices ...int) quizNav {
	var qs []*quizState
	for i, n := range choices {
		q := &lessons.Quiz{ID: fmt.Sprintf("q%d", i)}
		for c := range n {
			q.Choices = append(q.Choices, lessons.Choice{Text: fmt.Sprint(c), Correct: c == 0})
		}
		qs = append(qs, &quizState{q: q, n: i + 1, total: len(choices)})
	}
	return newQuizNav(qs)
}

// state is the nav in a line: the focus, then each quiz as its cursor, or
// as =choice once answered ("f1 c0 =2").
func (n *quizNav) state() string {
	parts := []string{fmt.Sprintf("f%d", n.focus)}
	for _, q := range n.quizzes {
		if q.answered {
			parts = append(parts, fmt.Sprintf("=%d", q.choice))
		} else {
			parts = append(parts, fmt.Sprintf("c%d", q.cursor))
		}
	}
	return strings.Join(parts, " ")
}

func TestQuizNavTransitions(t *testing.T) {
	// Steps: "tab S" / "back S" move with start S, "focus I", "blur",
	// "up", "down", "pick C", "enter"; each followed by the state it leads to.
	cases := []struct {
		name    string
		choices []int
		steps   [][2]string
	}{
		{"tab from the reading position, then on and around", []int{3, 2, 2}, [][2]string{
			{"tab 1", "f1 c0 c0 c0"}, {"tab 1", "f2 c0 c0 c0"}, {"tab 1", "f0 c0 c0 c0"},
		}},
		{"no quiz past the reading position wraps", []int{2, 2}, [][2]string{
			{"tab -1", "f0 c0 c0"}, {"blur", "f-1 c0 c0"}, {"back -1", "f1 c0 c0"}, {"back -1", "f0 c0 c0"},
		}},
		{"arrows wrap around the choices", []int{3}, [][2]string{
			{"tab 0", "f0 c0"}, {"up", "f0 c2"}, {"down", "f0 c0"}, {"down", "f0 c1"}, {"enter", "f0 =1"},
		}},
		{"tabbing in starts at the first choice", []int{3, 2}, [][2]string{
			{"tab 0", "f0 c0 c0"}, {"down", "f0 c1 c0"}, {"tab 0", "f1 c1 c0"}, {"back 0", "f0 c0 c0"},
		}},
		{"a click keeps the highlight", []int{3, 2}, [][2]string{
			{"tab 0", "f0 c0 c0"}, {"down", "f0 c1 c0"}, {"blur", "f-1 c1 c0"}, {"focus 0", "f0 c1 c0"},
		}},
		{"digits answer once, in range", []int{3}, [][2]string{
			{"pick 0", "f-1 c0"}, {"focus 0", "f0 c0"}, {"pick 3", "f0 c0"}, {"pick 2", "f0 =2"},
			{"pick 0", "f0 =2"}, {"down", "f0 =2"}, {"enter", "f0 =2"},
		}},
		{"an answered quiz keeps its answer when tabbed to", []int{2, 2}, [][2]string{
			{"tab 0", "f0 c0 c0"}, {"pick 1", "f0 =1 c0"}, {"tab 0", "f1 =1 c0"}, {"tab 0", "f0 =1 c0"},
		}},
		{"nothing to focus", []int{}, [][2]string{
			{"tab -1", "f-1"}, {"focus 0", "f-1"}, {"up", "f-1"}, {"enter", "f-1"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := navOf(tc.choices...)
			for _, st := range tc.steps {
				var verb string
				var arg int
				fmt.Sscan(st[0], &verb, &arg)
				switch verb {
				case "tab":
					n.move(1, arg)
				case "back":
					n.move(-1, arg)
				case "focus":
					n.focusOn(arg)
				case "blur":
					n.blur()
				case "up":
					n.moveCursor(-1)
				case "down":
					n.moveCursor(1)
				case "pick":
					n.answer(arg)
				case "enter":
					n.choose()
				default:
					t.Fatalf("unknown step %q", st[0])
				}
				if got := n.state(); got != st[1] {
					t.Fatalf("after %q: %s, want %s", st[0], got, st[1])
				}
			}
		})
	}
}

func TestQuizNavAnswerAndScore(t *testing.T) {
	n := navOf(2, 2, 3)
	if q := n.answer(0); q != nil {
		t.Fatalf("answered %s with nothing focused", q.q.ID)
	}
	n.focusOn(0)
	if q := n.answer(0); q == nil || q.q.ID != "q0" || !q.correct() {
		t.Fatalf("answer 0 of q0: %+v", q)
	}
	n.move(1, -1)
	if q := n.choose(); q == nil || q.q.ID != "q1" || q.choice != 0 {
		t.Fatalf("enter on q1: %+v", q)
	}
	n.move(1, -1)
	n.moveCursor(1)
	if q := n.choose(); q == nil || q.correct() {
		t.Fatalf("enter on q2's second choice: %+v, want wrong", q)
	}
	if right, answered := n.score(); right != 2 || answered != 3 {
		t.Errorf("score %d right of %d answered, want 2 of 3", right, answered)
	}
}

func TestHit(t *testing.T) {
	zones := []quizZone{
		{box: span{3, 10}, choices: []span{{6, 6}, {7, 8}}},
		{box: span{12, 15}, choices: []span{{14, 14}}},
	}
	cases := []struct{ line, quiz, choice int }{
		{0, -1, -1}, {2, -1, -1},
		{3, 0, -1}, {5, 0, -1}, {6, 0, 0}, {7, 0, 1}, {8, 0, 1}, {9, 0, -1}, {10, 0, -1},
		{11, -1, -1}, {12, 1, -1}, {14, 1, 0}, {15, 1, -1}, {16, -1, -1},
	}
	for _, tc := range cases {
		if q, c := hit(zones, tc.line); q != tc.quiz || c != tc.choice {
			t.Errorf("line %d hits quiz %d choice %d, want %d %d", tc.line, q, c, tc.quiz, tc.choice)
		}
	}
}
