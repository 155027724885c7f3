package cancel

import (
	"slices"
	"strings"
	"testing"

	"conclab/internal/realrun/realtest"
)

// TestRealSearches runs the searches with real goroutines in a child, with
// latencies far apart (so that the order of the answers is the same on a
// busy machine) and a linger long enough for the slower replicas to reach
// their sends: runtime.NumGoroutine counts the two goroutines first-leaky
// leaves blocked on its unbuffered channel, and none for the others.
func TestRealSearches(t *testing.T) {
	sets := map[string]string{"replicas": "A=10ms,B=400ms,C=200ms", "linger": "600ms", "timeout": "300ms"}
	for _, tt := range []struct {
		variant    string
		answer     string
		leaked     int
		where      []string
		incomplete string
		output     string // a line the run prints
	}{
		{"first-leaky", "A", 2, []string{"B waits on chan results", "C waits on chan results"}, "", "B answers after 400ms"},
		{"first-buffered", "A", 0, nil, "", "B answers after 400ms"},
		{"first-context", "A", 0, nil, "", "B gives up after"},
		{"ignores-cancel", "A", 0, nil, "", "C answers after 200ms"},
		{"timeout", "A,C", 0, nil, "missed the 300ms timeout: B", "timed out"},
		{"errgroup", "none", 0, nil, "gave up after C failed: cancelled B", "C fails after 200ms"},
	} {
		res := realtest.Run(t, Lab(), tt.variant, sets)
		realtest.WellFormed(t, res.Trace)
		f := res.Facts
		t.Logf("%s: %v", tt.variant, f)
		where, _ := f["where"].([]string)
		if f["answer"] != tt.answer || f["leaked"] != tt.leaked || !slices.Equal(where, tt.where) || res.Incomplete != tt.incomplete {
			t.Errorf("%s: answer %v, leaked %v, where %q, incomplete %q; want %s, %d, %q, %q",
				tt.variant, f["answer"], f["leaked"], where, res.Incomplete, tt.answer, tt.leaked, tt.where, tt.incomplete)
		}
		var marked []string
		for _, s := range res.Leaked {
			marked = append(marked, s.String())
		}
		if !slices.Equal(marked, tt.where) {
			t.Errorf("%s: Leaked = %q, want %q", tt.variant, marked, tt.where)
		}
		var out []string
		for _, l := range res.Trace.Output {
			out = append(out, l.Text)
		}
		if !strings.Contains(strings.Join(out, "\n"), tt.output) {
			t.Errorf("%s: output %q, want a line with %q", tt.variant, out, tt.output)
		}
	}
}

// TestRealSearchRefusesLongWaits: a latency a learner would not sit
// through is refused in one line.
func TestRealSearchRefusesLongWaits(t *testing.T) {
	v := realtest.Values(t, Lab(), map[string]string{"replicas": "A=30ms,B=1h", "fail": "none"})
	rv := realtest.Variant(t, Lab(), "first-leaky")
	if err := rv.RealVariant.Check(v); err == nil || err.Error() != "replica B: latency 1h0m0s is too long for a real run (allowed: up to 10s)" {
		t.Errorf("Check(B=1h) = %v, want the one line that refuses it", err)
	}
}
