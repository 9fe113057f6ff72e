// Package progress remembers what a learner has read and answered, in one
// JSON file written atomically. A file it cannot read is kept aside, never
// lost; a file from a newer coldstart is never overwritten.
package progress

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Schema is the version of the file format this code writes. Bump it when
// a change would make an older coldstart misread the file.
//
// 2 added "exercises": a schema-1 coldstart would drop them on its next
// save, so it must leave a schema-2 file alone instead.
const Schema = 2

// ErrNewerSchema is returned by Save when the file on disk was written by a
// newer coldstart: we keep our hands off it.
var ErrNewerSchema = errors.New("progress file is from a newer coldstart")

// Status is how far a learner got with a lesson.
type Status string

const (
	NotStarted   Status = "not_started"
	Read         Status = "read"
	QuizAnswered Status = "quiz_answered" // at least one of its quizzes answered; see Store.Score
)

// Lesson is the saved state of one lesson.
type Lesson struct {
	Status Status  `json:"status"`
	Scroll float64 `json:"scroll,omitempty"` // how far down the reader was, 0 (top) to 1 (end)
	// ReadToEnd stays true once the lesson was read to its end, also after
	// answering a quiz moves Status on to QuizAnswered.
	ReadToEnd bool      `json:"read_to_end,omitempty"`
	Updated   time.Time `json:"updated"`
}

// Answer is the learner's latest answer to one quiz.
type Answer struct {
	Choice   int       `json:"choice"` // index into the quiz's choices
	Correct  bool      `json:"correct"`
	Answered time.Time `json:"answered"`
	// Question is the fingerprint of the words answered; "" in files
	// written before fingerprints, which are taken as they are.
	Question string `json:"question,omitempty"`
}

// Question names a quiz as it reads now: its id ("<lesson id>#<n>") and a
// fingerprint of its words. An answer saved for other words (the lesson
// was edited) is not this question's: it stays in the file until the
// question is answered again, but is neither shown nor counted.
type Question struct{ ID, Fingerprint string }

// answers reports whether a was given to q as it reads now.
func (a Answer) answers(q Question) bool {
	return a.Question == "" || q.Fingerprint == "" || a.Question == q.Fingerprint
}

// Review is the spaced-repetition schedule of one quiz or interview card
// (Leitner box and when it is next due), for drills.
type Review struct {
	Box  int       `json:"box"`
	Due  time.Time `json:"due"`
	Last time.Time `json:"last,omitzero"`
	// The latest self-mark or answer ("right", "partly", "wrong") and how
	// often each was given, for the weakest topics (see lessons/drill).
	Result string `json:"result,omitempty"`
	Right  int    `json:"right,omitempty"`
	Partly int    `json:"partly,omitempty"`
	Wrong  int    `json:"wrong,omitempty"`
}

// file is the JSON document on disk.
type file struct {
	Schema     int                 `json:"schema"`
	LastLesson string              `json:"last_lesson,omitempty"`
	Lessons    map[string]Lesson   `json:"lessons"`
	Quizzes    map[string]Answer   `json:"quizzes"`
	Reviews    map[string]Review   `json:"reviews"`
	Exercises  map[string]Exercise `json:"exercises,omitempty"` // since schema 2; see exercise.go
}

// Notice is a one-time message for the learner about the progress file
// (kept aside, or read-only); empty when there is nothing to say.
type Notice string

// Store is the learner's progress. Its methods are safe to call from
// several goroutines (tea.Cmds). Changes stay in memory until Save.
type Store struct {
	path string

	saveMu sync.Mutex // orders Saves, so a later snapshot always lands last

	mu       sync.Mutex
	data     file
	dirty    bool
	readOnly error // non-nil: why Save must not write
}

