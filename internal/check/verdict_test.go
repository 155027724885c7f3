package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

func TestSelectLoopAt(t *testing.T) {
	src := `package demo

func Spin(stop, work chan int) {
	for {
		select {
		case <-stop:
			return
		default:
		}
	}
}

func Wait(stop chan int) {
	for {
		select {
		case <-stop:
			return
		}
	}
}

func Once(stop chan int) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

func Nested(jobs []int, stop chan int) {
	for range jobs {
		for {
			select {
			case <-stop:
			default:
				continue
			}
		}
	}
}

func Inside(stop chan int) {
	for {
		go func() {
			select {
			default:
			}
		}()
	}
}
`
	tests := []struct {
		line int
		want int
		ok   bool
	}{
		{4, 5, true},   // the for line
		{8, 5, true},   // the default case
		{10, 5, true},  // the loop's closing brace
		{15, 0, false}, // a select without default
		{23, 0, false}, // a select with default, no loop
		{37, 34, true}, // the inner loop of two
		{45, 0, false}, // a loop that starts a goroutine whose select has a default
		{2, 0, false},
	}
	for _, tt := range tests {
		got, ok := selectLoopAt([]byte(src), tt.line)
		if got != tt.want || ok != tt.ok {
			t.Errorf("selectLoopAt(src, %d) = %d, %v, want %d, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := selectLoopAt([]byte("not go"), 1); ok {
		t.Errorf("selectLoopAt(not go, 1) = true, want false")
	}
}

func TestMistake(t *testing.T) {
	at := Verdict{Kind: Panicked, Headline: "x", Where: []Location{{File: "exercises/demo/demo.go", Line: 12, Func: "Run"}}}
	tests := []struct {
		value string
		kind  Kind
		says  string
	}{
		{"send on closed channel", ClosedChannel, "a send on a closed channel at demo.go:12: close a channel only after its last send"},
		{"close of closed channel", ClosedChannel, "a channel closed twice at demo.go:12: close a channel once"},
		{"sync: negative WaitGroup counter", NegativeCounter, "wg.Done ran more times than wg.Add counted at demo.go:12"},
		{"close of nil channel", Panicked, "x"},
		{"assignment to entry in nil map", Panicked, "x"},
	}
	for _, tt := range tests {
		v := mistake(tt.value, at)
		if v.Kind != tt.kind || !strings.HasPrefix(v.Headline, tt.says) {
			t.Errorf("mistake(%q) = %s: %s, want %s: %s…", tt.value, v.Kind, v.Headline, tt.kind, tt.says)
		}
	}
	if v := mistake("send on closed channel", Verdict{Kind: Panicked}); !strings.HasPrefix(v.Headline, "a send on a closed channel: ") {
		t.Errorf("mistake(send on closed channel, nowhere) = %q, want no place in it", v.Headline)
	}
}

func TestVetHeadlines(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{copiedHeadline("assignment copies lock value to m: sync.Mutex", "a.go:3"), "a sync.Mutex is copied at a.go:3: the copy is a lock of its own"},
		{copiedHeadline("Inc passes lock by value: conclab/exercises/demo.Counter contains sync.RWMutex", "a.go:3"), "a sync.RWMutex is copied at a.go:3"},
		{copiedHeadline("start passes lock by value: conclab/exercises/demo.group contains sync.WaitGroup contains sync.noCopy", "a.go:3"), "a sync.WaitGroup is copied at a.go:3: Add and Done"},
		{copiedHeadline("range var c copies lock value: conclab/exercises/demo.Counter contains sync.Mutex", "a.go:3"), "a sync.Mutex is copied at a.go:3"},
		{copiedHeadline("call of f copies lock value: sync.WaitGroup contains sync.noCopy", "a.go:3"), "a sync.WaitGroup is copied at a.go:3: Add and Done on the copy never reach the original's Wait"},
		{lostHeadline("the cancel function returned by context.WithTimeout should be called, not discarded, to avoid a context leak", "a.go:3"),
			"the cancel function of context.WithTimeout at a.go:3 is thrown away: its context and its timer live on until the deadline"},
		{lostHeadline("the cancel function returned by context.WithCancel should be called, not discarded, to avoid a context leak", "a.go:3"),
			"the cancel function of context.WithCancel at a.go:3 is thrown away: its context lives on until its parent is cancelled"},
		{lostHeadline("the cancel function is not used on all paths (possible context leak)", "a.go:3"), "the cancel function made at a.go:3 is not called on every path"},
	}
	for _, tt := range tests {
		if !strings.HasPrefix(tt.got, tt.want) {
			t.Errorf("headline = %q, want %q…", tt.got, tt.want)
		}
	}
}

func TestParseVet(t *testing.T) {
	out := `{
	"conclab/exercises/demo": {
		"lostcancel": [{"posn": "/r/exercises/demo/demo.go:30:3", "end": "/r/exercises/demo/demo.go:30:9", "message": "this return"}],
		"copylocks": [
			{"posn": "/tmp/x/demo.go:14:9", "message": "Inc passes lock by value"},
			{"posn": "/r/exercises/demo/demo_test.go:3:1", "message": "in a test"},
			{"posn": "no position", "message": "dropped"}
		]
	}
}
{
	"conclab/exercises/demo [conclab/exercises/demo.test]": {"printf": {"error": "does not type-check"}}
}
`
	found, err := parseVet(out)
	if err != nil {
		t.Fatalf("parseVet: %v", err)
	}
	var got []string
	for _, f := range found {
		got = append(got, fmt.Sprintf("%s %s:%d %s", f.analyzer, f.file, f.line, f.message))
	}
	want := []string{"lostcancel /r/exercises/demo/demo.go:30 this return", "copylocks /r/exercises/demo/demo_test.go:3 in a test", "copylocks /tmp/x/demo.go:14 Inc passes lock by value"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("parseVet(out) = %q, want %q", got, want)
	}
	mine, where := learner{dir: "exercises/demo"}.mine(found)
	if len(mine) != 2 || where[0].String() != "exercises/demo/demo.go:30" || where[1].String() != "exercises/demo/demo.go:14" {
		t.Errorf("mine(found) = %v at %v, want the two findings outside the test file, in exercises/demo/demo.go", mine, where)
	}
	if _, err := parseVet("{not json"); err == nil {
		t.Errorf("parseVet(not json) = nil error, want one")
	}
}

// TestJudgeVet puts vet's findings before the checks' verdict, whatever it
// is (a compile error aside: vet cannot have run on code that does not build).
func TestJudgeVet(t *testing.T) {
	l := learner{root: "/repo", dir: "exercises/demo", pkg: "conclab/exercises/demo"}
	pass := []event{{Action: "start"}, {Action: "run", Test: "TestA"}, {Action: "pass", Test: "TestA"}, {Action: "pass"}}
	deadlock := []event{{Action: "start"}, {Action: "run", Test: "TestA"},
		{Action: "output", Test: "TestA", Output: "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"},
		{Action: "output", Test: "TestA", Output: "conclab/exercises/demo.Run(...)\n\t/repo/exercises/demo/demo.go:12 +0x1d\n"},
		{Action: "fail"}}
	broken := []event{{Action: "start"}, {Action: "output", Output: "FAIL\tconclab/exercises/demo [build failed]\n"}, {Action: "fail"}}
	copied := []vetFinding{{analyzer: "copylocks", file: "/repo/exercises/demo/demo.go", line: 9, message: "assignment copies lock value to m: sync.Mutex"}}
	lost := []vetFinding{
		{analyzer: "lostcancel", file: "/repo/exercises/demo/demo.go", line: 5, message: "the cancel function is not used on all paths (possible context leak)"},
		{analyzer: "lostcancel", file: "/repo/exercises/demo/demo.go", line: 7, message: "this return statement may be reached without using the cancel var defined on line 5"},
	}
	tests := []struct {
		name   string
		events []event
		vet    []vetFinding
		kind   Kind
		says   string
		where  string
	}{
		{"copied, checks pass", pass, copied, CopiedLock, "a sync.Mutex is copied at demo.go:9\n", "exercises/demo/demo.go:9"},
		{"lost, checks pass", pass, lost, LostCancel, "the checks themselves pass (its one check passes)", "exercises/demo/demo.go:5"},
		{"does not build", broken, copied, CompileError, "does not build", ""},
		{"copied, checks deadlock", deadlock, copied, CopiedLock, "the checks also said: deadlock: every goroutine was blocked", "exercises/demo/demo.go:9"},
		{"only in a test file", pass, []vetFinding{{analyzer: "copylocks", file: "/repo/exercises/demo/demo_test.go", line: 9, message: "x"}}, Passed, "its one check passes", ""},
	}
	for _, tt := range tests {
		c := newCollector(DefaultKeep)
		if err := c.readFrom(strings.NewReader(stream(tt.events...)), 0); err != nil {
			t.Fatal(err)
		}
		c.finish()
		v := judge(judged{c: c, l: l, timeout: DefaultTimeout, kept: DefaultKeep, vet: tt.vet})
		text := v.Headline + "\n" + strings.Join(v.Details, "\n")
		if v.Kind != tt.kind || !strings.Contains(text, strings.TrimSuffix(tt.says, "\n")) || (tt.where != "" && (len(v.Where) == 0 || v.Where[0].String() != tt.where)) {
			t.Errorf("judge(%s) = %s: %s (at %v), want %s saying %q at %s", tt.name, v.Kind, text, v.Where, tt.kind, tt.says, tt.where)
		}
	}
}

// TestJudgeBusyLoop reads the learner's source to tell a select's busy loop
// from another endless loop, in the dump of the sentinel's timeout.
func TestJudgeBusyLoop(t *testing.T) {
	root := t.TempDir()
	src := "package demo\n\nfunc Spin(stop chan int) {\n\tfor {\n\t\tselect {\n\t\tcase <-stop:\n\t\t\treturn\n\t\tdefault:\n\t\t}\n\t}\n}\n\nfunc Loop(n *int) {\n\tfor {\n\t\t*n++\n\t}\n}\n"
	if err := os.MkdirAll(filepath.Join(root, "exercises", "demo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "exercises", "demo", "demo.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	l := learner{root: root, dir: "exercises/demo", pkg: "conclab/exercises/demo"}
	dump := func(state, fn string, line int) []event {
		return []event{{Action: "start"}, {Action: "run", Test: "TestA"},
			{Action: "output", Test: "TestA", Output: "\n" + sentinelTimeout + "2s\n\ngoroutine 7 [" + state + "]:\n"},
			{Action: "output", Test: "TestA", Output: "conclab/exercises/demo." + fn + "(...)\n\t" + root + "/exercises/demo/demo.go:" + fmt.Sprint(line) + " +0x1d\n\n"},
			{Action: "fail"}}
	}
	tests := []struct {
		name   string
		events []event
		kind   Kind
		says   string
	}{
		{"a select with default", dump("running", "Spin", 8), BusyLoop, "a select with default spins (demo.go:5)"},
		{"runnable in the loop", dump("runnable", "Spin", 4), BusyLoop, "it was at exercises/demo/demo.go:4 (Spin), in the loop around the select at demo.go:5"},
		{"another endless loop", dump("running", "Loop", 15), Timeout, "exercises/demo/demo.go:15 (Loop): busy, never waiting (running)"},
		{"blocked in the select's loop", dump("select", "Spin", 5), Timeout, "your code ran past"},
	}
	for _, tt := range tests {
		c := newCollector(DefaultKeep)
		if err := c.readFrom(strings.NewReader(stream(tt.events...)), 0); err != nil {
			t.Fatal(err)
		}
		c.finish()
		v := judge(judged{c: c, l: l, timeout: 2 * time.Second, kept: DefaultKeep})
		text := v.Headline + "\n" + strings.Join(v.Details, "\n")
		if v.Kind != tt.kind || !strings.Contains(text, tt.says) {
			t.Errorf("judge(%s) = %s: %s, want %s saying %q", tt.name, v.Kind, text, tt.kind, tt.says)
		}
	}
}

func TestJudgeLeakWhere(t *testing.T) {
	l := learner{root: "/repo", dir: "exercises/demo", pkg: "conclab/exercises/demo"}
	leak := func(lines ...string) []event {
		out := "    kittest.go:70: " + kit.LeakPrefix + "when the check ended, 3 goroutines were still running your code:\n"
		for _, l := range lines {
			out += "        " + l + "\n"
		}
		return []event{{Action: "start"}, {Action: "run", Test: "TestA"}, {Action: "output", Test: "TestA", Output: out}, {Action: "fail", Test: "TestA"}, {Action: "fail"}}
	}
	tests := []struct {
		name   string
		events []event
		says   string
		where  string
	}{
		{"one place", leak("Run.func1 at demo.go:12 (chan send) × 3"), "still running your code, blocked in chan send at demo.go:12", "exercises/demo/demo.go:12 (Run.func1)"},
		{"two places", leak("Run.func1 at demo.go:12 (sleep)", "Run.func2 at demo.go:20 (running) × 2"), "still running your code, the first asleep at demo.go:12", "exercises/demo/demo.go:12 (Run.func1)"},
		{"busy", leak("Run.func2 at demo.go:20 (runnable)"), "still running your code, still busy at demo.go:20", "exercises/demo/demo.go:20 (Run.func2)"},
	}
	for _, tt := range tests {
		c := newCollector(DefaultKeep)
		if err := c.readFrom(strings.NewReader(stream(tt.events...)), 0); err != nil {
			t.Fatal(err)
		}
		c.finish()
		v := judge(judged{c: c, l: l, timeout: DefaultTimeout, kept: DefaultKeep})
		if v.Kind != Leak || !strings.HasSuffix(v.Headline, tt.says) || len(v.Where) == 0 || v.Where[0].String() != tt.where {
			t.Errorf("judge(%s) = %s: %s at %v, want leak ending %q at %s", tt.name, v.Kind, v.Headline, v.Where, tt.says, tt.where)
		}
	}
}

func TestDoneCallsInGo(t *testing.T) {
	src := `package demo

import "sync"

func Run(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(func() {
			defer wg.Done()
			f()
		})
	}
	wg.Go(f0)
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
	wg.Go(func() { f0(); wg.Done() })
	wg.Wait()
}

func f0() {}
`
	if got, want := fmt.Sprint(doneCallsInGo([]byte(src))), "[9 18]"; got != want {
		t.Errorf("doneCallsInGo(src) = %s, want %s", got, want)
	}
	if got := doneCallsInGo([]byte("not go")); got != nil {
		t.Errorf("doneCallsInGo(not go) = %v, want none", got)
	}
}

func TestCloseRace(t *testing.T) {
	at := func(line int) Location { return Location{File: "exercises/demo/demo.go", Line: line, Func: "Run"} }
	race := Verdict{Kind: Race, Details: []string{"write at x", "read at y", "share it safely"}}
	tests := []struct {
		name     string
		accesses []raceAccess
		ok       bool
		says     string
	}{
		{"close and send", []raceAccess{{fn: "runtime.closechan", at: at(3), ok: true}, {fn: "runtime.chansend", at: at(9), ok: true}}, true,
			"a channel is closed (demo.go:3) while another goroutine may still send on it (demo.go:9)"},
		{"two closes", []raceAccess{{fn: "runtime.closechan", at: at(3), ok: true}, {fn: "runtime.closechan", at: at(5), ok: true}}, true,
			"two goroutines close the same channel (demo.go:3 and demo.go:5)"},
		{"memory", []raceAccess{{fn: "conclab/exercises/demo.Run", at: at(3), ok: true}, {fn: "runtime.chansend", at: at(9), ok: true}}, false, ""},
		{"not in the learner's code", []raceAccess{{fn: "runtime.closechan", at: at(3)}, {fn: "runtime.chansend", at: at(9), ok: true}}, false, ""},
	}
	for _, tt := range tests {
		v, ok := closeRace(tt.accesses, race)
		if ok != tt.ok || ok && (v.Kind != ClosedChannel || !strings.HasPrefix(v.Headline, tt.says) || strings.Contains(strings.Join(v.Details, "|"), "share it safely")) {
			t.Errorf("closeRace(%s) = %s: %s %q, %v, want %v: %s…", tt.name, v.Kind, v.Headline, v.Details, ok, tt.ok, tt.says)
		}
	}
}
