//go:build exercises

package mainwait

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// expected is when the reports are ready if they are built at the same
// time (each after its own Took: the last one at the longest), and how long
// they take one after another (the sum).
func expected(reports []Report) (last, sum time.Duration) {
	for _, r := range reports {
		last = max(last, r.Took)
		sum += r.Took
	}
	return last, sum
}

func TestReportsModel(t *testing.T) {
	tests := []struct {
		reports   []Report
		last, sum time.Duration
	}{
		{Three, 3 * time.Second, 6 * time.Second},
		{[]Report{{"orders", 500 * ms}, {"returns", 200 * ms}}, 500 * ms, 700 * ms},
	}
	for _, tt := range tests {
		if last, sum := expected(tt.reports); last != tt.last || sum != tt.sum {
			t.Errorf("expected(%v) = %v, %v, want %v, %v", tt.reports, last, sum, tt.last, tt.sum) // guards the check itself
		}
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name    string
		reports []Report
	}{
		{"sales 1 s, stock 3 s, staff 2 s: all done at 3 s", Three},
		{"two quick reports, 0.5 s and 0.2 s: all done at 0.5 s", []Report{{"orders", 500 * ms}, {"returns", 200 * ms}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				Run(log, tt.reports)
				returned, before := log.Elapsed(), len(log.Lines(""))
				finish(log, tt.reports)
				checkRun(t, log, tt.reports, returned, before)
			})
		})
	}
}

// finish lets the reports that Run left behind end: the check waits until
// the last one is due, and for the goroutines to settle.
func finish(log *kit.Log, reports []Report) {
	last, _ := expected(reports)
	if now := log.Elapsed(); now < last {
		<-log.After(last - now)
	}
	kittest.Leaks()
}

// checkRun judges a run of Run that returned at `returned`, when `before`
// lines had been printed.
func checkRun(t *testing.T, log *kit.Log, reports []Report, returned time.Duration, before int) {
	t.Helper()
	last, sum := expected(reports)
	lines := log.Lines("")
	var late []string // the reports ready after Run returned
	for _, l := range lines[before:] {
		if l.Task != "main" {
			late = append(late, fmt.Sprintf("%s (ready at %s)", l.Task, kit.Seconds(l.At)))
		}
	}
	switch {
	case returned == sum && sum != last:
		t.Fatalf("the reports were built one after another: Run returned at %s, want %s (the slowest report, not "+
			"the sum of them all) — start each Build with the go keyword, and wait for them all", kit.Seconds(returned), kit.Seconds(last))
	case len(late) > 0:
		t.Fatalf("Run returned at %s, before %s: in a real program main returning ends the program, and those "+
			"reports would never be written — want Run to return at %s, when the last one is ready: wait for "+
			"exactly the goroutines you started (sync.WaitGroup); a sleep is only a guess",
			kit.Seconds(returned), and(late), kit.Seconds(last))
	case returned > last:
		t.Fatalf("Run returned at %s, want %s: every report was ready at %s, and main waited %s more for nothing — "+
			"a sleep long enough for slow reports is too long for quick ones: wait for exactly the goroutines you "+
			"started (sync.WaitGroup)", kit.Seconds(returned), kit.Seconds(last), kit.Seconds(last), kit.Seconds(returned-last))
	case returned < last:
		t.Fatalf("Run returned at %s, want %s, when the last report is ready: are all the reports built?", kit.Seconds(returned), kit.Seconds(last))
	}
	checkLines(t, lines, reports, last)
}

// and joins items as a sentence does: "a", "a and b", "a, b and c".
func and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// checkLines wants a "ready" line per report, at its time, then "all done"
// from main, last, at the time of the slowest report.
func checkLines(t *testing.T, lines []trace.Line, reports []Report, last time.Duration) {
	t.Helper()
	ready := map[string]time.Duration{}
	for i, l := range lines {
		if l.Task == "main" {
			if l.Text != "all done" || i != len(lines)-1 || l.At != last {
				t.Fatalf("main printed %q at %s as line %d of %d, want \"all done\" at %s, the last line: print it once "+
					"every report is ready", l.Text, kit.Seconds(l.At), i+1, len(lines), kit.Seconds(last))
			}
			continue
		}
		ready[l.Task] = l.At
	}
	for _, r := range reports {
		at, ok := ready[r.Name]
		if !ok || at != r.Took {
			t.Fatalf("%s was ready at %s (printed: %v), want at %s: build every report at the same time, each in a "+
				"goroutine of its own", r.Name, kit.Seconds(at), ok, kit.Seconds(r.Took))
		}
	}
	if n := len(lines); n == 0 || lines[n-1].Task != "main" {
		t.Fatalf("main never printed \"all done\", want it as the last line at %s: print it once every report is ready", kit.Seconds(last))
	}
}
