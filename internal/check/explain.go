package check

import (
	"fmt"
	"path/filepath"
	"strings"

	"conclab/exercises/kit"
)

// The verdicts of judge, one function per kind: each says what happened in
// a headline, and in the details where in the learner's code.

// compileError lists the build's errors (and vet's), with paths from the root.
func (j judged) compileError() Verdict {
	v := Verdict{Kind: CompileError}
	vet := false
	for _, line := range j.c.build {
		if strings.HasPrefix(line, "#") {
			vet = vet || strings.HasPrefix(line, "# [") // vet's header: "# [conclab/exercises/chess]"
			continue
		}
		if m := buildErrorRE.FindStringSubmatch(line); m != nil {
			file := j.l.relative(m[1])
			line = file + ":" + m[2]
			if m[3] != "" {
				line += ":" + m[3]
			}
			line += ": " + m[4]
			var n int
			fmt.Sscan(m[2], &n)
			v.Where = append(v.Where, Location{File: file, Line: n})
		}
		if v.Headline == "" {
			v.Headline = line
			continue
		}
		if len(v.Details) < 12 {
			v.Details = append(v.Details, line)
		}
	}
	if v.Headline == "" {
		v.Headline = "the exercise does not build, and the go command said nothing about why"
		v.Details = j.c.loose
	}
	if vet {
		v.Details = append(v.Details, "go vet found this: go test runs some of vet's checks before the tests, and a finding stops them")
	}
	return v
}

// race names the two accesses of the first DATA RACE report.
func (j judged) race(all string) Verdict {
	v := Verdict{Kind: Race}
	accesses := j.l.parseRace(all)
	var at []string
	for _, a := range accesses {
		v.Details = append(v.Details, fmt.Sprintf("%s at %s", a.what, a.at))
		if a.ok {
			v.Where = append(v.Where, a.at)
			at = append(at, fmt.Sprintf("%s:%d", filepath.Base(a.at.File), a.at.Line))
		}
	}
	v.Headline = "two goroutines used the same memory at once, one of them writing"
	if len(at) > 0 {
		v.Headline += " (" + strings.Join(at, " and ") + ")"
	}
	v.Details = append(v.Details, "share it safely: guard it with a sync.Mutex, or hand it from goroutine to goroutine through a channel")
	if cv, ok := closeRace(accesses, v); ok {
		v = cv
	}
	if f, ok := j.failed(); ok {
		v.Details = append(v.Details, "the checks also said: "+f.Headline)
	}
	return v
}

// timedOut explains the test binary's own timeout, with where each of the
// learner's goroutines was.
func (j judged) timedOut(all string) Verdict {
	v := Verdict{Kind: Timeout, Headline: fmt.Sprintf("your code ran past %s of real time: an endless loop?", seconds(j.timeout))}
	gs := parseGoroutines(all)
	if busy, ok := j.busyLoop(gs, v); ok {
		return busy
	}
	lines, where := j.l.stuck(gs)
	for _, s := range lines {
		if strings.Contains(s, "Mutex") {
			v.Details = append(v.Details, "a goroutine waits for a lock: is it never unlocked, or does the goroutine that holds it loop forever?")
			break
		}
	}
	if len(lines) > 0 {
		v.Details = append(v.Details, "your goroutines when it was stopped:")
		v.Details = append(v.Details, indent(lines)...)
	}
	v.Where = where
	return v
}

// deadlock lists where the learner's goroutines were blocked.
func (j judged) deadlock(all string) Verdict {
	v := Verdict{Kind: Deadlock, Headline: "every goroutine was blocked, each waiting for another: nothing could ever wake them"}
	lines, where := j.l.stuck(parseGoroutines(all))
	if len(lines) > 0 {
		v.Details = append(v.Details, "blocked:")
		v.Details = append(v.Details, indent(lines)...)
	}
	v.Details = append(v.Details, "a send needs a receiver (or room in the channel), a receive needs a sender or a close, Wait needs every Done, and a Lock its Unlock")
	v.Where = where
	return v
}

// leak quotes the kittest leak message (or, failing that, the goroutines
// synctest found blocked when the check ended).
func (j judged) leak(all string) Verdict {
	v := Verdict{Kind: Leak}
	lines := strings.Split(all, "\n")
	for i, line := range lines {
		k := strings.Index(line, kit.LeakPrefix)
		if k < 0 {
			continue
		}
		v.Headline = strings.TrimSuffix(strings.TrimSpace(line[k+len(kit.LeakPrefix):]), ":")
		first := ""
		for _, more := range lines[i+1:] {
			if !strings.HasPrefix(more, "        ") {
				break
			}
			more = strings.TrimSpace(more)
			v.Details = append(v.Details, more)
			if loc, state, ok := j.l.leakAt(more); ok {
				if first == "" {
					first = doing(state, loc)
				}
				v.Where = append(v.Where, loc)
			}
		}
		v.Headline = withFirst(v.Headline, first, len(v.Where))
		break
	}
	if v.Headline == "" {
		ls, where := j.l.stuck(parseGoroutines(all))
		v.Headline = "the check ended while goroutines of your code were still blocked"
		if len(where) > 0 {
			v.Headline += " (" + shortLoc(where[0]) + ")"
		}
		v.Details, v.Where = indent(ls), where
		v.Details = append(v.Details, "every goroutine you start must end: tell it to stop (close a channel, cancel a context) and wait for it")
	}
	return v
}

// withFirst ends a leak's headline with where its first goroutine was:
// "..., blocked in chan receive at chess.go:47" (n is how many places).
func withFirst(headline, first string, n int) string {
	switch {
	case first == "":
		return headline
	case n > 1:
		return headline + ", the first " + first
	}
	return headline + ", " + first
}

