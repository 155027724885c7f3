package check

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The verdicts of the limits conclab puts on the learner's code, and of
// code that kills the checks' processes.
const (
	TooMuchMemory     Kind = "memory"     // the checks' processes held more memory than the Runner allows
	TooManyGoroutines Kind = "goroutines" // the code had more goroutines at once than the Runner allows
	Killed            Kind = "killed"     // the go command or the test binary was killed by a signal conclab did not send
)

// limits are the stops and signals judge reads beside stop's.
type limits struct {
	memory int64  // the limit the checks' memory went past
	peak   int64  // the most memory seen
	signal string // the signal that ended the go command, when conclab did not send it
}

// overLimits is the verdict of a run the Runner stopped for its memory.
func (j judged) overLimits() (Verdict, bool) {
	if j.stop.memory == 0 {
		return Verdict{}, false
	}
	v := Verdict{Kind: TooMuchMemory, Headline: fmt.Sprintf("your code used more than %s of memory and was stopped (%s when it was): does it keep everything it makes, or make without end?", bytesFor(j.stop.memory), bytesFor(j.stop.peak))}
	v.Details = append(v.Details, j.running()...)
	return v, true
}

// tooManyGoroutines is the verdict of a run the sentinel stopped for its
// goroutines, with where the learner's were.
func (j judged) tooManyGoroutines(all string) (Verdict, bool) {
	at := strings.Index(all, sentinelGoroutines)
	if at < 0 {
		return Verdict{}, false
	}
	line, _, _ := strings.Cut(all[at:], "\n")
	n, limit, ok := sentinelCount(line)
	if !ok {
		return Verdict{}, false
	}
	v := Verdict{Kind: TooManyGoroutines, Headline: fmt.Sprintf("your code started more than %d goroutines (%d at once) and was stopped: does a loop start one per turn without end, or do they never end?", limit, n)}
	v.Details = append(v.Details, j.running()...)
	gs := parseGoroutines(all[at:])
	lines, where := j.l.stuck(gs)
	byCount(lines, where)
	if len(lines) > 0 {
		v.Details = append(v.Details, fmt.Sprintf("where yours were among the first %d goroutines, the most first:", len(gs)))
		v.Details = append(v.Details, indent(lines)...)
	}
	v.Where = where
	return v, true
}

// byCount sorts stuck's lines (and their places), the line that stands
// for the most goroutines first ("… (938 goroutines)"); the "…" that ends
// a long list stays last.
func byCount(lines []string, where []Location) {
	count := func(line string) int {
		n := 1
		if i := strings.LastIndex(line, " ("); i >= 0 && strings.HasSuffix(line, " goroutines)") {
			fmt.Sscan(line[i+2:], &n)
		}
		return n
	}
	n := len(where) // lines may end with "…", which has no place
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return count(lines[idx[a]]) > count(lines[idx[b]]) })
	ls, ws := make([]string, n), make([]Location, n)
	for i, k := range idx {
		ls[i], ws[i] = lines[k], where[k]
	}
	copy(lines, ls)
	copy(where, ws)
}

// killed is the verdict of a go command or test binary ended by a signal
// that conclab did not send: the learner's code killed a process, its own
// or its parent's.
func (j judged) killed() (Verdict, bool) {
	sig := j.stop.signal
	if sig == "" && j.c.result != Pass {
		// The test binary's end, as go test reports it after the last
		// output of the test that was running: "signal: killed".
		out := j.c.pkg.res.Output
		if t := j.unfinished(); t != nil {
			out = t.Output
		}
		if last := lastLines(out, 1); len(last) == 1 {
			if m := signalRE.FindStringSubmatch(last[0]); m != nil {
				sig = m[1]
			}
		}
	}
	if sig == "" {
		return Verdict{}, false
	}
	v := Verdict{Kind: Killed, Headline: fmt.Sprintf("the checks were killed by a signal (%s): did your code call os.Exit or kill a process?", sig)}
	v.Details = append(v.Details, j.running()...)
	v.Details = append(v.Details, "your code runs inside the checks' process: it must not end it, nor signal the go command that started it")
	return v, true
}

// signalRE is go test's line for a test binary ended by a signal.
var signalRE = regexp.MustCompile(`^signal: ([a-z ]+)$`)

// bytesFor writes a memory size in decimal units: "2 GB", "512 MB".
func bytesFor(n int64) string {
	switch {
	case n >= 1e9:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(n)/1e9), "0"), ".") + " GB"
	case n >= 1e6:
		return fmt.Sprintf("%d MB", n/1e6)
	}
	return fmt.Sprintf("%d kB", n/1e3)
}
