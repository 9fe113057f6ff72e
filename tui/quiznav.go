package tui

// quizNav is the state of a lesson's quizzes that the keys and the mouse
// move: which quiz has the focus, the choice highlighted in it, and what
// was answered. It knows nothing of the screen: the reader says where the
// reading position is and redraws after a change.
type quizNav struct {
	quizzes []*quizState // in reading order
	focus   int          // index into quizzes, -1 for none
}

func newQuizNav(quizzes []*quizState) quizNav { return quizNav{quizzes: quizzes, focus: -1} }

// focused is the quiz with the focus, or nil.
func (n *quizNav) focused() *quizState {
	if n.focus < 0 || n.focus >= len(n.quizzes) {
		return nil
	}
	return n.quizzes[n.focus]
}

// answerable reports whether the focused quiz waits for an answer, so the
// choice keys are the quiz's and not the reader's.
func (n *quizNav) answerable() bool {
	q := n.focused()
	return q != nil && !q.answered
}

// focusOn gives quiz i the focus, keeping its highlighted choice (a click,
// or a digit answering the quiz in view).
func (n *quizNav) focusOn(i int) {
	if i >= 0 && i < len(n.quizzes) {
		n.focus = i
	}
}

// blur drops the focus (its quiz scrolled out of sight).
func (n *quizNav) blur() { n.focus = -1 }

// move tabs to the next (+1) or previous (-1) quiz, wrapping around, and
// highlights its first choice. With no focus it goes to start, the quiz
// nearest the reading position in that direction, or with none there (-1)
// wraps to the first or last quiz. It returns the quiz focused, -1 if none.
func (n *quizNav) move(dir, start int) int {
	if len(n.quizzes) == 0 {
		return -1
	}
	next := start
	switch {
	case n.focus >= 0:
		next = (n.focus + dir + len(n.quizzes)) % len(n.quizzes)
	case start < 0 && dir > 0:
		next = 0
	case start < 0:
		next = len(n.quizzes) - 1
	}
	n.focus = next
	if q := n.focused(); !q.answered {
		q.cursor = 0
	}
	return next
}

// moveCursor moves the focused quiz's highlight by delta choices, wrapping;
// false when no quiz waits for an answer.
func (n *quizNav) moveCursor(delta int) bool {
	if !n.answerable() {
		return false
	}
	q := n.focused()
	k := len(q.q.Choices)
	q.cursor = ((q.cursor+delta)%k + k) % k
	return true
}

// answer records choice c for the focused quiz; nil when no quiz waits for
// an answer or there is no such choice, else the quiz to save.
func (n *quizNav) answer(c int) *quizState {
	q := n.focused()
	if !n.answerable() || c < 0 || c >= len(q.q.Choices) {
		return nil
	}
	q.answered, q.choice = true, c
	return q
}

// choose answers the focused quiz with its highlighted choice.
func (n *quizNav) choose() *quizState {
	if !n.answerable() {
		return nil
	}
	return n.answer(n.focused().cursor)
}

// score counts the quizzes answered, and of those the right ones.
func (n *quizNav) score() (right, answered int) {
	for _, q := range n.quizzes {
		if q.answered {
			answered++
			if q.correct() {
				right++
			}
		}
	}
	return right, answered
}
