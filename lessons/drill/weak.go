package drill

import (
	"cmp"
	"slices"

	"github.com/coldstart-dev/coldstart/lessons"
)

// Outcome is one answered item of a session.
type Outcome struct {
	Item   Item
	Result Result
}

// Weak is a topic the learner got wrong, with the lesson to revisit.
type Weak struct {
	Topic                string
	Lesson               *lessons.Lesson
	Right, Partly, Wrong int
}

// Total is how many answers the topic had.
func (w Weak) Total() int { return w.Right + w.Partly + w.Wrong }

// ErrorRate is the share of answers missed, a partly answer counting half.
func (w Weak) ErrorRate() float64 {
	if w.Total() == 0 {
		return 0
	}
	return (float64(w.Wrong) + float64(w.Partly)/2) / float64(w.Total())
}

// Weakest groups outcomes by topic and lesson and returns up to n groups with
// at least one miss or partly answer, highest error rate first (then more
// answers, then the first seen).
func Weakest(outcomes []Outcome, n int) []Weak {
	type key struct{ topic, lesson string }
	var order []key
	groups := map[key]*Weak{}
	for _, o := range outcomes {
		k := key{o.Item.Topic, o.Item.Lesson.ID}
		w := groups[k]
		if w == nil {
			w = &Weak{Topic: o.Item.Topic, Lesson: o.Item.Lesson}
			groups[k] = w
			order = append(order, k)
		}
		switch o.Result {
		case Right:
			w.Right++
		case Partly:
			w.Partly++
		default:
			w.Wrong++
		}
	}
	var out []Weak
	for _, k := range order {
		if w := groups[k]; w.ErrorRate() > 0 {
			out = append(out, *w)
		}
	}
	slices.SortStableFunc(out, func(a, b Weak) int {
		return cmp.Or(cmp.Compare(b.ErrorRate(), a.ErrorRate()), cmp.Compare(b.Total(), a.Total()))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Score tallies a session's outcomes.
func Score(outcomes []Outcome) (right, partly, wrong int) {
	for _, o := range outcomes {
		switch o.Result {
		case Right:
			right++
		case Partly:
			partly++
		default:
			wrong++
		}
	}
	return right, partly, wrong
}
