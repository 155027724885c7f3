// Package kittest runs an exercise's checks: each check runs with a fresh
// kit.Log for the code under test, on a virtual clock, so that times are
// exact. When the check is over, Run writes the trace of the run as JSON (for
// conclab to show beside the reference) and reports goroutines still running
// the exercise's code: leaks.
//
// # Two virtual clocks
//
// A check runs first in a testing/synctest bubble, whose clock moves when
// every goroutine of the bubble is durably blocked. A goroutine waiting in
// sync.Mutex.Lock or sync.RWMutex's Lock or RLock is never durably blocked
// (nor is one waiting on a channel or a sync.WaitGroup made outside the
// bubble, such as a package-level variable): so correct code that sleeps
// while it holds a lock another goroutine waits for — the chess master
// thinking at one board while the other boards wait for her — stops the
// bubble's clock for good, without a deadlock.
//
// Run watches for that from outside the bubble (a goroutine dump every
// 25 ms). When every goroutine of the bubble has stayed blocked for
// StallAfter of real time, at least one of them in such a wait, the bubble
// can never move again: Run leaves it where it is and checks the same test
// again in a new process of the same test binary, on the kit clock
// (kit.Clock). A new process, so that no package-level lock still held in
// the abandoned bubble is shared. The kit clock moves to its next timer
// whenever every goroutine of the process is blocked, whatever on — a lock
// included — as a goroutine dump says, and fires the timers due at the same
// instant one at a time, in the order they were set, each once the
// goroutines it woke are blocked again. Times there are as exact as in a
// bubble, and checks compare them in the same way: no tolerance. The output
// of the rerun becomes the test's output, after a line that starts with
// KitClockNote and says what stalled the bubble, so that the verdict can
// say which clock judged the code. Once a check has stalled, the later
// checks of the process go to the kit clock at once.
//
// On the kit clock only the Log's waits (Sleep, Work, Block, After, Ticker)
// take virtual time: exercise code waits through its Log for that reason. A
// time.Sleep of the code's own is reported at once (RealSleepMessage), as
// it would take real time; a timer of its own (time.After, time.NewTicker,
// context.WithTimeout) cannot be seen, and runs on the real clock. When
// every goroutine stays blocked for DeadlockAfter with no kit timer set, the
// kit clock reports a deadlock, as a bubble does: a line that starts with
// kit.DeadlockPrefix, where each goroutine of the check waits (a runtime
// stack dump), and a panic.
//
// Only checks import this package (files with the build tag `exercises`);
// exercise code imports conclab/exercises/kit.
package kittest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"conclab/exercises/kit"
	"conclab/labs/trace"
)

// TraceDirEnv names the environment variable that holds the directory where
// Run writes traces: DIR/<package>/<test>.json, where <package> is the last
// element of the exercise's import path and <test> is t.Name() with "/"
// replaced by "-". When it is unset, no trace is written.
const TraceDirEnv = "CONCLAB_TRACE_DIR"

// DefaultLimit is the time limit (kit.Log.SetLimit) of the Log that Run
// gives a check: a day of virtual time, longer than any exercise's naive
// version (the chess boards one after another take 12 h). A check lowers it
// with log.SetLimit when its code could spin forever (a spinner nobody
// stops), so that it fails at once instead of filling the trace.
const DefaultLimit = 24 * time.Hour

// Run runs check with a new kit.Log (time limit DefaultLimit) whose clock
// starts at 0 with the check: in a new synctest bubble, or on the kit clock
// when the bubble's clock stalls (see the package doc). Call it at most
// once per test, from the test's goroutine: use a subtest per check. When
// check returns (or stops with t.Fatal), Run waits until every other
// goroutine of the check has ended or is blocked, and fails the test with a
// kit.LeakPrefix message if any of them is still in the exercise's code
// (the test's own helpers do not count). The trace is written whether the
// check passed or not (see TraceDirEnv).
func Run(t *testing.T, check func(t *testing.T, log *kit.Log)) {
	t.Helper()
	pkg := callerPackage()
	if os.Getenv(ClockEnv) == onKitClock {
		runOnClock(t, pkg, check)
		return
	}
	if why := stalled(); why != "" {
		rerun(t, why) // an earlier check stalled: this process may hold its locks
		return
	}
	if why := runInBubble(t, pkg, check); why != "" {
		rerun(t, why)
	}
}

// runCheck runs check with log, then writes the trace and reports leaks:
// settle returns once every other goroutine of the check has ended or is
// blocked; bubble is the check's synctest bubble (0 on the kit clock), so
// that goroutines of a bubble left stalled are not taken for its own.
func runCheck(t *testing.T, pkg string, bubble int64, log *kit.Log, check func(t *testing.T, log *kit.Log), settle func()) {
	finished := false
	defer func() {
		_, sawLeaks := leaksFound.LoadAndDelete(self().id)
		if err := saveTrace(pkg, t.Name(), log.Trace()); err != nil {
			t.Logf("conclab: trace not written: %v", err)
		}
		if !finished && !t.Failed() {
			return // check panicked: let it unwind
		}
		// After t.Fatal too: goroutines still running now make a bubble
		// panic as it ends ("blocked goroutines remain"), so say which —
		// unless the check found them with Leaks and failed: it has said
		// so in its own words (an exercise about a leak). Then the bubble
		// is left with them, without the panic (see runInBubble).
		settle()
		if gs := parseStacks(allStacks(), pkg, bubble, 0); len(gs) > 0 {
			if sawLeaks && t.Failed() {
				leaksTold.Store(bubble, true)
				return
			}
			t.Error(LeakMessage("when the check ended", gs))
		}
	}()
	check(t, log)
	finished = true
}

