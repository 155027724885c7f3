// Package kittest runs an exercise's checks: each check runs inside a
// testing/synctest bubble, where time.Sleep is virtual and exact, with a
// fresh kit.Log for the code under test. When the check is over, Run writes
// the trace of the run as JSON (for conclab to show beside the reference) and
// reports goroutines still running the exercise's code: leaks.
//
// Only checks import this package (files with the build tag `exercises`);
// exercise code imports conclab/labs/kit.
package kittest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"conclab/labs/kit"
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

// Run runs check in a new synctest bubble with a new kit.Log (time limit
// DefaultLimit), so that the Log's clock starts at 0 with the check. When
// check returns (or stops with t.Fatal), Run waits until every other
// goroutine of the bubble has ended or is blocked, and
// fails the test with a kit.LeakPrefix message if any of them is still in
// the exercise's code (the test's own helpers do not count). The trace is
// written whether the check passed or not (see TraceDirEnv).
func Run(t *testing.T, check func(t *testing.T, log *kit.Log)) {
	t.Helper()
	pkg := callerPackage()
	synctest.Test(t, func(t *testing.T) {
		log := kit.New()
		log.SetLimit(DefaultLimit)
		finished := false
		defer func() {
			if err := saveTrace(pkg, t.Name(), log.Trace()); err != nil {
				t.Logf("conclab: trace not written: %v", err)
			}
			if !finished && !t.Failed() {
				return // check panicked: let it unwind
			}
			// After t.Fatal too: goroutines still running now make the bubble
			// panic as it ends ("blocked goroutines remain"), so say which.
			if gs := leaks(pkg); len(gs) > 0 {
				t.Error(LeakMessage("when the check ended", gs))
			}
		}()
		check(t, log)
		finished = true
	})
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

// Leaks waits until every other goroutine of the bubble has ended or is
// blocked (synctest.Wait) and returns those still in the calling test's
// package outside its _test.go files: goroutines that the exercise's code
// started and did not end. Call it only inside a bubble (inside Run).
func Leaks() []Goroutine {
	return leaks(callerPackage())
}

func leaks(pkg string) []Goroutine {
	synctest.Wait()
	return parseStacks(allStacks(), pkg)
}

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

// parseStacks reads a runtime.Stack(_, true) dump and returns the goroutines,
// other than the first (the caller's), with a frame in package pkg from a
// file that is not a test file.
func parseStacks(dump, pkg string) []Goroutine {
	var out []Goroutine
	for i, block := range strings.Split(strings.TrimSpace(dump), "\n\n") {
		if i == 0 {
			continue
		}
		lines := strings.Split(block, "\n")
		if g, ok := exerciseFrame(lines, pkg); ok {
			out = append(out, g)
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