// overLimit explains kit's time limit: code that ran on and on in virtual
// time (a goroutine never told to stop).
func (j judged) overLimit(all string) Verdict {
	at := strings.Index(all, "panic: "+kit.LimitPrefix)
	msg, _, _ := strings.Cut(all[at+len("panic: "+kit.LimitPrefix):], "\n")
	msg = strings.TrimSuffix(strings.TrimSuffix(msg, " [recovered, repanicked]"), " [recovered]")
	v := Verdict{Kind: Timeout, Headline: msg}
	if gs := parseGoroutines(all[at:]); len(gs) > 0 {
		if loc, ok := j.l.first(gs[0].frames); ok {
			v.Details = append(v.Details, "it was at "+loc.String())
			v.Where = append(v.Where, loc)
		}
	}
	return v
}

// panicked gives the panic's value and the innermost frame in the learner's
// code of the goroutine that panicked.
func (j judged) panicked(all string) Verdict {
	v := Verdict{Kind: Panicked}
	at := strings.Index(all, "panic: ")
	if f := strings.Index(all, "fatal error: "); at < 0 || f >= 0 && f < at {
		at = f
	}
	value, _, _ := strings.Cut(all[at:], "\n")
	value = strings.TrimPrefix(strings.TrimPrefix(value, "panic: "), "fatal error: ")
	value = strings.TrimSuffix(strings.TrimSuffix(value, " [recovered, repanicked]"), " [recovered]")
	v.Headline = value
	gs := parseGoroutines(all[at:])
	if len(gs) > 0 {
		if loc, ok := j.l.first(gs[0].frames); ok {
			v.Headline += " at " + fmt.Sprintf("%s:%d", filepath.Base(loc.File), loc.Line)
			v.Details = append(v.Details, "in your code at "+loc.String())
			v.Where = append(v.Where, loc)
		}
	}
	if t := j.unfinished(); t != nil {
		v.Details = append(v.Details, "during "+display(t.Name))
	}
	return j.doneInGo(mistake(value, v))
}

// exited explains os.Exit called during a test (the testing package
// catches os.Exit(0) and panics).
func (j judged) exited(all string) Verdict {
	code := "0"
	if i := strings.Index(all, "os.Exit("); i >= 0 {
		code, _, _ = strings.Cut(all[i+len("os.Exit("):], ")")
	}
	v := Verdict{Kind: Exited, Headline: fmt.Sprintf("your code called os.Exit(%s) in the middle of a check: return instead, so the checks can look at what happened", code)}
	if gs := parseGoroutines(all); len(gs) > 0 {
		if loc, ok := j.l.first(gs[0].frames); ok {
			v.Details = append(v.Details, "at "+loc.String())
			v.Where = append(v.Where, loc)
		}
	}
	return v
}

// exitedIn explains a test binary that ended while t ran, with no panic.
func (j judged) exitedIn(t *TestResult) Verdict {
	v := Verdict{Kind: Exited, Headline: fmt.Sprintf("the checks' process exited in the middle of %s: does your code call os.Exit or log.Fatal? Return instead", display(t.Name))}
	if last := lastLines(messageText(t.Output), 5); len(last) > 0 {
		v.Details = append([]string{"its last output:"}, indent(last)...)
	}
	return v
}

// huge explains output past what conclab keeps or reads.
func (j judged) huge() Verdict {
	c := j.c
	v := Verdict{Kind: HugeOutput, Headline: fmt.Sprintf("your code printed %s of output; conclab kept %s of it — print less (a line per event at most)", sizeOf(c.text), sizeOf(int64(j.kept)))}
	if j.stop.outputLimit > 0 {
		v.Headline = fmt.Sprintf("your code printed more than %s of output and was stopped — print less (a line per event at most)", sizeOf(j.stop.outputLimit))
	}
	failed, passed := 0, 0
	for _, t := range j.leaves() {
		switch t.Status {
		case Fail:
			failed++
		case Pass:
			passed++
		}
	}
	v.Details = append(v.Details, fmt.Sprintf("%d checks passed, %d failed", passed, failed))
	return v
}

// failed gives the Failed verdict if a test failed with a message: the
// first message is the headline; the details list the checks that failed,
// each with its message the first time a message of that shape comes.
func (j judged) failed() (Verdict, bool) {
	v := Verdict{Kind: Failed}
	passed, total := 0, 0
	var failing []string
	said := map[string]bool{} // the shapes of the messages shown so far
	for _, t := range j.leaves() {
		total++
		if t.Status == Pass {
			passed++
		}
		if t.Status != Fail {
			continue
		}
		var ms []string
		for _, m := range messages(t.Output) {
			if !strings.HasPrefix(m, kit.LeakPrefix) { // a leak is a verdict of its own
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			continue
		}
		if v.Headline == "" {
			v.Headline = ms[0]
			said[shape(ms[0])] = true
		}
		line := "✗ " + display(t.Name)
		if !said[shape(ms[0])] {
			said[shape(ms[0])] = true
			line += ": " + ms[0]
		}
		failing = append(failing, line)
	}
	if v.Headline == "" {
		return v, false
	}
	count := fmt.Sprintf("%d of %d checks pass; failing:", passed, total)
	if j.stopped() { // the checks after it never ran: how many there are is not known here
		count = fmt.Sprintf("%d of the %d checks that ran before the test binary stopped pass; failing:", passed, total)
	}
	v.Details = append([]string{count}, indent(failing[:min(len(failing), 8)])...)
	return v, true
}

// shape is what a message teaches, without its numbers: the part after its
// last " — " if it has one (checks put the advice there), digits left out.
// Two checks that fail the same way with other numbers have the same shape.
func shape(msg string) string {
	if i := strings.LastIndex(msg, " — "); i >= 0 {
		msg = msg[i:]
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, msg)
}