// Goroutine is a goroutine found running exercise code.
type Goroutine struct {
	// State is what it is doing, as the runtime says it ("chan send", "sleep", "select").
	State string
	// Func is the innermost exercise function on its stack ("Spin", "Exhibition.func1").
	Func string
	// Where is that function's file and line ("spinner.go:31").
	Where string
}

func (g Goroutine) String() string {
	return fmt.Sprintf("%s at %s (%s)", g.Func, g.Where, g.State)
}

// Leaks waits until every other goroutine of the check has ended or is
// blocked (synctest.Wait in a bubble) and returns those still in the calling
// test's package outside its _test.go files: goroutines that the exercise's
// code started and did not end. Call it only inside a check (inside Run),
// from the check's goroutine.
//
// A check that gets leaks from Leaks and fails has reported them: Run then
// adds no leak message of its own, and a bubble that still holds them when
// the check ends is left so (they stay blocked for good) instead of
// panicking. An exercise whose lesson is the leak says it in its own words.
func Leaks() []Goroutine {
	pkg := callerPackage()
	var gs []Goroutine
	if d := running(); d == nil {
		synctest.Wait()
		gs = parseStacks(allStacks(), pkg, self().bubble, 0)
	} else {
		d.settle()
		gs = parseStacks(allStacks(), pkg, 0, d.id.Load())
	}
	if len(gs) > 0 {
		leaksFound.Store(self().id, true)
	}
	return gs
}

// leaksFound holds the checks' goroutines (by id) whose call of Leaks found
// leaks; leaksTold, the bubbles (by id) left holding leaks that their check
// reported itself. runInBubble does not panic for those.
var leaksFound, leaksTold sync.Map

// LeakMessage explains leaked goroutines in a failure message that starts
// with kit.LeakPrefix. when says at which point they were found ("when
// Supervisor returned").
func LeakMessage(when string, gs []Goroutine) string {
	var b strings.Builder
	noun := "goroutine was"
	if len(gs) > 1 {
		noun = "goroutines were"
	}
	fmt.Fprintf(&b, "%s%s, %d %s still running your code:\n", kit.LeakPrefix, when, len(gs), noun)
	// Goroutines alike (the same function, line and state) make one line.
	var lines []string
	count := map[string]int{}
	for _, g := range gs {
		if count[g.String()] == 0 {
			lines = append(lines, g.String())
		}
		count[g.String()]++
	}
	for _, line := range lines {
		if n := count[line]; n > 1 {
			line += fmt.Sprintf(" × %d", n)
		}
		fmt.Fprintf(&b, "    %s\n", line)
	}
	b.WriteString("every goroutine you start must have ended by then: tell it to stop " +
		"(close a channel, cancel a context) and wait for it (sync.WaitGroup, or a channel it closes)")
	return b.String()
}

func allStacks() string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// parseStacks reads a runtime.Stack(_, true) dump and returns the goroutines
// of synctest bubble (0: of none), other than the first (the caller's) and
// goroutine skip, with a frame in package pkg from a file that is not a test
// file.
func parseStacks(dump, pkg string, bubble, skip int64) []Goroutine {
	var out []Goroutine
	for i, g := range parseDump(dump) {
		if i == 0 || g.bubble != bubble || g.id == skip {
			continue
		}
		if e, ok := exerciseFrame(g.lines, pkg); ok {
			out = append(out, e)
		}
	}
	return out
}

func exerciseFrame(lines []string, pkg string) (Goroutine, bool) {
	// lines[0] is "goroutine 7 [chan send, synctest bubble 1]:"; then pairs of
	// "pkg.Func(args)" and "\t/path/file.go:12 +0x1f"; "created by" ends it.
	state := ""
	if a, b := strings.Index(lines[0], "["), strings.LastIndex(lines[0], "]"); a >= 0 && b > a {
		state = strings.Split(lines[0][a+1:b], ",")[0]
		state = strings.TrimSuffix(state, " (durable)")
	}
	if state == "synctest.Run" {
		return Goroutine{}, false // the goroutine that waits for the bubble to end: Run's caller
	}
	for i := 1; i+1 < len(lines); i += 2 {
		fn := lines[i]
		if strings.HasPrefix(fn, "created by ") {
			break
		}
		if !strings.HasPrefix(fn, pkg+".") {
			continue
		}
		file := strings.TrimSpace(lines[i+1])
		if sp := strings.LastIndex(file, " +0x"); sp >= 0 {
			file = file[:sp]
		}
		if strings.Contains(file, "_test.go:") {
			continue
		}
		name := strings.TrimPrefix(fn, pkg+".")
		if p := strings.LastIndex(name, "("); p >= 0 {
			name = name[:p]
		}
		return Goroutine{State: state, Func: name, Where: filepath.Base(file)}, true
	}
	return Goroutine{}, false
}

// callerPackage is the import path of the package of Run's or Leaks' caller.
func callerPackage() string {
	pc, _, _, ok := runtime.Caller(2)
	if !ok {
		return ""
	}
	return packageOf(runtime.FuncForPC(pc).Name())
}

// packageOf cuts "conclab/exercises/chess.TestExhibition.func1" to "conclab/exercises/chess".
func packageOf(fn string) string {
	slash := strings.LastIndex(fn, "/")
	if dot := strings.Index(fn[slash+1:], "."); dot >= 0 {
		return fn[:slash+1+dot]
	}
	return fn
}

func saveTrace(pkg, test string, tr *trace.Trace) error {
	dir := os.Getenv(TraceDirEnv)
	if dir == "" {
		return nil
	}
	b, err := trace.Encode(tr)
	if err != nil {
		return err
	}
	dir = filepath.Join(dir, pkg[strings.LastIndex(pkg, "/")+1:])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, strings.ReplaceAll(test, "/", "-")+".json"), b, 0o644)
}