// DefaultPath is where progress lives: $XDG_STATE_HOME/coldstart/progress.json,
// else the usual place per OS (~/.local/state/coldstart on Linux,
// ~/Library/Application Support/coldstart on macOS, %LocalAppData%\coldstart
// on Windows).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "coldstart", "progress.json"), nil
	}
	var dir string
	var err error
	switch runtime.GOOS {
	case "windows":
		dir, err = os.UserCacheDir() // %LocalAppData%
	case "darwin", "ios":
		dir, err = os.UserConfigDir() // ~/Library/Application Support
	default:
		var home string
		home, err = os.UserHomeDir()
		dir = filepath.Join(home, ".local", "state")
	}
	if err != nil {
		return "", fmt.Errorf("finding where to keep progress: %w", err)
	}
	return filepath.Join(dir, "coldstart", "progress.json"), nil
}

// Memory returns a store that is never saved, for tests and for running
// without a usable progress file.
func Memory() *Store {
	return &Store{data: emptyFile()}
}

func emptyFile() file {
	return file{Schema: Schema, Lessons: map[string]Lesson{}, Quizzes: map[string]Answer{}, Reviews: map[string]Review{}, Exercises: map[string]Exercise{}}
}

// Open reads the progress file at path. A missing file starts empty. An
// unreadable one is moved aside to "<path>.<time>.corrupt" and a fresh one
// started; a file from a newer coldstart is read as far as possible but
// never written. Either way the Notice says what happened, once. The error
// is for I/O failures only (the store is then nil).
func Open(path string) (*Store, Notice, error) {
	s := &Store{path: path, data: emptyFile()}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("reading progress: %w", err)
	}

	var head struct {
		Schema int `json:"schema"`
	}
	err = json.Unmarshal(raw, &head)
	if err == nil && head.Schema > Schema {
		s.readOnly = fmt.Errorf("%w (schema %d, this one knows %d): %s is left untouched", ErrNewerSchema, head.Schema, Schema, path)
		_ = s.decode(raw) // best effort: show what we understand
		return s, Notice(fmt.Sprintf("Your progress file %s was written by a newer coldstart; it is left untouched and this session's progress will not be saved. Upgrade coldstart to keep it.", path)), nil
	}
	if err == nil && head.Schema < 1 {
		err = errors.New("no schema version")
	}
	if err == nil {
		err = s.decode(raw)
	}
	if err == nil {
		return s, "", nil
	}

	aside, rerr := moveAside(path)
	if rerr != nil {
		s.readOnly = fmt.Errorf("progress file %s is unreadable and could not be moved aside (%v); not overwriting it", path, rerr)
		return s, Notice(fmt.Sprintf("Your progress file %s is unreadable (%v) and could not be moved aside; this session's progress will not be saved.", path, err)), nil
	}
	s.dirty = true
	return s, Notice(fmt.Sprintf("Your progress file was unreadable (%v); it was kept at %s and a new one started.", err, aside)), nil
}

func (s *Store) decode(raw []byte) error {
	d := emptyFile()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&d); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON document")
	}
	// A file may have "null" maps; keep them usable.
	d.Lessons = orEmpty(d.Lessons)
	d.Quizzes = orEmpty(d.Quizzes)
	d.Reviews = orEmpty(d.Reviews)
	d.Exercises = orEmpty(d.Exercises)
	d.Schema = Schema
	s.data = d
	return nil
}

func orEmpty[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}

// moveAside renames an unreadable file to "<path>.<UTC time>.corrupt".
func moveAside(path string) (string, error) {
	stamp := time.Now().UTC().Format("20060102T150405Z")
	aside := path + "." + stamp + ".corrupt"
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s.%s-%d.corrupt", path, stamp, i)
	}
	return aside, os.Rename(path, aside)
}

// Path is the file the store saves to ("" for a Memory store).
func (s *Store) Path() string { return s.path }

// ReadOnly reports why Save will not write, or nil when it will.
func (s *Store) ReadOnly() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readOnly
}

