package checker

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

// expectedTotals computes, from the drawn latencies alone, what each
// variant must take: the sum, the slowest of `workers` contiguous chunks,
// workers each taking the next site when free, and the slowest site (plus,
// for the racy tally, the time its last update takes).
func expectedTotals(v labs.Values) map[string]time.Duration {
	var ds []time.Duration
	for _, s := range Sites(v) {
		ds = append(ds, s.Delay)
	}
	n := v.Int("workers")
	var total, chunk time.Duration
	free := make([]time.Duration, n)
	for _, d := range ds {
		total += d
		i := slices.Index(free, slices.Min(free))
		free[i] += d
	}
	for w := range n {
		var c time.Duration
		for _, d := range ds[w*len(ds)/n : (w+1)*len(ds)/n] {
			c += d
		}
		chunk = max(chunk, c)
	}
	return map[string]time.Duration{"sequential": total, "chunks": chunk, "pool": slices.Max(free),
		"goroutines": slices.Max(ds), "racy-tally": slices.Max(ds) + v.Duration("update")}
}

// tallyOf writes a tally as the walkthrough does: {"200": 31}.
func tallyOf(r labs.Result) string {
	tally := r.Facts["tally"].(map[string]int)
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(tally)) {
		parts = append(parts, fmt.Sprintf("%q: %d", k, tally[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// racyLine is the line of real.go where CheckRacy updates the shared map:
// the line the race detector's report names.
func racyLine(t *testing.T) int {
	t.Helper()
	src, err := os.ReadFile("real.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "func CheckRacy(") })
	for i := start; start >= 0 && i < len(lines); i++ {
		if strings.Contains(lines[i], "tally[code]++") {
			return i + 1
		}
	}
	t.Fatal("real.go: no tally[code]++ in CheckRacy")
	return 0
}

// TestWalkthroughClaims ties every number of the walkthrough and of the
// lab's summary to a run; each run's total is first checked against the
// totals computed from the drawn latencies alone. The talk's figures are
// quoted from it (LABS.md), not computed.
func TestWalkthroughClaims(t *testing.T) {
	lab := Lab()
	runOf := func(variant string, sets map[string]string) labs.Result {
		t.Helper()
		v := labtest.Resolve(t, lab, sets)
		res := labtest.RunValues(t, lab, variant, v)
		if want := expectedTotals(v)[variant]; res.Trace.Total != want {
			t.Fatalf("%s %v: total %v, want %v from the drawn latencies", variant, sets, res.Trace.Total, want)
		}
		return res
	}
	secs := func(r labs.Result) string { return trace.Seconds(r.Trace.Total) }
	v := labtest.Resolve(t, lab, nil)
	eight := map[string]string{"workers": "8"}
	seq := runOf("sequential", nil)
	chunks := runOf("chunks", nil)
	pool := runOf("pool", nil)
	all := runOf("goroutines", nil)
	racy := runOf("racy-tally", nil)
	chunks8, pool8 := runOf("chunks", eight), runOf("pool", eight)
	perChunk := map[string]int{}
	for _, l := range chunks.Trace.Output {
		perChunk[l.Task]++
	}
	site := func(i int) string { return strings.Fields(seq.Trace.Output[i].Text)[0] }
	third := fmt.Sprintf("%.1f", seq.Trace.Total.Seconds()/float64(v.Int("workers")))

	at := map[string]string{}
	for _, s := range Sites(v) {
		at[s.Name] = trace.Seconds(s.Delay)
	}
	over := overwrites(t, racy)
	lostWith := func(sets map[string]string) int {
		return len(runOf("racy-tally", sets).Facts["lost"].([]string))
	}
	if n, m := lostWith(map[string]string{"update": "0s"}), lostWith(map[string]string{"cores": "1"}); n != 0 || m != 0 {
		t.Errorf("updates lost with update=0s: %d, with cores=1: %d; the walkthrough says none", n, m)
	}
	claim := labtest.Says
	labtest.Claims(t, walkthrough, []labtest.Claim{
		claim("When all is well the tally is {}.", tallyOf(seq)),
		claim("Each site takes between {} s and {} s to answer", v.Duration("min_latency").Seconds(), v.Duration("max_latency").Seconds()),
		claim("sequential asks {}, waits for its answer, then asks {}.", site(0), site(1)),
		claim("With the default seed the total is {} s: the sum of {} latencies.", secs(seq), len(seq.Trace.Output)),
		claim("({}, {} and {} sites for {} workers)", perChunk["chunk 1"], perChunk["chunk 2"], perChunk["chunk 3"], len(perChunk)),
		claim("is it a third of {} s? It is {} s", secs(seq), secs(chunks)),
		claim("With 3 workers the pool takes {} s", secs(pool)),
		claim("Chunks take {} s, the pool {} s.", secs(chunks8), secs(pool8)),
		claim("goroutines starts all {} checks at once and waits for them all. The total is the slowest site: {} s.", len(all.Trace.Output), secs(all)),
		claim("runs on cores = {} workers", v.Int("cores")),
		claim("{} at {} s and {} at {} s.", over[0].lost, at[over[0].lost], over[0].writer, at[over[0].writer]),
		claim("{} reads the count, {}, while {} is still adding one to the {} it read; both write {}, and {}'s update is gone.",
			over[0].writer, over[0].value-1, over[0].lost, over[0].value-1, over[0].value, over[0].lost),
		claim("{} and {} do the same at {} s and {} s.", over[1].lost, over[1].writer, at[over[1].lost], at[over[1].writer]),
		claim("The tally is {}: the lane says {}, and gives the run no speedup", tallyOf(racy), racy.Incomplete),
		claim("dropped another's update: {}.", over[0].line),
		claim("is {} ms here; in real Go it is a few nanoseconds", v.Duration("update").Milliseconds()),
		claim("--set update=50ms: {} of the {} updates are.", lostWith(map[string]string{"update": "50ms"}), len(seq.Trace.Output)),
		claim("only once it has run {} ms, Go's time slice", sched.New(sched.Config{Model: sched.GoRuntime}).Config().Quantum.Milliseconds()),
		claim("labs/checker/real.go:{}", racyLine(t)),
		claim("| one after another | 35.1 s | {} s |", secs(seq)),
		claim("| {} workers, fixed chunks | 9.6 s | {} s |", v.Int("workers"), secs(chunks)),
		claim("| a pool of workers | 5.7 s (threads) | {} s with {}, {} s with {} |", secs(pool), v.Int("workers"), secs(pool8), len(pool8.Trace.Tasks)-1),
		claim("| all at once | 2.8 s (event loop) | {} s (goroutines) |", secs(all)),
		claim("({} s here)", third),
	},
		"checks that 31 websites are up", "With 3 workers?", // the parameters
		"Try 8:", "--set workers=8", "With 3 workers the pool", "A pool of 8",
		"Set sites to 100000",
		"--set update=0s", "--set update=50ms", "--set cores=1", // the parameter's maximum (too slow to run in a test: 7 s, 26 s under -race)
		// The talk's own measurements, quoted from it.
		"on 31 real sites: 35.1 s one after another, 9.6 s with 3 processes, 5.7 s with threads and 2.8 s with an event loop",
		"| 35.1 s |", "| 9.6 s |", "| 5.7 s (threads) |", "| 2.8 s (event loop) |", "its 9.6 s means", "its 5.7 s",
	)
	labtest.Claims(t, lab.Summary, []labtest.Claim{claim("Check {} sites", len(seq.Trace.Output))})
}

// overwrite is a write of the racy tally that dropped another goroutine's
// update, as the output marks it: "site-26: tally[200] = 3, over site-10's update".
type overwrite struct {
	line, writer, lost string
	value              int
}

// overwrites reads the marked writes off a racy run's output, in order.
func overwrites(t *testing.T, r labs.Result) []overwrite {
	t.Helper()
	var out []overwrite
	for _, l := range r.Trace.Output {
		var o overwrite
		if _, err := fmt.Sscanf(l.Text, "%s tally[200] = %d, over %s update", &o.writer, &o.value, &o.lost); err != nil {
			continue
		}
		o.line, o.writer, o.lost = l.Text, strings.TrimSuffix(o.writer, ":"), strings.TrimSuffix(o.lost, "'s")
		out = append(out, o)
	}
	if len(out) < 2 {
		t.Fatalf("racy-tally marked %d overwrites, the walkthrough tells of 2: %v", len(out), r.Trace.Output)
	}
	return out
}
