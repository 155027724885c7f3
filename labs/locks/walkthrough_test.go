package locks

import (
	"fmt"
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

// millis is a duration in whole milliseconds, as the walkthrough writes it.
func millis(d time.Duration) int { return int(d / ms) }

// holders lists the goroutines in the order they ran their increments (one
// entry per running stretch of a g task), read off the trace.
func holders(tr *trace.Trace) []string {
	type run struct {
		at   time.Duration
		name string
	}
	var runs []run
	for _, task := range tr.Tasks {
		if !strings.HasPrefix(task.Name, "g") {
			continue
		}
		for _, sp := range task.Spans {
			if sp.State == trace.Running {
				runs = append(runs, run{sp.Start, task.Name})
			}
		}
	}
	slices.SortStableFunc(runs, func(a, b run) int { return int(a.at - b.at) })
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.name
	}
	return names
}

// doneAt is when task returned in tr.
func doneAt(t *testing.T, tr *trace.Trace, task string) time.Duration {
	t.Helper()
	spans := tr.Task(task).Spans
	return spans[len(spans)-1].End
}

// printedAt is when task first printed a line starting with prefix.
func printedAt(t *testing.T, tr *trace.Trace, task, prefix string) time.Duration {
	t.Helper()
	for _, l := range tr.Output {
		if l.Task == task && strings.HasPrefix(l.Text, prefix) {
			return l.At
		}
	}
	t.Fatalf("%s printed no %q line", task, prefix)
	return 0
}

// eaters lists the philosophers in the order they began to eat.
func eaters(tr *trace.Trace) []string {
	var out []string
	for _, l := range tr.Output {
		if strings.HasSuffix(l.Text, ", eats") {
			out = append(out, l.Task)
		}
	}
	return out
}

// cycleOf reads the cycle back from a deadlocked run's Incomplete
// ("deadlock: t1 holds A, waits for B; t2 holds B, waits for A").
func cycleOf(t *testing.T, incomplete string) []sched.LockWait {
	t.Helper()
	rest, ok := strings.CutPrefix(incomplete, "deadlock: ")
	if !ok {
		t.Fatalf("%q does not say deadlock", incomplete)
	}
	var out []sched.LockWait
	for _, part := range strings.Split(rest, "; ") {
		task, rest, ok1 := strings.Cut(part, " holds ")
		holds, waits, ok2 := strings.Cut(rest, ", waits for ")
		if !ok1 || !ok2 {
			t.Fatalf("%q is not a cycle", incomplete)
		}
		out = append(out, sched.LockWait{Task: task, Holds: holds, WaitsFor: waits})
	}
	return out
}

