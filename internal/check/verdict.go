package check

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"conclab/exercises/kit"
)

// Kind is what a run of the checks came to.
type Kind string

// The verdicts, from the best to the most surprising.
const (
	Passed       Kind = "passed"        // every check passed
	Failed       Kind = "failed"        // a check failed: its teaching message says why
	CompileError Kind = "compile error" // the exercise (or its checks) does not build
	Panicked     Kind = "panic"         // the code panicked
	Deadlock     Kind = "deadlock"      // every goroutine was blocked
	Race         Kind = "race"          // the race detector found a data race
	Leak         Kind = "leak"          // goroutines were still running when the check ended
	Timeout      Kind = "timeout"       // it ran too long in real time: an endless loop
	Exited       Kind = "os.Exit"       // the test binary exited in the middle of a check
	HugeOutput   Kind = "huge output"   // the code printed more than conclab keeps
)

// Verdict is the judgement of one run, for a person: a one-line Headline and
// a few lines of Details. Where holds the places in the learner's code it
// points at (a panic's frame, a race's two accesses, blocked goroutines).
type Verdict struct {
	Kind     Kind
	Headline string
	Details  []string
	Where    []Location
}

// Passed reports whether every check passed.
func (v Verdict) Passed() bool { return v.Kind == Passed }

// String is the kind and the headline on one line: "failed: the boards were played...".
func (v Verdict) String() string { return string(v.Kind) + ": " + v.Headline }

// stop says why the Runner ended the child itself, if it did.
type stop struct {
	hardLimit   time.Duration // the child ran past it in real time
	outputLimit int64         // the child printed more than this
	limits                    // memory, and a signal conclab did not send
}

// judged is everything judge reads.
type judged struct {
	c       *collector
	l       learner
	stop    stop
	timeout time.Duration // the -timeout given to go test
	kept    int           // the output budget
	vet     []vetFinding  // what go vet's extra analyzers found (vetAnalyzers)
}

var (
	buildErrorRE = regexp.MustCompile(`^(.+?\.go):(\d+)(?::(\d+))?: (.*)$`)
	messageRE    = regexp.MustCompile(`^\s+(\S+\.go):(\d+): (.*)$`)
)

// judge turns a finished run into a Verdict, which says so when checks
// were judged on the kit clock (kitClockNote, kittest.KitClockNote).
func judge(j judged) Verdict {
	v := judgeRun(j)
	if v.Kind != CompileError {
		if vv, ok := j.vetVerdict(v); ok {
			v = vv
		}
		if _, note, ok := strings.Cut(j.allOutput(), kitClockNote); ok {
			note, _, _ = strings.Cut(note, "\n")
			v.Details = append(v.Details, "judged on conclab's kit clock, not testing/synctest's: "+note)
		}
	}
	return v
}

func judgeRun(j judged) Verdict {
	c := j.c
	if c.broken || strings.Contains(c.pkg.res.Output, "[build failed]") || strings.Contains(c.pkg.res.Output, "[setup failed]") {
		return j.compileError()
	}
	if v, ok := j.overLimits(); ok {
		return v
	}
	if j.stop.hardLimit > 0 {
		v := Verdict{Kind: Timeout, Headline: fmt.Sprintf("your code ran past %s of real time and was stopped: an endless loop?", seconds(j.stop.hardLimit))}
		v.Details = append(v.Details, j.running()...)
		return v
	}
	all := j.allOutput()
	if v, ok := j.tooManyGoroutines(all); ok {
		return v
	}
	switch {
	case strings.Contains(all, "WARNING: DATA RACE"):
		return j.race(all)
	case strings.Contains(all, "panic: test timed out after"), strings.Contains(all, sentinelTimeout):
		return j.timedOut(all)
	case strings.Contains(all, "deadlock: all goroutines in bubble are blocked"),
		strings.Contains(all, "fatal error: all goroutines are asleep - deadlock!"),
		strings.Contains(all, kit.DeadlockPrefix):
		return j.deadlock(all)
	case strings.Contains(all, kit.LeakPrefix),
		strings.Contains(all, "deadlock: main bubble goroutine has exited but blocked goroutines remain"):
		leak := j.leak(all)
		if v, ok := j.failed(); ok { // the check's own message says more: the leak follows from it
			v.Details = append(v.Details, "and "+andLeak(leak.Headline))
			return v
		}
		return leak
	case strings.Contains(all, "panic: "+kit.LimitPrefix):
		return j.overLimit(all)
	case strings.Contains(all, "panic: unexpected call to os.Exit("):
		return j.exited(all)
	case strings.Contains(all, "\npanic: ") || strings.HasPrefix(all, "panic: ") || strings.Contains(all, "fatal error: "):
		return j.panicked(all)
	}
	if j.stop.outputLimit > 0 {
		return j.huge()
	}
	if v, ok := j.killed(); ok {
		return v
	}
	if t := j.unfinished(); t != nil && c.result != Pass {
		return j.exitedIn(t)
	}
	if v, ok := j.failed(); ok {
		if c.truncated {
			v.Details = append(v.Details, fmt.Sprintf("(your code also printed %s; conclab kept %s of it)", sizeOf(c.text), sizeOf(int64(j.kept))))
		}
		return v
	}
	if c.truncated {
		return j.huge()
	}
	if c.result != Pass {
		v := Verdict{Kind: Failed, Headline: "the checks did not pass, and said nothing about why"}
		v.Details = lastLines(all, 10)
		return v
	}
	n := 0
	for _, t := range j.leaves() {
		if t.Status == Pass {
			n++
		}
	}
	if n == 0 {
		return Verdict{Kind: Failed, Headline: "no checks ran: are the exercise's _test.go files there, with the build tag `exercises`?"}
	}
	if n == 1 {
		return Verdict{Kind: Passed, Headline: "its one check passes"}
	}
	return Verdict{Kind: Passed, Headline: fmt.Sprintf("all %d checks pass", n)}
}