// Lesson returns the saved state of a lesson (Status NotStarted if none).
func (s *Store) Lesson(id string) Lesson {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.data.Lessons[id]; ok {
		return l
	}
	return Lesson{Status: NotStarted}
}

// Status returns how far the learner got with a lesson.
func (s *Store) Status(id string) Status { return s.Lesson(id).Status }

// MarkRead records that the learner read a lesson to its end; it never
// lowers a QuizAnswered status.
func (s *Store) MarkRead(id string) {
	s.update(id, func(l *Lesson) {
		l.ReadToEnd = true
		if l.Status == NotStarted || l.Status == "" {
			l.Status = Read
		}
	})
}

// SetScroll remembers how far down a lesson the reader was (0 to 1) and
// makes it the last lesson, so the next start resumes there.
func (s *Store) SetScroll(id string, fraction float64) {
	fraction = max(0, min(fraction, 1))
	s.update(id, func(l *Lesson) { l.Scroll = fraction })
	s.SetLast(id)
}

// SetLast remembers the lesson the learner is on.
func (s *Store) SetLast(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.LastLesson != id {
		s.data.LastLesson, s.dirty = id, true
	}
}

// Last returns the lesson the learner was last on ("" if none).
func (s *Store) Last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.LastLesson
}

// RecordAnswer saves the learner's answer to a quiz and marks its lesson
// QuizAnswered.
func (s *Store) RecordAnswer(q Question, choice int, correct bool) {
	now := time.Now().UTC()
	s.mu.Lock()
	s.data.Quizzes[q.ID] = Answer{Choice: choice, Correct: correct, Answered: now, Question: q.Fingerprint}
	s.dirty = true
	s.mu.Unlock()
	lessonID, _, _ := strings.Cut(q.ID, "#")
	s.update(lessonID, func(l *Lesson) { l.Status = QuizAnswered })
}

// Answer returns the saved answer to q as it reads now, if any.
func (s *Store) Answer(q Question) (Answer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.data.Quizzes[q.ID]
	if !ok || !a.answers(q) {
		return Answer{}, false
	}
	return a, true
}

// Score counts the questions answered, and answered correctly.
func (s *Store) Score(qs []Question) (correct, answered int) {
	for _, q := range qs {
		if a, ok := s.Answer(q); ok {
			answered++
			if a.Correct {
				correct++
			}
		}
	}
	return correct, answered
}

// Review returns the spaced-repetition schedule of a quiz or card, if any.
func (s *Store) Review(id string) (Review, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.data.Reviews[id]
	return r, ok
}

// SetReview saves the spaced-repetition schedule of a quiz or card.
func (s *Store) SetReview(id string, r Review) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Reviews[id] = r
	s.dirty = true
}

// Reviews returns a copy of every schedule, by quiz or card id.
func (s *Store) Reviews() map[string]Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.data.Reviews)
}

func (s *Store) update(id string, f func(*Lesson)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.data.Lessons[id]
	if !ok {
		l.Status = NotStarted
	}
	before := l
	f(&l)
	if !ok || l != before {
		l.Updated = time.Now().UTC()
		s.data.Lessons[id] = l
		s.dirty = true
	}
}

// Save writes the progress file atomically if anything changed: the old
// file stays whole until the new one is complete on disk. It returns an
// error wrapping ErrNewerSchema for a file from a newer coldstart, and does
// nothing for a Memory store.
func (s *Store) Save() error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()

	s.mu.Lock()
	if s.readOnly != nil {
		err := s.readOnly
		s.mu.Unlock()
		return err
	}
	if s.path == "" || !s.dirty {
		s.mu.Unlock()
		return nil
	}
	raw, err := json.MarshalIndent(s.data, "", "  ")
	s.dirty = false
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}

	if err := writeAtomic(s.path, append(raw, '\n')); err != nil {
		s.mu.Lock()
		s.dirty = true // try again next time
		s.mu.Unlock()
		return fmt.Errorf("saving progress to %s: %w", s.path, err)
	}
	return nil
}
