package kittest

import (
	"os"
	"strings"
	"testing"
)

// TestSubjectOnce: the learner's test runs on the subject once; every
// later ask gets that run's outcome (the subject prints its process id).
func TestSubjectOnce(t *testing.T) {
	s := &SubjectOnce{Name: "pid", Runs: 2}
	first := s.Outcome(t)
	if first.Runs != 2 || first.Passed != 2 || !strings.Contains(first.Output, "pid ") {
		t.Fatalf("SubjectOnce{pid, 2}.Outcome() = %+v, want 2 runs passed that print their pid", first)
	}
	for i := range 2 {
		if got := s.Outcome(t); got.Output != first.Output {
			t.Errorf("ask %d: Outcome().Output = %q, want the first run's %q", i+2, got.Output, first.Output)
		}
	}
	if fresh := Subject(t, "pid", 2); fresh.Output == first.Output {
		t.Errorf("Subject(pid, 2).Output = %q, the same as SubjectOnce's: want another process's id", fresh.Output)
	}
}

const judgeEnv = "KITTEST_JUDGE" // "BUGGY CORRECT": the subjects of TestHelperJudge

// TestHelperJudge runs a Judge in a child process (TestJudge): its
// checks fail on purpose.
func TestHelperJudge(t *testing.T) {
	skipUnlessHelper(t)
	buggy, correct, _ := strings.Cut(os.Getenv(judgeEnv), " ")
	Judge{
		Buggy: &SubjectOnce{Name: buggy, Runs: 2},
		MustFail: func(o Outcome) string {
			if o.Runs == 2 && o.Failed == 2 {
				return ""
			}
			return "want it to fail on the buggy subject"
		},
		MustPass: func(o Outcome, what string) string {
			if o.Runs == 2 && o.Passed == 2 {
				return ""
			}
			return "want it to pass on " + what + ": " + o.Said()
		},
		NotCaught: func(what string) string { return "it passes on " + what + " and on the buggy subject" },
	}.Check(t, "fails on the buggy subject", []Correct{{Check: "passes on the correct one", Subject: correct, What: "the correct one"}})
}

// TestJudge: a Judge's checks pass when the learner's test fails on the
// buggy subject and passes on the correct one, and say which is wrong
// otherwise.
func TestJudge(t *testing.T) {
	tests := []struct {
		subjects string
		want     []string
	}{
		{"fails passes", []string{"--- PASS: TestHelperJudge/fails_on_the_buggy_subject",
			"--- PASS: TestHelperJudge/passes_on_the_correct_one"}},
		{"passes passes", []string{"--- FAIL: TestHelperJudge/fails_on_the_buggy_subject",
			"judge_test.go:LINE: want it to fail on the buggy subject\n",
			"--- FAIL: TestHelperJudge/passes_on_the_correct_one",
			"judge_test.go:LINE: it passes on the correct one and on the buggy subject\n"}},
		{"fails fails", []string{"--- PASS: TestHelperJudge/fails_on_the_buggy_subject",
			"--- FAIL: TestHelperJudge/passes_on_the_correct_one",
			"judge_test.go:LINE: want it to pass on the correct one: yours_test.go:LINE: loads = 2, want 1\n"}},
	}
	for _, tt := range tests {
		// A message is the line that called Check's (Check is a helper).
		out := lineNumber.ReplaceAllString(runHelper(t, "TestHelperJudge", judgeEnv+"="+tt.subjects), ":LINE:")
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("Judge with subjects %q: output lacks %q:\n%s", tt.subjects, w, out)
			}
		}
	}
}

func TestSaid(t *testing.T) {
	tests := []struct {
		o    Outcome
		want string
	}{
		{Outcome{}, "it said nothing"},
		{Outcome{Messages: []string{"a.go:1: x"}}, "a.go:1: x"},
		{Outcome{Messages: []string{"a.go:1: x", "a.go:2: y"}}, "a.go:1: x; a.go:2: y"},
	}
	for _, tt := range tests {
		if got := tt.o.Said(); got != tt.want {
			t.Errorf("Outcome{Messages: %q}.Said() = %q, want %q", tt.o.Messages, got, tt.want)
		}
	}
}