// TestWalkthroughNumbers ties every number of the walkthrough (and of the
// lab's summary) to a run, each run checked against the derivations first.
func TestWalkthroughNumbers(t *testing.T) {
	v := labtest.Resolve(t, Lab(), nil)
	s := setup{v.Int("workers"), v.Int("increments"), v.Int("cores"), v.Duration("read"), v.Duration("write")}
	counter := func(variant string, mod func(*setup)) labs.Result {
		c := s
		if mod != nil {
			mod(&c)
		}
		return checkCounter(t, variant, c)
	}
	racy := counter("racy", nil)
	racy2 := counter("racy", func(c *setup) { c.cores = 2 })
	racy1 := counter("racy", func(c *setup) { c.cores = 1 })
	racySlow := counter("racy", func(c *setup) { c.cores = 1; c.write = 20 * ms })
	mutex := counter("mutex", nil)
	token := counter("channel-token", nil)
	atomic := counter("atomic", nil)
	transfers := run(t, "transfers", nil)
	ordered := run(t, "ordered", nil)
	philosophers := run(t, "philosophers", nil)
	dinner := run(t, "philosophers-ordered", nil)

	n := s.workers * s.increments
	first := holders(mutex.Trace)[:5]
	if !slices.Equal(holders(token.Trace), holders(mutex.Trace)) {
		t.Errorf("channel-token's turns %v differ from mutex's %v", holders(token.Trace), holders(mutex.Trace))
	}
	// atomic: g1 adds all its increments before g2 adds one.
	g1Done := doneAt(t, atomic.Trace, "g1")
	if g1Done != time.Duration(s.increments)*(s.read+s.write) {
		t.Errorf("atomic: g1 done at %v, want after its %d adds alone", g1Done, s.increments)
	}
	// The philosophers: who eats when.
	order := eaters(dinner.Trace)
	p1PutsDown := doneAt(t, dinner.Trace, "p1")
	pause, eat := v.Duration("pause"), v.Duration("eat")
	if dinner.Trace.Total != 2*pause+time.Duration(v.Int("philosophers"))*eat {
		t.Errorf("philosophers-ordered took %v, want 2 pauses and %d meals", dinner.Trace.Total, v.Int("philosophers"))
	}
	ring := cycleOf(t, philosophers.Incomplete)
	last := v.Int("philosophers") // the last fork's number
	words := map[int]string{2: "two", 3: "three", 4: "four", 5: "five", 10: "ten"}
	balances := ordered.Facts["balances"].(map[string]int)
	untouched := transfers.Facts["balances"].(map[string]int)

	claims := []labtest.Claim{
		labtest.Says("{} goroutines (`workers`) share one counter, and each adds one to it {} times", strings.ToUpper(words[s.workers][:1])+words[s.workers][1:], words[s.increments]),
		labtest.Says("the goroutines on {} cores (`cores`)", words[s.cores]),
		labtest.Says("The counter ends at {}, not {}: {} updates are lost, in {} ms. The {} goroutines run on {} cores at once",
			racy.Facts["final"], n, racy.Facts["lost"], millis(racy.Trace.Total), words[s.workers], words[s.cores]),
		labtest.Says("all {} read 0, all {} write back 1; all {} read 1, all {} write back 2. Each round of {} increments counts once. The lane says `lost {} of {} updates`",
			words[s.workers], words[s.workers], words[s.workers], words[s.workers], words[s.workers], racy.Facts["lost"], n),
		labtest.Says("Two cores: the counter ends at {}, as two goroutines at a time run in step. One core: {}, nothing lost, in {} ms.",
			racy2.Facts["final"], racy1.Facts["final"], millis(racy1.Trace.Total)),
		labtest.Says("One core, and the counter ends at {} again: every write is cut after {} ms", racySlow.Facts["final"], millis(quantum)),
		labtest.Says("{}, in {} ms = {} x {} x ({} ms + {} ms)", mutex.Facts["final"], millis(mutex.Trace.Total), s.workers, s.increments, millis(s.read), millis(s.write)),
		labtest.Says("while the {} others wait", words[s.workers-1]),
		labtest.Says("The first holders are {}, {}, {}, {}, {}.", first[0], first[1], first[2], first[3], first[4]),
		labtest.Says("The same {} in the same {} ms", token.Facts["final"], millis(token.Trace.Total)),
		labtest.Says("{} again, and {} ms again.", atomic.Facts["final"], millis(atomic.Trace.Total)),
		labtest.Says("Here g1 makes its {} adds first", words[s.increments]),
		labtest.Says("A and B, hold {} each", untouched["A"]),
		labtest.Says("The run stops at {} ms, with no transfer done", millis(transfers.Trace.Total)),
		labtest.Says("    {}", transfers.Incomplete),
		labtest.Says("Both transfers are done in {} ms, and A = {}, B = {}.", millis(ordered.Trace.Total), balances["A"], balances["B"]),
		labtest.Says("A ring of {}: {} holds {} and waits for {}, which {} holds, and so on round the table to {}, who holds {} and waits for {}.",
			words[len(ring)], ring[0].Task, ring[0].Holds, ring[0].WaitsFor, ring[1].Task, ring[len(ring)-1].Task, ring[len(ring)-1].Holds, ring[len(ring)-1].WaitsFor),
		labtest.Says("All {} eat, in {} ms. p5 waits for fork {} with empty hands, so fork {} is free: {} takes it and eats first, at {} ms. When p4 puts down fork {}, {} eats, then {}, then {}. p1 puts down fork {} at {} ms; {} takes it",
			words[dinner.Facts["ate"].(int)], millis(dinner.Trace.Total), 1, last, order[0], millis(printedAt(t, dinner.Trace, order[0], fmt.Sprintf("took fork %d, eats", last))),
			last-1, order[1], order[2], order[3], 1, millis(p1PutsDown), order[4]),
		labtest.Says("takes it, pauses, takes fork {} and eats until {} ms: {} pauses and {} meals of {} ms",
			v.Int("philosophers"), millis(dinner.Trace.Total), 2, v.Int("philosophers"), millis(eat)),
	}
	if got := philosophers.Incomplete; got != "deadlock: "+ringOf(5) {
		t.Errorf("philosophers = %q, want the ring the walkthrough describes", got)
	}
	if untouched["B"] != untouched["A"] {
		t.Errorf("transfers left %v, want both accounts as they started", untouched)
	}
	labtest.Claims(t, walkthrough, claims,
		"here the read takes 1 ms (`read`) and the write 1 ms (`write`)", // the parameters' defaults
		"t1 pays 30 from A to B while t2 pays 20 from B to A",            // the program's amounts
		"--set cores=2", "--set cores=1", "--set write=20ms",
		"has run for 10 ms (`forcePreemptNS`", "cuts a step longer than 10 ms", "has run for 10 ms in all", // Go's and the scheduler's time slice
		"longer than 1 ms switches it", // Go's starvation threshold
		"all four read 0, all four write back 1; all four read 1, all four write back 2",
		"counter.Add(1)", "whose right fork is fork 1: p5 reaches for fork 1 first", // code; the table's first fork
	)
	labtest.Claims(t, Lab().Summary, []labtest.Claim{
		labtest.Says("{} increments lose {} without one and take {} ms with one", n, racy.Facts["lost"], millis(mutex.Trace.Total)),
	})
}

