// Package lessons reads coldstart's lesson format (see content/README.md):
// markdown files with YAML front matter, quiz and interview blocks fenced
// inside the markdown, and one track.yaml per track. It parses, validates,
// and builds the catalog the TUI and CLI browse.
package lessons

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
)

// ExercisesFolder is the top-level folder of a lesson dir that holds
// exercises (lessons/exercise reads it); the lesson loader leaves it alone.
const ExercisesFolder = "exercises"

// KnownDemos are the demo names a lesson may reference in its front matter:
// the one list of demos, sandbox/scenario's.
var KnownDemos = scenario.Names()

// Track is an ordered group of lessons, described by a track.yaml file.
type Track struct {
	ID          string
	Title       string
	Description string
	Order       int
	Path        string    // the track.yaml it came from
	Lessons     []*Lesson // ordered by Order, then ID

	idLine int
}

// Lesson is one markdown file.
type Lesson struct {
	ID         string
	Title      string
	Track      string
	Order      int
	Minutes    int
	Objectives []string
	Demos      []string
	Sources    []Source

	Path     string    // file it came from, for file:line errors
	Body     string    // markdown after the front matter, quiz blocks included verbatim
	Segments []Segment // Body split into prose and quiz parts, in reading order
	Quizzes  []*Quiz
	Cards    []*Card // interview-bank cards (```interview blocks)

	// lines of front-matter keys, for problems found across files
	idLine, trackLine int
}

// Source is a reference a lesson's facts rest on.
type Source struct {
	Title string
	URL   string
}

// Segment is a run of markdown prose, one quiz or one interview card, so the
// reader can render prose with glamour and quizzes as interactive widgets.
// Exactly one of Markdown, Quiz and Card is set.
type Segment struct {
	Markdown string
	Quiz     *Quiz // non-nil for a quiz segment
	Card     *Card // non-nil for an interview card segment
}

// Quiz is one multiple-choice question from a ```quiz block.
type Quiz struct {
	ID          string // "<lesson id>#<n>", n counting from 1, stable for progress (see blockID)
	Prompt      string
	Choices     []Choice
	Explanation string
	Line        int // line of the opening fence in Path
	// Fingerprint is a short hash of the prompt and the choices: a saved
	// answer to other words (the lesson was edited since) is not this
	// quiz's answer (see progress.Question).
	Fingerprint string
}

// Question is how progress names this quiz as it reads now.
func (q *Quiz) Question() progress.Question {
	return progress.Question{ID: q.ID, Fingerprint: q.Fingerprint}
}

// Questions are the lesson's quizzes as progress names them.
func (l *Lesson) Questions() []progress.Question {
	out := make([]progress.Question, len(l.Quizzes))
	for i, q := range l.Quizzes {
		out[i] = q.Question()
	}
	return out
}

// fingerprint hashes what a learner answers: the prompt, each choice and
// which one is correct.
func fingerprint(q *Quiz) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", q.Prompt)
	for _, c := range q.Choices {
		fmt.Fprintf(h, "%s\x00%t\x00", c.Text, c.Correct)
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// Choice is one answer of a quiz.
type Choice struct {
	Text    string
	Correct bool
}

// Card is an open interview question with a model answer, from an
// ```interview block.
type Card struct {
	ID       string // "<lesson id>#<n>"
	Question string
	Answer   string
	Lesson   string // id of the lesson this draws on
	Topic    string
	Line     int // line of the opening fence in the lesson's Path

	lessonLine int // line of the "lesson:" key
}
