package kittest

// Tests that learners write. In a testing exercise the learner's file holds
// a test, a function like TestGet(t *testing.T, newCache ...) that tests
// the code it is given; the checks run it on a subject with a planted bug,
// where it must fail, and on correct subjects, where it must pass. A test
// that fails must not fail the check that runs it, so each subject runs in
// a new process of the same test binary, which the check starts and reads.

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/labs/trace"
)

// SubjectEnv names the variable that tells a process started by Subject
// which subject to test; SubjectTraceEnv, the name of the test whose trace
// it writes (see SaveTrace).
const (
	SubjectEnv      = "CONCLAB_KITTEST_SUBJECT"
	SubjectTraceEnv = "CONCLAB_KITTEST_SUBJECT_TRACE"
)

// SubjectTest is the name of the one test of a process that Subjects runs.
const SubjectTest = "YourTest"

// SubjectLimit bounds the real time of one Subject's process: a learner's
// test that waits for ever on some subject is stopped then.
const SubjectLimit = 20 * time.Second

// Subjects is for the TestMain of a testing exercise's checks. In a process
// that Subject started, it runs subjects[name] — the learner's test on one
// subject — as the process's only test, named SubjectTest, and exits with
// its status, as go test does; in any other process it returns at once:
//
//	func TestMain(m *testing.M) {
//		kittest.Subjects(map[string]func(*testing.T){"buggy": ..., "correct": ...})
//		os.Exit(m.Run())
//	}
func Subjects(subjects map[string]func(t *testing.T)) {
	name, ok := os.LookupEnv(SubjectEnv)
	if !ok {
		return
	}
	f := subjects[name]
	if f == nil {
		fmt.Fprintf(os.Stderr, "kittest: no subject %q\n", name)
		os.Exit(2)
	}
	all := func(string, string) (bool, error) { return true, nil }
	testing.Main(all, []testing.InternalTest{{Name: SubjectTest, F: f}}, nil, nil)
}

// Outcome is how a learner's test went on one subject.
type Outcome struct {
	// Runs is how many times the test ran to its end; Passed and Failed
	// how many of those runs passed and failed (a run that skipped is
	// neither).
	Runs, Passed, Failed int
	// Messages are the test's own failure messages without repeats, each
	// with its file and line: "dedup.go:31: loads = 2, want 1".
	Messages []string
	// Race tells that the race detector reported a data race.
	Race bool
	// Crash says how the process ended if not as go test ends, in words of
	// its own (never the runtime's own marks, which conclab reads as a
	// verdict of the check's): "it panicked: index out of range".
	Crash string
	// Deadlock tells that a synctest bubble of the test found its
	// goroutines blocked for good: all of them, or some left when the
	// test's function returned.
	Deadlock bool
	// TimedOut tells that the test ran past its time and was stopped.
	TimedOut bool
	// Output is everything the process printed.
	Output string
}

// Subject runs the learner's test on the subject called name — the
// function of that name given to Subjects — runs times over, in a new
// process of the test binary, and reports how it went. Call it from the
// check's test; the process's trace (SaveTrace) is saved as that test's.
func Subject(t *testing.T, name string, runs int) Outcome {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("conclab: cannot run your test: %v", err)
	}
	limit := SubjectLimit
	if deadline, ok := t.Deadline(); ok {
		limit = min(limit, max(time.Until(deadline)-rerunMargin, time.Second))
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-test.v=true", "-test.count="+strconv.Itoa(runs),
		"-test.timeout="+limit.String(), "-test.paniconexit0")
	// The race detector sleeps a second before a process exits, for
	// reports still on their way (GORACE's atexit_sleep_ms): the process
	// has none to wait for once its test has ended.
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), SubjectEnv+"="+name, SubjectTraceEnv+"="+t.Name(), "GORACE="+gorace)
	cmd.WaitDelay = time.Second
	out, _ := cmd.CombinedOutput()
	o := readOutcome(string(out))
	if ctx.Err() != nil {
		o.TimedOut = true
	}
	return o
}

var messageLine = regexp.MustCompile(`^\s+(\S+\.go:\d+): (.*)$`)

// readOutcome reads the -test.v output of a process that Subjects ran.
func readOutcome(out string) Outcome {
	o := Outcome{Output: out}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "--- PASS: "+SubjectTest+" ("):
			o.Runs++
			o.Passed++
		case strings.HasPrefix(trimmed, "--- FAIL: "+SubjectTest+" ("):
			o.Runs++
			o.Failed++
		case strings.HasPrefix(trimmed, "--- SKIP: "+SubjectTest+" ("):
			o.Runs++
		case line == "WARNING: DATA RACE":
			o.Race = true
		case strings.HasPrefix(line, "panic: test timed out"):
			o.TimedOut = true
		case strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: "):
			if strings.Contains(line, "deadlock: ") {
				o.Deadlock = true
			}
			if o.Crash == "" {
				o.Crash = crashWords(line)
			}
		default:
			if m := messageLine.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[1], "testing.go:") {
				msg := m[1] + ": " + m[2]
				if !slices.Contains(o.Messages, msg) {
					o.Messages = append(o.Messages, msg)
				}
			}
		}
	}
	return o
}

// crashWords says what a panic or fatal error line says, in other words
// than the runtime's: conclab's runner takes "panic: " and the like in a
// check's output for a crash of the check itself.
func crashWords(line string) string {
	switch {
	case strings.Contains(line, "main bubble goroutine has exited but blocked goroutines remain"):
		return "when its synctest bubble's function returned, goroutines of the bubble were still blocked, for good"
	case strings.Contains(line, "all goroutines in bubble are blocked"):
		return "every goroutine of its synctest bubble was blocked, and no timer could wake one"
	case strings.HasPrefix(line, "fatal error: "):
		return "it stopped with a fatal error: " + strings.TrimPrefix(line, "fatal error: ")
	}
	msg := strings.TrimPrefix(line, "panic: ")
	msg = strings.TrimSuffix(msg, " [recovered, repanicked]")
	msg = strings.TrimSuffix(msg, " [recovered]")
	return "it panicked: " + msg
}

// SaveTrace, in a process that Subject started, saves tr as the trace of
// the test that started it (see TraceDirEnv); elsewhere it does nothing.
// A subject's code calls it with what it recorded of the learner's run.
func SaveTrace(tr *trace.Trace) error {
	name := os.Getenv(SubjectTraceEnv)
	if name == "" || tr == nil {
		return nil
	}
	return saveTrace(callerPackage(), name, tr)
}

// InBubble reports whether the calling goroutine runs in a testing/synctest
// bubble (read off its stack's header, as the runtime prints it).
func InBubble() bool { return self().bubble != 0 }
