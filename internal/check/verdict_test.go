package check

import (
	"strings"
	"testing"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

// TestJudgeEdgeCases judges runs that the broken chess copies do not make.
func TestJudgeEdgeCases(t *testing.T) {
	l := learner{root: "/repo", dir: "exercises/demo", pkg: "conclab/exercises/demo"}
	tests := []struct {
		name   string
		events []event
		kind   Kind
		says   string
	}{
		{"a deadlock outside synctest", []event{{Action: "start"}, {Action: "run", Test: "TestA"},
			{Action: "output", Test: "TestA", Output: "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"},
			{Action: "output", Test: "TestA", Output: "conclab/exercises/demo.Run(...)\n\t/repo/exercises/demo/demo.go:12 +0x1d\n"},
			{Action: "fail"}},
			Deadlock, "exercises/demo/demo.go:12 (Run): chan receive"},
		{"a deadlock on the kit clock", []event{{Action: "start"}, {Action: "run", Test: "TestA"},
			{Action: "output", Test: "TestA", Output: kittest.KitClockNote + "goroutines waited in sync.Mutex.Lock at demo.go:12 (2 goroutines)\n"},
			{Action: "output", Test: "TestA", Output: "\n" + kit.DeadlockPrefix + "every goroutine of the check is blocked\n\ngoroutine 7 [sync.Mutex.Lock]:\n"},
			{Action: "output", Test: "TestA", Output: "conclab/exercises/demo.Run.func1()\n\t/repo/exercises/demo/demo.go:12 +0x1d\n\n"},
			{Action: "output", Test: "TestA", Output: "panic: " + kit.DeadlockPrefix + "every goroutine of the check is blocked\n"},
			{Action: "fail"}},
			Deadlock, "exercises/demo/demo.go:12 (Run.func1): sync.Mutex.Lock"},
		{"passed on the kit clock", []event{{Action: "start"}, {Action: "run", Test: "TestA"},
			{Action: "output", Test: "TestA", Output: kittest.KitClockNote + "goroutines waited in sync.Mutex.Lock at demo.go:12 (23 goroutines), which ...\n"},
			{Action: "pass", Test: "TestA"}, {Action: "pass"}},
			Passed, "its one check passes\njudged on conclab's kit clock, not testing/synctest's: goroutines waited in sync.Mutex.Lock at demo.go:12 (23 goroutines), which ..."},
		{"no checks", []event{{Action: "start"}, {Action: "output", Output: "testing: warning: no tests to run\n"}, {Action: "pass"}},
			Failed, "no checks ran"},
		{"a failure without a message", []event{{Action: "start"}, {Action: "run", Test: "TestA"}, {Action: "fail", Test: "TestA"}, {Action: "fail"}},
			Failed, "the checks did not pass, and said nothing about why"},
		{"setup failed", []event{{Action: "start"}, {Action: "output", Output: "FAIL\tconclab/exercises/demo [setup failed]\n"}, {Action: "fail"}},
			CompileError, "the exercise does not build"},
		{"a skipped check is not a pass", []event{{Action: "start"}, {Action: "run", Test: "TestA"}, {Action: "pass", Test: "TestA"},
			{Action: "run", Test: "TestB"}, {Action: "skip", Test: "TestB"}, {Action: "pass"}},
			Passed, "its one check passes"},
	}
	for _, tt := range tests {
		c := newCollector(DefaultKeep)
		if err := c.readFrom(strings.NewReader(stream(tt.events...)), 0); err != nil {
			t.Fatal(err)
		}
		c.finish()
		v := judge(judged{c: c, l: l, timeout: DefaultTimeout, kept: DefaultKeep})
		text := v.Headline + "\n" + strings.Join(v.Details, "\n")
		if v.Kind != tt.kind || !strings.Contains(text, tt.says) {
			t.Errorf("judge(%s) = %s: %s, want %s saying %q", tt.name, v.Kind, text, tt.kind, tt.says)
		}
	}
}

// TestFailedSaysEachLessonOnce lists every failing check, with its message
// only the first time a message of its shape comes.
func TestFailedSaysEachLessonOnce(t *testing.T) {
	msg := func(test, text string) []event {
		return []event{{Action: "run", Test: test}, {Action: "output", Test: test, Output: "    x_test.go:9: " + text + "\n"}, {Action: "fail", Test: test}}
	}
	events := []event{{Action: "start"}, {Action: "run", Test: "TestOK"}, {Action: "pass", Test: "TestOK"}}
	events = append(events, msg("TestA", "took 12 s, want 6 s — one goroutine each?")...)
	events = append(events, msg("TestB", "took 4 s, want 2 s — one goroutine each?")...)
	events = append(events, msg("TestC", "printed 3 lines, want 4 — wait for them all")...)
	events = append(events, event{Action: "fail"})
	c := newCollector(DefaultKeep)
	c.readFrom(strings.NewReader(stream(events...)), 0)
	c.finish()
	v := judge(judged{c: c, l: learner{}, kept: DefaultKeep})
	want := []string{"1 of 4 checks pass; failing:", "  ✗ TestA", "  ✗ TestB", "  ✗ TestC: printed 3 lines, want 4 — wait for them all"}
	if v.Kind != Failed || v.Headline != "took 12 s, want 6 s — one goroutine each?" || strings.Join(v.Details, "|") != strings.Join(want, "|") {
		t.Errorf("judge(three failures) = %s: %s %q, want failed: TestA's message %q", v.Kind, v.Headline, v.Details, want)
	}
}

// TestFailedCountsWhatRan: a failure that a leak's panic follows stops the
// test binary, so the checks after it never run. The verdict says how many
// ran rather than give a total that changes with where the run stopped,
// and says "when the check ended" once.
func TestFailedCountsWhatRan(t *testing.T) {
	events := []event{{Action: "start"}, {Action: "run", Test: "TestOK"}, {Action: "pass", Test: "TestOK"},
		{Action: "run", Test: "TestA"},
		{Action: "output", Test: "TestA", Output: "    x_test.go:9: returned after 0 s, want 6 s — wait for them\n"},
		{Action: "output", Test: "TestA", Output: "    kittest.go:70: goroutine leak: when the check ended, 4 goroutines were still running your code:\n"},
		{Action: "output", Test: "TestA", Output: "panic: deadlock: main bubble goroutine has exited but blocked goroutines remain\n"},
		{Action: "fail", Test: "TestA"}, {Action: "fail"}}
	c := newCollector(DefaultKeep)
	c.readFrom(strings.NewReader(stream(events...)), 0)
	c.finish()
	v := judge(judged{c: c, l: learner{}, kept: DefaultKeep})
	text := strings.Join(v.Details, "\n")
	for _, want := range []string{"1 of the 2 checks that ran before the test binary stopped pass; failing:",
		"and when the check ended, 4 goroutines were still running your code"} {
		if !strings.Contains(text, want) {
			t.Errorf("judge(a failure, then a leak's panic) details:\n%s\nwant %q", text, want)
		}
	}
	if n := strings.Count(v.Headline+text, "when the check ended"); n != 1 {
		t.Errorf("judge(a failure, then a leak's panic) says %q %d times:\n%s", "when the check ended", n, text)
	}
}

func TestAndLeak(t *testing.T) {
	tests := []struct{ headline, want string }{
		{"when the check ended, 4 goroutines were still running your code", "when the check ended, 4 goroutines were still running your code"},
		{"the check ended while goroutines of your code were still blocked", "the check ended while goroutines of your code were still blocked"},
		{"3 goroutines were left", "when the check ended: 3 goroutines were left"},
	}
	for _, tt := range tests {
		if got := andLeak(tt.headline); got != tt.want {
			t.Errorf("andLeak(%q) = %q, want %q", tt.headline, got, tt.want)
		}
	}
}