// TestDocsNumbers ties the numbers of this lab's section of docs/LABS.md
// (from its heading to the next one) to runs.
func TestDocsNumbers(t *testing.T) {
	doc, err := os.ReadFile("../../docs/LABS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## locks")
	if !ok {
		t.Fatal("docs/LABS.md has no section ## locks")
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	v := labtest.Resolve(t, Lab(), nil)
	s := setup{v.Int("workers"), v.Int("increments"), v.Int("cores"), v.Duration("read"), v.Duration("write")}
	racy := checkCounter(t, "racy", s)
	two, one := s, s
	two.cores, one.cores = 2, 1
	slow := one
	slow.write = 20 * ms
	racy2, racy1, racySlow := checkCounter(t, "racy", two), checkCounter(t, "racy", one), checkCounter(t, "racy", slow)
	mutex, token, atomic := checkCounter(t, "mutex", s), checkCounter(t, "channel-token", s), checkCounter(t, "atomic", s)
	if token.Trace.Total != mutex.Trace.Total || token.Facts["final"] != mutex.Facts["final"] {
		t.Errorf("channel-token = %v in %v, mutex %v in %v: the docs say they agree", token.Facts["final"], token.Trace.Total, mutex.Facts["final"], mutex.Trace.Total)
	}
	transfers, ordered := run(t, "transfers", nil), run(t, "ordered", nil)
	philosophers, dinner := run(t, "philosophers", nil), run(t, "philosophers-ordered", nil)
	balances := ordered.Facts["balances"].(map[string]int)
	n := s.workers * s.increments
	labtest.Claims(t, section, []labtest.Claim{
		labtest.Says("the counter ends at {}, {} of {} updates lost, in {} ms", racy.Facts["final"], racy.Facts["lost"], n, millis(racy.Trace.Total)),
		labtest.Says("On two cores it ends at {}; on one core at {}, unless a step is longer than Go's {} ms time slice: with `write` = {} it ends at {} on one core too.",
			racy2.Facts["final"], racy1.Facts["final"], millis(quantum), slow.write, racySlow.Facts["final"]),
		labtest.Says("{}, one increment at a time, {} ms = {} x {} x ({} ms + {} ms).", mutex.Facts["final"], millis(mutex.Trace.Total), s.workers, s.increments, millis(s.read), millis(s.write)),
		labtest.Says("{} with no lock, and {} ms too", atomic.Facts["final"], millis(atomic.Trace.Total)),
		labtest.Says("deadlock at {} ms, said as the cycle `{}`.", millis(transfers.Trace.Total), strings.TrimPrefix(transfers.Incomplete, "deadlock: ")),
		labtest.Says("both done in {} ms, A = {}, B = {}.", millis(ordered.Trace.Total), balances["A"], balances["B"]),
		labtest.Says("`philosophers` ({}, left fork first): deadlock at {} ms", len(cycleOf(t, philosophers.Incomplete)), millis(philosophers.Trace.Total)),
		labtest.Says("in {} x `pause` + {} x `eat` = {} ms.", 2, dinner.Facts["ate"], millis(dinner.Trace.Total)),
	}, "(`read`, 1 ms) and a write (`write`, 1 ms)", "(`pause`, 1 ms)")
}