// andLeak is a leak's headline as the end of a failure's details, after
// "and ": "when the check ended, 24 goroutines were still running your
// code" as it is, any other with "when the check ended: " before it.
func andLeak(headline string) string {
	if strings.HasPrefix(headline, "when the check ended") || strings.HasPrefix(headline, "the check ended") {
		return headline
	}
	return "when the check ended: " + headline
}

// stopped reports whether the test binary stopped in the middle of the
// run — a panic (a leak that synctest found is one), a fatal error, a test
// that never ended — so that the checks after the one it stopped in never
// ran.
func (j judged) stopped() bool {
	all := j.allOutput()
	return j.unfinished() != nil || strings.Contains(all, "\npanic: ") || strings.HasPrefix(all, "panic: ") ||
		strings.Contains(all, "fatal error: ")
}

// leaves are the tests without subtests, in the order they ran.
func (j judged) leaves() []*TestResult {
	var out []*TestResult
	for i, t := range j.c.tests {
		leaf := true
		for _, u := range j.c.tests[i+1:] {
			if strings.HasPrefix(u.Name, t.Name+"/") {
				leaf = false
				break
			}
		}
		if leaf {
			out = append(out, t)
		}
	}
	return out
}

// unfinished is the innermost test that started and never ended, if any.
func (j judged) unfinished() *TestResult {
	var last *TestResult
	for _, t := range j.c.tests {
		if t.Status == Running {
			last = t
		}
	}
	return last
}

// running lists the tests that were still running when the child was stopped.
func (j judged) running() []string {
	if t := j.unfinished(); t != nil {
		return []string{"it was running " + display(t.Name)}
	}
	return nil
}

func (j judged) allOutput() string {
	var b strings.Builder
	for _, t := range j.c.tests {
		b.WriteString(t.Output)
	}
	b.WriteString(j.c.pkg.res.Output)
	return b.String()
}

// messages are the failure messages in a test's output: each
// "    file_test.go:62: text" line with its indented continuation lines,
// without the file:line (messages of the testing package are left out).
func messages(output string) []string {
	var out []string
	lines := strings.Split(output, "\n")
	for i := 0; i < len(lines); i++ {
		m := messageRE.FindStringSubmatch(lines[i])
		if m == nil || m[1] == "testing.go" {
			continue
		}
		msg := []string{m[3]}
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "        ") {
			i++
			msg = append(msg, strings.TrimSpace(lines[i]))
		}
		out = append(out, strings.Join(msg, " "))
	}
	return out
}

// messageText drops the "=== RUN" and "--- FAIL" lines of test output.
func messageText(output string) string {
	var keep []string
	for _, l := range strings.Split(output, "\n") {
		if strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

// relative makes a build error's file relative to the root, and maps
// overlay files back to the file they replace.
func (l learner) relative(file string) string {
	// The go command names a file relative to its working directory (the
	// root) when that is shorter: "../tmp123/chess.go" for an overlay file.
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(l.root, file)
	}
	if r, ok := l.replaced[file]; ok {
		file = r
	} else if r, ok := l.replaced[abs]; ok {
		file = r
	}
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(l.root, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	return filepath.ToSlash(strings.TrimPrefix(file, "./"))
}

// display is a test name as it was written: "TestExhibition/24 boards".
func display(test string) string { return strings.ReplaceAll(test, "_", " ") }

func lastLines(s string, n int) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimRight(l, " \t"))
		}
	}
	return lines[max(0, len(lines)-n):]
}

func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}

// sizeOf writes a byte count for people: "512 B", "64 KiB", "5.2 MiB".
func sizeOf(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
}

func seconds(d time.Duration) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", d.Seconds()), ".0") + " s"
}
