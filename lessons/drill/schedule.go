// Package drill schedules quiz questions and interview cards for review with
// a Leitner system, builds decks of what is due, and finds the weakest topics.
// The schedule lives in the progress file (progress.Store reviews), so it
// survives restarts; every function takes the time it should treat as now.
package drill

import (
	"time"

	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// Result is how an answer went: a quiz answer is right or wrong; an interview
// card is marked by the learner, who may also say partly.
type Result string

const (
	Right  Result = "right"  // got it
	Partly Result = "partly" // half an answer
	Wrong  Result = "wrong"  // missed
)

// Boxes are numbered 1 to MaxBox. A new item starts in box 1; a right answer
// moves it up one box, a wrong one back to box 1.
const MaxBox = 5

// intervals[b] is how long an item rests in box b after a right answer: box 1
// is due at once, then 1, 3, 7 and 21 days.
var intervals = [MaxBox + 1]time.Duration{
	1: 0,
	2: 24 * time.Hour,
	3: 3 * 24 * time.Hour,
	4: 7 * 24 * time.Hour,
	5: 21 * 24 * time.Hour,
}

const (
	// RetryAfter is when a missed item is due again: soon, but not in the
	// same breath, so a later drill or the mock interview brings it back.
	RetryAfter = 10 * time.Minute
	// minPartly is the shortest rest after a partly answer (box 1 has none).
	minPartly = time.Hour
)

// Interval is how long an item rests in box b after a right answer.
func Interval(box int) time.Duration { return intervals[clampBox(box)] }

func clampBox(b int) int { return max(1, min(b, MaxBox)) }

// Next is the schedule after answering an item whose schedule was r (the zero
// Review for an item never seen) with res at now:
//   - right: next box, due after that box's interval;
//   - partly: same box, due after half its interval (at least an hour);
//   - wrong: box 1, due after RetryAfter.
//
// The counts and the last result are updated too.
func Next(r progress.Review, res Result, now time.Time) progress.Review {
	box := clampBox(r.Box)
	switch res {
	case Right:
		box = clampBox(box + 1)
		r.Due = now.Add(intervals[box])
		r.Right++
	case Partly:
		r.Due = now.Add(max(intervals[box]/2, minPartly))
		r.Partly++
	default:
		box = 1
		r.Due = now.Add(RetryAfter)
		r.Wrong++
		res = Wrong
	}
	r.Box, r.Last, r.Result = box, now, string(res)
	return r
}

// Scheduler records answers in a progress store on a clock.
type Scheduler struct {
	Store *progress.Store
	Now   func() time.Time // time.Now in the program, a fake clock in tests
}

// Record schedules the item id after an answer and returns its new schedule.
// The store is changed in memory; call Store.Save to keep it.
func (s Scheduler) Record(id string, res Result) progress.Review {
	old, _ := s.Store.Review(id)
	r := Next(old, res, s.Now().UTC())
	s.Store.SetReview(id, r)
	return r
}
