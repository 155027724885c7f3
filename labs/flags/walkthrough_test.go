package flags

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

// smallWords spells the counts the walkthrough writes in words.
var smallWords = map[int]string{4: "four", 5: "five", 20: "Twenty"}

// started groups the flags by the time each one's download began (its first
// blocking call): the waves, in order, each listing its flags in the order
// they started.
func started(tr *trace.Trace) [][]string {
	first := map[string]time.Duration{}
	var order []string
	for _, ev := range tr.Events.All() {
		if _, seen := first[ev.Task]; ev.Kind == trace.EventBlock && !seen {
			first[ev.Task] = ev.At
			order = append(order, ev.Task)
		}
	}
	var waves [][]string
	var at time.Duration = -1
	for _, task := range order {
		if first[task] != at {
			waves = append(waves, nil)
			at = first[task]
		}
		waves[len(waves)-1] = append(waves[len(waves)-1], task)
	}
	return waves
}

// sizes lists the waves' sizes joined by "+" ("3+3+2").
func sizes(waves [][]string) string {
	var s []string
	for _, w := range waves {
		s = append(s, fmt.Sprint(len(w)))
	}
	return strings.Join(s, "+")
}

// tallyText writes a tally as the walkthrough does: {"200": 12, "418": 2}.
func tallyText(tally map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(tally)) {
		parts = append(parts, fmt.Sprintf("%q: %d", k, tally[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// drawnTotals computes, from the server's drawn answers alone, what each
// variant must take: the sum of the times on the wire, the longest, and
// limit slots each taking the next flag when it frees up.
func drawnTotals(v labs.Values) (seq, all, limited time.Duration) {
	timeout := v.Duration("timeout")
	slots := make([]time.Duration, v.Int("limit"))
	for _, it := range Flags(v) {
		d := it.Delay
		if timeout > 0 {
			d = min(d, timeout)
		}
		seq += d
		all = max(all, d)
		i := slices.Index(slots, slices.Min(slots))
		slots[i] += d
	}
	return seq, all, slices.Max(slots)
}

// TestWalkthroughClaims ties every number of the walkthrough and of the
// lab's summaries to a run; each run's total is first checked against the
// totals computed from the drawn server alone.
func TestWalkthroughClaims(t *testing.T) {
	lab := Lab()
	runOf := func(variant string, sets map[string]string) labs.Result {
		t.Helper()
		v := labtest.Resolve(t, lab, sets)
		res := labtest.RunValues(t, lab, variant, v)
		seq, all, lim := drawnTotals(v)
		if want, ok := map[string]time.Duration{"sequential": seq, "loop-blocking": seq, "goroutines": all, "limited": lim}[variant]; ok && res.Trace.Total != want {
			t.Fatalf("%s %v: total %v, want %v from the drawn delays", variant, sets, res.Trace.Total, want)
		}
		return res
	}
	secs := func(r labs.Result) string { return trace.Seconds(r.Trace.Total) }
	tenths := func(r labs.Result) string { return fmt.Sprintf("%.1f", r.Trace.Total.Seconds()) }

	v := labtest.Resolve(t, lab, nil)
	count, delay := v.Int("count"), v.Duration("delay")
	seq := runOf("sequential", nil)
	all := runOf("goroutines", nil)
	limited := runOf("limited", nil)
	three := runOf("limited", map[string]string{"limit": "3"})
	loop := runOf("loop-blocking", nil)
	eg := runOf("errgroup", nil)
	wavesOf5 := started(limited.Trace)
	wavesOf3 := started(three.Trace)
	limitRE := regexp.MustCompile(`\(limit (\S+)\)`)
	var held time.Duration
	var limit time.Duration
	for _, w := range loop.Trace.Warnings {
		held = max(held, w.Held)
		if m := limitRE.FindStringSubmatch(w.Text); m != nil {
			limit, _ = time.ParseDuration(m[1])
		}
	}
	if len(loop.Trace.Warnings) != count || limit == 0 {
		t.Errorf("loop-blocking: %d warnings with limit %v, want one per flag (%d) with a limit", len(loop.Trace.Warnings), limit, count)
	}

	slow := map[string]string{"jitter": "4.5s", "error_rate": "0.1", "timeout": "3s"}
	sv := labtest.Resolve(t, lab, slow)
	slowSeq := runOf("sequential", slow)
	slowEg := runOf("errgroup", slow)
	failed, status, _ := strings.Cut(slowEg.Facts["error"].(string), ": ")

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	labtest.Claims(t, walkthrough, []labtest.Claim{
		claim("the flags of the {} most populous countries", len(Populous)),
		claim("{} waits of {} s in a row: {} s.", smallWords[count], delay.Seconds(), secs(seq)),
		claim("main spends all of those {} seconds waiting on io", secs(seq)),
		claim("so all {} requests are on the wire at the same moment. Total: {} s", len(started(all.Trace)[0]), secs(all)),
		claim("Change count to 200 or 2000 and rerun: still {} s.", secs(runOf("goroutines", map[string]string{"count": "200"}))),
		claim("rerun: still {} s", secs(runOf("goroutines", map[string]string{"count": "2000"}))),
		claim("With a limit of 5 the flags go in {} waves of {} s: {} s.", smallWords[len(wavesOf5)], delay.Seconds(), tenths(limited)),
		claim("With 3 slots, 20 flags need {} waves ({}): {} s.", len(wavesOf3), sizes(wavesOf3), secs(three)),
		claim("so they get their slots in flag order: {}, {}, {}, {} and {} first, then {} to {}, and so on.",
			wavesOf5[0][0], wavesOf5[0][1], wavesOf5[0][2], wavesOf5[0][3], wavesOf5[0][4], wavesOf5[1][0], wavesOf5[1][len(wavesOf5[1])-1]),
		claim("It is {} s again: the {} tasks exist", secs(loop), len(loop.Trace.Tasks)-1),
		claim("reports each of these {} s calls", held.Seconds()),
		claim("slow_callback_duration, {} s, or longer", limit.Seconds()),
		claim("(so {} s to {} s)", sv.Duration("delay").Seconds(), (sv.Duration("delay") + sv.Duration("jitter")).Seconds()),
		claim("with seed 1 it is {}. Sequential takes {} s, goroutines {} s (no download can take longer than the timeout) and limited {} s.",
			tallyText(slowSeq.Facts["tally"].(map[string]int)), secs(slowSeq), secs(runOf("goroutines", slow)), secs(runOf("limited", slow))),
		claim("With seed 1 the first failure is {}'s {}, at {} s, and the cancelled fact lists the {} flags", failed, status, secs(slowEg), len(slowEg.Facts["cancelled"].([]string))),
		claim("Without errors, errgroup behaves like limited: {} s with the default parameters.", tenths(eg)),
	},
		"1. How long do 20 downloads take", "2. How long if all 20 are asked", "3. How long if at most 5 may be", // the parameters
		"each answer takes half a second", "--set count=2000", "--set limit=3",
		"Predict the total for a limit of 3", "about 2 s in all",
		"up to 4.5 s per flag", "a 418 I'm a teapot", "give up on any download slower than 3 s",
		"--set jitter=4.5s --set error_rate=0.1 --set timeout=3s",
		"Change count to 200 or 2000", "With a limit of 5", "With 3 slots, 20 flags", "with seed 1", "With seed 1",
	)
	if eg.Trace.Total != limited.Trace.Total {
		t.Errorf("errgroup without errors takes %v, limited %v; the walkthrough says they behave alike", eg.Trace.Total, limited.Trace.Total)
	}
	if !slices.Equal(slices.Concat(wavesOf5...), Populous) {
		t.Errorf("limited: flags start in the order %v, want flag order %v", slices.Concat(wavesOf5...), Populous)
	}

	labtest.Claims(t, lab.Summary, []labtest.Claim{
		claim("{} flags from a slow server: {} s one after another, {} s all at once, {} s {} at a time",
			count, secs(seq), secs(all), secs(limited), smallWords[v.Int("limit")]),
	})
	goroutines, _ := lab.Variant("goroutines")
	// The summary holds for any count (a prediction's feedback says it
	// after the teacher set count=10): every flag starts at once.
	if !strings.Contains(goroutines.Summary, "all count in flight at once") {
		t.Errorf("the goroutines summary %q does not say all count flags are in flight at once", goroutines.Summary)
	}
	if got := len(started(all.Trace)[0]); got != count {
		t.Errorf("goroutines: %d flags start at once, want all %d", got, count)
	}
}
