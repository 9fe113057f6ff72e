package drill

import (
	"cmp"
	"slices"
	"time"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
)

// Kind says what an item is.
type Kind int

const (
	AnyKind  Kind = iota // in a Filter: quizzes and cards
	QuizItem             // multiple choice, marked by the answer
	CardItem             // open interview question, marked by the learner
)

// Item is one thing to review: a quiz question or an interview card.
type Item struct {
	ID   string // quiz or card id, the key of its schedule
	Kind Kind
	Quiz *lessons.Quiz // for QuizItem
	Card *lessons.Card // for CardItem
	// Lesson is the lesson to revisit after a miss: the quiz's own lesson, or
	// the lesson a card draws on (its own when it names none).
	Lesson *lessons.Lesson
	// Topic groups items for the weakest topics: a card's topic, or the
	// title of a quiz's lesson.
	Topic string

	home *lessons.Lesson // the lesson the item is written in
}

// Bank is every item of a catalog, in reading order.
type Bank struct {
	items []Item
}

// NewBank collects the quizzes and interview cards of tracks.
func NewBank(tracks []*lessons.Track) *Bank {
	byID := map[string]*lessons.Lesson{}
	for _, t := range tracks {
		for _, l := range t.Lessons {
			byID[l.ID] = l
		}
	}
	b := &Bank{}
	for _, t := range tracks {
		for _, l := range t.Lessons {
			for _, q := range l.Quizzes {
				b.items = append(b.items, Item{ID: q.ID, Kind: QuizItem, Quiz: q, Lesson: l, Topic: l.Title, home: l})
			}
			for _, c := range l.Cards {
				about := byID[c.Lesson]
				if about == nil {
					about = l
				}
				topic := c.Topic
				if topic == "" {
					topic = about.Title
				}
				b.items = append(b.items, Item{ID: c.ID, Kind: CardItem, Card: c, Lesson: about, Topic: topic, home: l})
			}
		}
	}
	return b
}

// Len is the number of items in the bank.
func (b *Bank) Len() int { return len(b.items) }

// Filter narrows a deck.
type Filter struct {
	// Track keeps items written in this track or drawing on a lesson of it,
	// so "serverless" includes the serverless interview cards; "" keeps all.
	Track string
	Kind  Kind
}

func (f Filter) keeps(it Item) bool {
	if f.Kind != AnyKind && it.Kind != f.Kind {
		return false
	}
	return f.Track == "" || it.home.Track == f.Track || it.Lesson.Track == f.Track
}

// Deck picks up to count items (all when count <= 0) for a session at now:
// the due ones first, most overdue first; then new ones in reading order;
// then the rest, soonest due first, so a short deck is never empty while the
// bank has items.
func Deck(b *Bank, reviews map[string]progress.Review, now time.Time, f Filter, count int) []Item {
	type sched struct {
		Item
		due time.Time
	}
	var due, fresh, later []sched
	for _, it := range b.items {
		if !f.keeps(it) {
			continue
		}
		r, seen := reviews[it.ID]
		switch {
		case !seen:
			fresh = append(fresh, sched{it, time.Time{}})
		case !r.Due.After(now):
			due = append(due, sched{it, r.Due})
		default:
			later = append(later, sched{it, r.Due})
		}
	}
	byDue := func(a, b sched) int { return cmp.Compare(a.due.UnixNano(), b.due.UnixNano()) }
	slices.SortStableFunc(due, byDue)
	slices.SortStableFunc(later, byDue)

	var out []Item
	for _, group := range [][]sched{due, fresh, later} {
		for _, s := range group {
			if count > 0 && len(out) == count {
				return out
			}
			out = append(out, s.Item)
		}
	}
	return out
}
