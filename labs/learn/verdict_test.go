package learn

import (
	"strings"
	"testing"
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
