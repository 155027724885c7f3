package kittest

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// KitClockNote starts the line that Run prints before the output of a
// check it ran again on the kit clock; the rest of the line says why the
// bubble's clock stalled. conclab's runner looks for it to say which clock
// judged the code.
const KitClockNote = "conclab: judged on the kit clock, not testing/synctest's: "

// rerunMargin is how long before the test's own deadline the rerun's
// -test.timeout ends, so that the rerun reports a timeout first.
const rerunMargin = 3 * time.Second

// rerun checks the test again on the kit clock, in a new process of the same
// test binary that runs this test only, and makes what it printed and how it
// ended this test's: if it crashed, this process exits too.
func rerun(t *testing.T, why string) {
	t.Helper()
	fmt.Fprintf(os.Stdout, "%s%s\n", KitClockNote, why)
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("conclab: cannot check %s again on the kit clock: %v", t.Name(), err)
	}
	args := []string{"-test.run=" + runPattern(t.Name()), "-test.count=1", "-test.v=true", "-test.paniconexit0"}
	if deadline, ok := t.Deadline(); ok {
		args = append(args, "-test.timeout="+max(time.Until(deadline)-rerunMargin, time.Second).String())
	}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatalf("conclab: cannot check %s again on the kit clock: %v", t.Name(), err)
	}
	defer r.Close()
	cmd := exec.Command(exe, args...)
	cmd.Env = rerunEnv(os.Environ())
	cmd.Stdout, cmd.Stderr = w, w // one pipe: the lines keep their order
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatalf("conclab: cannot check %s again on the kit clock: %v", t.Name(), err)
	}
	result, crashed := relay(r, os.Stdout, t.Name())
	err = cmd.Wait()
	switch {
	case crashed:
		// A panic (a deadlock on the kit clock is one) ends the process
		// that runs the checks, as it would have in the bubble: the later
		// checks do not run, and the output holds this crash only.
		os.Exit(2)
	case result == "PASS" && err == nil:
	case result == "SKIP" && err == nil:
		t.SkipNow()
	case result == "":
		t.Fatalf("conclab: the check, run again on the kit clock, ended before it reported (%v): does the code call os.Exit?", err)
	default:
		t.FailNow() // what it printed says why
	}
}

// rerunEnv is the environment of a rerun: env with ClockEnv set to the
// kit clock, and the race detector told not to sleep as the process exits.
// A binary built with -race sleeps atexit_sleep_ms (1000 ms by default)
// before it exits, to let the reports of other goroutines come out; the
// rerun's races are reported by the testing package as each test ends, and
// a second of sleep per rerun made a check of mutex code on the kit clock
// take seconds. GORACE's other options are kept, and an atexit_sleep_ms
// already given is left as it is. Without -race, GORACE is not read.
func rerunEnv(env []string) []string {
	out := make([]string, 0, len(env)+2)
	race := "atexit_sleep_ms=0"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GORACE="); ok {
			if strings.Contains(v, "atexit_sleep_ms=") {
				race = v
			} else if v = strings.TrimSpace(v); v != "" {
				race = v + " " + race
			}
			continue
		}
		out = append(out, kv)
	}
	return append(out, "GORACE="+race, ClockEnv+"="+onKitClock)
}

// runPattern is a -test.run pattern that matches the test named name only.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// relay copies the output of a `-test.v` run to w, without the lines that
// frame tests ("=== RUN", "--- FAIL: ...", "PASS"), and returns how the
// test named name ended: "PASS", "FAIL", "SKIP", or "" if it never said;
// and whether the run crashed (a panic, a fatal error).
func relay(r io.Reader, w io.Writer, name string) (result string, crashed bool) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			if res, frame := framing(line, name); frame {
				result = cmp.Or(res, result)
			} else {
				crashed = crashed || strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ")
				if !strings.HasSuffix(line, "\n") {
					line += "\n"
				}
				io.WriteString(w, line)
			}
		}
		if err != nil {
			return result, crashed
		}
	}
}

// framing reports whether line frames a test, and how the test named name
// ended if it says so.
func framing(line, name string) (result string, frame bool) {
	l := strings.TrimRight(line, "\r\n")
	if l == "PASS" || l == "FAIL" || strings.HasPrefix(l, "=== ") {
		return "", true
	}
	trimmed := strings.TrimLeft(l, " ")
	for _, r := range []string{"PASS", "FAIL", "SKIP"} {
		if rest, ok := strings.CutPrefix(trimmed, "--- "+r+": "); ok {
			if strings.HasPrefix(rest, name+" (") {
				return r, true
			}
			return "", true
		}
	}
	return "", false
}
