//go:build exercises

package countdown

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

type line struct {
	at   time.Duration
	text string
}

func (l line) String() string { return fmt.Sprintf("%q at %s", l.text, kit.Seconds(l.at)) }

const ms = time.Millisecond

// The interleaving of LABS.md. B = 3 and D = 2 both come at 2 s: real
// goroutines woken at the same instant run in no fixed order, so the check
// accepts them either way (conclab's own scheduler breaks such ties the same
// way every run; the Go runtime does not promise to).
var labsOrder = []line{
	{300 * ms, "C = 3"}, {600 * ms, "C = 2"}, {700 * ms, "A = 3"}, {900 * ms, "C = 1"},
	{1000 * ms, "D = 3"}, {1400 * ms, "A = 2"}, {2000 * ms, "B = 3"}, {2000 * ms, "D = 2"},
	{2100 * ms, "A = 1"}, {3000 * ms, "D = 1"}, {4000 * ms, "B = 2"}, {6000 * ms, "B = 1"},
}

// expected is what the counters print when they run at the same time: a line
// per count, each at k × its delay.
func expected(counters []Counter, from int) (lines []line, longest, sum time.Duration) {
	for _, c := range counters {
		for k := 1; k <= from; k++ {
			lines = append(lines, line{time.Duration(k) * c.Delay, fmt.Sprintf("%s = %d", c.Name, from-k+1)})
		}
		longest = max(longest, time.Duration(from)*c.Delay)
		sum += time.Duration(from) * c.Delay
	}
	return sortLines(lines), longest, sum
}

// sortLines orders lines by time, and lines printed at the same instant by text.
func sortLines(lines []line) []line {
	slices.SortStableFunc(lines, func(a, b line) int {
		return cmp.Or(cmp.Compare(a.at, b.at), strings.Compare(a.text, b.text))
	})
	return lines
}

func TestCountdownModel(t *testing.T) {
	want, longest, _ := expected(Four, 3)
	if !slices.Equal(want, sortLines(slices.Clone(labsOrder))) || longest != 6*time.Second {
		t.Fatalf("the check's model disagrees with LABS.md: %v", want) // guards the check itself
	}
}

func TestCountdowns(t *testing.T) {
	tests := []struct {
		name     string
		counters []Counter
		from     int
	}{
		{"four countdowns from 3", Four, 3},
		{"two countdowns from 2", []Counter{{"X", 0, time.Second}, {"Y", 1, 1500 * ms}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				Run(log, tt.counters, tt.from)
				checkRun(t, log, tt.counters, tt.from)
			})
		})
	}
}

func checkRun(t *testing.T, log *kit.Log, counters []Counter, from int) {
	t.Helper()
	elapsed := log.Elapsed()
	want, longest, sum := expected(counters, from)
	var got []line
	for _, l := range log.Lines("") {
		got = append(got, line{l.At, strings.TrimSpace(l.Text)})
	}
	switch {
	case elapsed == sum && sum != longest:
		t.Fatalf("the countdowns ran one after another: Run took %s of virtual time, want %s (the longest countdown, "+
			"not the sum of all of them) — does each countdown have its own goroutine?", kit.Seconds(elapsed), kit.Seconds(longest))
	case elapsed < longest:
		t.Fatalf("Run returned after %s with %d of %d lines printed, want it to return at %s when the last countdown is done "+
			"— wait for every goroutine you started (sync.WaitGroup) before returning", kit.Seconds(elapsed), len(got), len(want), kit.Seconds(longest))
	case elapsed != longest:
		t.Errorf("Run took %s of virtual time, want %s (the longest countdown)", kit.Seconds(elapsed), kit.Seconds(longest))
	}
	sortLines(got)
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Fatalf("only %d lines were printed, want %d: the next one is %v", len(got), len(want), want[i])
		case i >= len(want):
			t.Fatalf("%d lines were printed, want %d: %v is one too many", len(got), len(want), got[i])
		case got[i] != want[i]:
			t.Fatalf("line %d is %v, want %v — each countdown should sleep its own delay before each line, all at the same time",
				i+1, got[i], want[i])
		}
	}
}
