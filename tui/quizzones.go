package tui

// The reader hit-tests the mouse against what it laid out: compose records
// the content lines each quiz box and each of its choices landed on, and a
// click's screen row becomes a content line through the viewport's place on
// screen and its scroll offset.

// span is a range of lines, first to last inclusive.
type span struct{ first, last int }

func (s span) has(line int) bool { return line >= s.first && line <= s.last }

// shift is s moved down by n lines.
func (s span) shift(n int) span { return span{s.first + n, s.last + n} }

// quizZone is where one quiz box was laid out among the content lines.
type quizZone struct {
	box     span
	choices []span // one per choice, within box
}

// hit finds what is drawn on content line: the quiz (-1 for none) and its
// choice (-1 for none: the prompt, the border, the explanation).
func hit(zones []quizZone, line int) (quiz, choice int) {
	for i, z := range zones {
		if !z.box.has(line) {
			continue
		}
		for c, s := range z.choices {
			if s.has(line) {
				return i, c
			}
		}
		return i, -1
	}
	return -1, -1
}
