package check

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// stream writes test2json events, one per line.
func stream(events ...event) string {
	var b strings.Builder
	for _, e := range events {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestCollectorKeepsHeadAndTail(t *testing.T) {
	events := []event{{Action: "start"}, {Action: "run", Test: "TestA"}}
	for i := range 10000 { // 100 KB: more than the tail kept
		events = append(events, event{Action: "output", Test: "TestA", Output: fmt.Sprintf("line %04d\n", i)})
	}
	events = append(events, event{Action: "output", Test: "TestA", Output: "panic: boom\n"},
		event{Action: "fail", Test: "TestA", Elapsed: 1.5}, event{Action: "fail"})
	c := newCollector(100) // ten lines of 10 bytes
	if err := c.readFrom(strings.NewReader(stream(events...)), 0); err != nil {
		t.Fatal(err)
	}
	c.finish()
	if !c.started || c.result != Fail || len(c.tests) != 1 || c.tests[0].Status != Fail {
		t.Fatalf("collector = started %v, result %q, tests %+v; want a started run with TestA failed", c.started, c.result, c.tests)
	}
	out := c.tests[0].Output
	head := "line 0000\nline 0001\nline 0002\nline 0003\nline 0004\nline 0005\nline 0006\nline 0007\nline 0008\nline 0009\n\n[… "
	for _, want := range []string{head, " KiB of output not kept …]\nline ", "line 9999\npanic: boom\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("kept output does not contain %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "line 0010") || !c.truncated || c.text != 10000*10+12 || len(out) > 100+tailKeep+100 {
		t.Errorf("kept line 0010 = %v, truncated = %v, text = %d, kept %d bytes; want false, true, %d, at most %d",
			strings.Contains(out, "line 0010"), c.truncated, c.text, len(out), 10000*10+12, 100+tailKeep+100)
	}
}

func TestCollectorLimits(t *testing.T) {
	long := strings.Repeat("x", 100<<10) + "\n" // longer than any test2json line
	in := long + stream(event{Action: "start"}, event{Action: "output", Output: "not lost\n"})
	c := newCollector(1 << 20)
	if err := c.readFrom(strings.NewReader(in), 0); err != nil {
		t.Fatalf("readFrom(long line) error: %v", err)
	}
	c.finish()
	if !c.started || c.pkg.res.Output != "not lost\n" || !c.truncated {
		t.Errorf("after a 100 KiB line: started %v, output %q, truncated %v; want the events after it read", c.started, c.pkg.res.Output, c.truncated)
	}
	c = newCollector(1 << 20)
	many := stream(event{Action: "output", Output: strings.Repeat("y", 1000) + "\n"})
	if err := c.readFrom(strings.NewReader(strings.Repeat(many, 100)), 10<<10); err != errOutputLimit {
		t.Errorf("readFrom past the limit = %v, want errOutputLimit", err)
	}
}

func TestMessages(t *testing.T) {
	out := "=== RUN   TestX\n" +
		"    chess_test.go:62: the boards were played one after another\n" +
		"        — does each board have its own goroutine?\n" +
		"    testing.go:1712: race detected during execution of test\n" +
		"    kittest.go:70: goroutine leak: when the check ended\n" +
		"--- FAIL: TestX (0.00s)\n"
	got := messages(out)
	want := []string{
		"the boards were played one after another — does each board have its own goroutine?",
		"goroutine leak: when the check ended",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("messages(%q) = %q, want %q", out, got, want)
	}
}

func TestStackHelpers(t *testing.T) {
	funcs := []struct{ in, want string }{
		{"conclab/exercises/chess.Exhibition(0xc00006ca00, {0xc0000ac0c0?, 0xc00006ca00?})", "conclab/exercises/chess.Exhibition"},
		{"conclab/exercises/chess.Exhibition(...)", "conclab/exercises/chess.Exhibition"},
		{"sync.(*Mutex).Lock(0xc000047808?)", "sync.(*Mutex).Lock"},
		{"created by conclab/exercises/chess.Exhibition in goroutine 11", "conclab/exercises/chess.Exhibition"},
		{"  conclab/exercises/chess.Exhibition.func1()", "conclab/exercises/chess.Exhibition.func1"},
	}
	for _, tt := range funcs {
		if got := funcName(tt.in); got != tt.want {
			t.Errorf("funcName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	accesses := []struct{ in, want string }{
		{"Read at 0x00c00009e258 by goroutine 14:", "read by goroutine 14"},
		{"Previous write at 0x00c00009e258 by goroutine 15:", "previous write by goroutine 15"},
	}
	for _, tt := range accesses {
		if got := describeAccess(tt.in); got != tt.want {
			t.Errorf("describeAccess(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	dump := "goroutine 26 [chan send (durable), synctest bubble 1]:\n" +
		"conclab/exercises/chess.Play(0xc000086a00)\n" +
		"\t/repo/exercises/chess/chess.go:53 +0x65\n" +
		"conclab/exercises/chess.TestExhibition.func1.1(0xc0000d8908)\n" +
		"\t/repo/exercises/chess/chess_test.go:61 +0x49\n" +
		"\n" +
		"goroutine 27 [sleep]:\n" +
		"time.Sleep(0x3b9aca00)\n" +
		"\t/usr/local/go/src/runtime/time.go:363 +0x165\n"
	l := learner{root: "/repo", dir: "exercises/chess", pkg: "conclab/exercises/chess"}
	lines, where := l.stuck(parseGoroutines(dump))
	if len(lines) != 1 || lines[0] != "exercises/chess/chess.go:53 (Play): chan send" || len(where) != 1 {
		t.Errorf("stuck(dump) = %q, %v, want one line for Play at chess.go:53", lines, where)
	}
}

// TestStuckCallerFirst: however the runtime orders a dump, the goroutine
// that called the learner's code (not started by it) comes first, then the
// ones it started.
func TestStuckCallerFirst(t *testing.T) {
	l := learner{root: "/repo", dir: "exercises/chess", pkg: "conclab/exercises/chess"}
	dump := `goroutine 21 [chan send (durable)]:
conclab/exercises/chess.Play(0xc000010000, {0x1, 0x2}, 0x1)
	/repo/exercises/chess/chess.go:55 +0x10
created by conclab/exercises/chess.Exhibition in goroutine 7
	/repo/exercises/chess/chess.go:40 +0x20

goroutine 7 [sync.WaitGroup.Wait (durable)]:
sync.(*WaitGroup).Wait(0xc000012000)
	/usr/local/go/src/sync/waitgroup.go:118 +0x30
conclab/exercises/chess.Exhibition(0xc000010000, {0x1, 0x2})
	/repo/exercises/chess/chess.go:46 +0x40
created by internal/synctest.Run in goroutine 6
	/usr/local/go/src/internal/synctest/synctest.go:73 +0x50
`
	lines, where := l.stuck(parseGoroutines(dump))
	if len(where) != 2 || where[0].Line != 46 || where[1].Line != 55 {
		t.Errorf("stuck(dump) = %q %v, want Exhibition (chess.go:46) first, then Play (chess.go:55)", lines, where)
	}
}
