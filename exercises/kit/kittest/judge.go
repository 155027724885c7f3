package kittest

import (
	"strings"
	"sync"
	"testing"
)

// SubjectOnce is a subject whose outcome several checks share: the
// learner's test runs on it (Subject, Runs times over) once, when the first
// check asks, and every later check gets that same Outcome. A testing
// exercise's buggy subject is one: the check that wants the learner's test
// to fail there, and each check that wants it to pass on a correct subject
// and fail there too, look at one run of it. The process's trace is saved
// as the first asking test's. Set Name (a subject given to Subjects) and
// Runs; a SubjectOnce is safe for concurrent use and must not be copied.
type SubjectOnce struct {
	Name string
	Runs int

	mu   sync.Mutex
	o    Outcome
	done bool
}

// Outcome is how the learner's test went on the subject: run now, from t,
// if no check has asked before.
func (s *SubjectOnce) Outcome(t *testing.T) Outcome {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.o, s.done = Subject(t, s.Name, s.Runs), true
	}
	return s.o
}

// Judge checks a learner's test as a testing exercise does: it must fail on
// the buggy subject, every run, by itself, and pass on each correct
// subject, every run. The exercise says in its own words what is wrong.
type Judge struct {
	// Buggy is the subject with the planted bug. The learner's test runs
	// Buggy.Runs times on each correct subject too.
	Buggy *SubjectOnce
	// MustFail says what is wrong with how the learner's test went on
	// Buggy: "" when nothing is.
	MustFail func(o Outcome) string
	// MustPass says what is wrong with how it went on a correct subject,
	// what (Correct.What): "" when nothing is.
	MustPass func(o Outcome, what string) string
	// NotCaught is the message of a correct subject's check when the
	// learner's test passes there, as it must, but does not fail on Buggy.
	NotCaught func(what string) string
}

// Correct is a correct subject, and the check that wants the learner's
// test to pass on it.
type Correct struct {
	Check   string // the check's (subtest's) name
	Subject string // the subject's name, given to Subjects
	What    string // the subject in words, for MustPass and NotCaught
}

// Check runs the checks as subtests of t: first failCheck, which wants the
// learner's test to fail on Buggy (MustFail); then one per correct subject
// (Correct.Check), which wants it to pass there (MustPass) and to fail on
// Buggy. Each check stops at the first thing wrong. Check and its checks
// are test helpers: a message is reported at the line that called Check, in
// the exercise's _test.go file, where conclab looks for a check's
// teaching message.
func (j Judge) Check(t *testing.T, failCheck string, correct []Correct) {
	t.Helper()
	t.Run(failCheck, func(t *testing.T) {
		t.Helper()
		if msg := j.MustFail(j.Buggy.Outcome(t)); msg != "" {
			t.Fatal(msg)
		}
	})
	for _, c := range correct {
		t.Run(c.Check, func(t *testing.T) {
			t.Helper()
			b := j.Buggy.Outcome(t)
			if msg := j.MustPass(Subject(t, c.Subject, j.Buggy.Runs), c.What); msg != "" {
				t.Fatal(msg)
			}
			if j.MustFail(b) != "" {
				t.Fatal(j.NotCaught(c.What))
			}
		})
	}
}

// Said joins the learner's test's failure messages with "; ", or says that
// it said nothing.
func (o Outcome) Said() string {
	if len(o.Messages) == 0 {
		return "it said nothing"
	}
	return strings.Join(o.Messages, "; ")
}
