package locks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const ms = time.Millisecond

// quantum is the Go runtime's time slice in the scheduler's GoRuntime
// model (a piece of CPU work longer than this can be preempted).
const quantum = 10 * ms

// setup is a counter run's parameters as numbers.
type setup struct {
	workers, increments, cores int
	read, write                time.Duration
}

func (s setup) sets() map[string]string {
	return map[string]string{"workers": fmt.Sprint(s.workers), "increments": fmt.Sprint(s.increments),
		"cores": fmt.Sprint(s.cores), "read": s.read.String(), "write": s.write.String()}
}

// serial is the total of n increments one after another:
// workers x increments x (read + write).
func (s setup) serial() time.Duration {
	return time.Duration(s.workers*s.increments) * (s.read + s.write)
}

// preempted says whether the Go runtime can take a core from a goroutine in
// the middle of a step: a step longer than the time slice while goroutines
// wait for a core.
func (s setup) preempted(step time.Duration) bool {
	return step > quantum && s.cores < s.workers
}

// racyClosedForm is what the racy counter comes to when no goroutine is
// preempted in the middle of a step, worked out from the rules alone: the
// first `cores` goroutines run side by side from 0, in step, each reading
// the same value and writing back the same value plus one, so each round of
// increments counts once; when they end (together) the next `cores` start.
// With a zero write there is no time between a read and its write: nothing
// is lost.
func racyClosedForm(s setup) (final int, total time.Duration) {
	batches := (s.workers + s.cores - 1) / s.cores
	total = time.Duration(batches*s.increments) * (s.read + s.write)
	if s.write == 0 {
		return s.workers * s.increments, total
	}
	return batches * s.increments, total
}

// replay counts what the counter holds from the schedule alone: each
// goroutine's Increment is its CPU work, a read then a write (a zero one
// makes no event), the read getting the counter's value when it ends and
// the write storing that value plus one when it ends; the events are in the
// order things happened. It never looks at the program's counter.
func replay(tr *trace.Trace, s setup) int {
	if s.read == 0 && s.write == 0 {
		return s.workers * s.increments // no step takes time: each increment runs alone at its instant
	}
	count := 0
	steps := map[string]int{}  // per goroutine: compute or resume events seen
	values := map[string]int{} // per goroutine: what its last read got
	for _, ev := range tr.Events.All() {
		if !strings.HasPrefix(ev.Task, "g") || (ev.Kind != trace.EventCompute && ev.Kind != trace.EventResume) {
			continue
		}
		i := steps[ev.Task]
		steps[ev.Task]++
		switch {
		case s.read > 0 && s.write > 0: // compute, resume (read got it), compute, resume (write stored)
			switch i % 4 {
			case 1:
				values[ev.Task] = count
			case 3:
				count = values[ev.Task] + 1
			}
		case s.read == 0: // the read takes no time: it gets the value as the write starts
			if i%2 == 0 {
				values[ev.Task] = count
			} else {
				count = values[ev.Task] + 1
			}
		default: // the write takes no time: it stores as the read ends
			if i%2 == 1 {
				count++
			}
		}
	}
	return count
}

// run runs a variant and returns its result.
func run(t *testing.T, variant string, sets map[string]string) labs.Result {
	t.Helper()
	return labtest.Run(t, Lab(), variant, sets)
}

// checkCounter runs a counter variant on s and checks it against the
// derivations: the replayed schedule, the closed forms.
func checkCounter(t *testing.T, variant string, s setup) labs.Result {
	t.Helper()
	res := run(t, variant, s.sets())
	n := s.workers * s.increments
	final, lost := res.Facts["final"].(int), res.Facts["lost"].(int)
	if final+lost != n {
		t.Errorf("%s(%+v): final %d + lost %d, want %d", variant, s, final, lost, n)
	}
	wantIncomplete := ""
	if lost > 0 {
		wantIncomplete = fmt.Sprintf("lost %d of %d updates", lost, n)
	}
	if res.Incomplete != wantIncomplete {
		t.Errorf("%s(%+v) Incomplete = %q, want %q", variant, s, res.Incomplete, wantIncomplete)
	}
	if variant != "atomic" {
		if got := replay(res.Trace, s); got != final {
			t.Errorf("%s(%+v): the schedule replayed counts %d, the counter %d", variant, s, got, final)
		}
	}
	switch variant {
	case "racy":
		if !s.preempted(max(s.read, s.write)) {
			wantFinal, wantTotal := racyClosedForm(s)
			if final != wantFinal || res.Trace.Total != wantTotal {
				t.Errorf("racy(%+v) = final %d in %v, want %d in %v (the closed form)", s, final, res.Trace.Total, wantFinal, wantTotal)
			}
		}
	default:
		if final != n {
			t.Errorf("%s(%+v) final = %d, want %d: no update may be lost", variant, s, final, n)
		}
		if variant == "atomic" && s.preempted(s.read+s.write) {
			break // a preempted add does not hold its core: the model's turns come apart
		}
		if res.Trace.Total != s.serial() {
			t.Errorf("%s(%+v) total = %v, want %v = workers x increments x (read + write)", variant, s, res.Trace.Total, s.serial())
		}
	}
	return res
}

// TestDefaults: every default number, exactly, each against a derivation
// that does not use the run.
func TestDefaults(t *testing.T) {
	v := labtest.Resolve(t, Lab(), nil)
	s := setup{v.Int("workers"), v.Int("increments"), v.Int("cores"), v.Duration("read"), v.Duration("write")}
	if s != (setup{4, 10, 4, ms, ms}) {
		t.Fatalf("defaults = %+v; the tests below state them", s)
	}
	tests := []struct {
		variant     string
		final, lost int
		total       time.Duration
	}{
		{"racy", 10, 30, 20 * ms}, // four cores in step: each round of four increments counts once
		{"mutex", 40, 0, 80 * ms}, // 4 x 10 x (1 ms + 1 ms), one at a time
		{"channel-token", 40, 0, 80 * ms},
		{"atomic", 40, 0, 80 * ms}, // the cores take turns on the counter's cache line
	}
	for _, tt := range tests {
		res := checkCounter(t, tt.variant, s)
		if res.Facts["final"] != tt.final || res.Facts["lost"] != tt.lost || res.Trace.Total != tt.total {
			t.Errorf("%s = final %v lost %v in %v, want %d, %d in %v", tt.variant, res.Facts["final"], res.Facts["lost"], res.Trace.Total, tt.final, tt.lost, tt.total)
		}
	}
	if got := run(t, "mutex", nil).Trace.Total; got != 4*10*(ms+ms) {
		t.Errorf("mutex total = %v, want workers x increments x (read + write) = 80ms", got)
	}

	tr := run(t, "transfers", nil)
	if tr.Incomplete != "deadlock: t1 holds A, waits for B; t2 holds B, waits for A" || tr.Trace.Total != ms || tr.Facts["moved"] != 0 {
		t.Errorf("transfers = %q at %v, moved %v; want the cycle at 1ms, nothing moved", tr.Incomplete, tr.Trace.Total, tr.Facts["moved"])
	}
	ord := run(t, "ordered", nil)
	if !ord.Complete() || ord.Trace.Total != 2*ms || fmt.Sprint(ord.Facts["balances"]) != "map[A:90 B:110]" || ord.Facts["moved"] != 2 {
		t.Errorf("ordered = %q in %v, %v, moved %v; want both transfers in 2ms, A 90, B 110", ord.Incomplete, ord.Trace.Total, ord.Facts["balances"], ord.Facts["moved"])
	}
	ph := run(t, "philosophers", nil)
	if ph.Incomplete != "deadlock: "+ringOf(5) || ph.Trace.Total != ms || ph.Facts["ate"] != 0 {
		t.Errorf("philosophers = %q at %v, ate %v; want the ring of 5 at 1ms, no one ate", ph.Incomplete, ph.Trace.Total, ph.Facts["ate"])
	}
	po := run(t, "philosophers-ordered", nil)
	if !po.Complete() || po.Trace.Total != 7*ms || po.Facts["ate"] != 5 {
		t.Errorf("philosophers-ordered = %q in %v, ate %v; want all 5 in 7ms", po.Incomplete, po.Trace.Total, po.Facts["ate"])
	}
}

// ringOf is the cycle of n naive philosophers, as the rule says: each holds
// the fork on the left (its own number) and waits for the one on the right.
func ringOf(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("p%d holds fork %d, waits for fork %d", i+1, i+1, (i+1)%n+1)
	}
	return strings.Join(parts, "; ")
}

// TestCounterGrid runs every counter variant over a grid of parameters and
// checks each against the derivations.
func TestCounterGrid(t *testing.T) {
	checked := map[string]int{}
	for _, workers := range []int{1, 2, 4, 7} {
		for _, increments := range []int{1, 3, 10} {
			for _, cores := range []int{1, 2, 4, 8} {
				for _, rw := range [][2]time.Duration{{ms, ms}, {0, 2 * ms}, {3 * ms, 0}, {0, 0}, {20 * ms, ms}, {ms, 15 * ms}} {
					s := setup{workers, increments, cores, rw[0], rw[1]}
					for _, variant := range []string{"racy", "mutex", "channel-token", "atomic"} {
						res := checkCounter(t, variant, s)
						if variant == "racy" && res.Facts["lost"].(int) > 0 {
							checked["racy lost some"]++
						}
						if variant == "racy" && s.preempted(max(s.read, s.write)) && res.Facts["lost"].(int) > 0 {
							checked["racy preempted lost some"]++
						}
					}
				}
			}
		}
	}
	if checked["racy lost some"] < 50 || checked["racy preempted lost some"] < 3 {
		t.Errorf("the grid exercised too few losses: %v", checked)
	}
}

// TestRacyNeedsParallelismOrPreemption: on one core, with steps too short
// to be preempted, the goroutines take turns and nothing is lost; a write
// longer than the time slice lets the runtime switch goroutines between a
// read and the end of its write, and updates are lost on one core too (a
// long read does not: the read's value is the one the counter has when the
// read ends).
func TestRacyNeedsParallelismOrPreemption(t *testing.T) {
	one := checkCounter(t, "racy", setup{4, 10, 1, ms, ms})
	if one.Facts["lost"] != 0 || one.Trace.Total != 80*ms {
		t.Errorf("racy on one core = lost %v in %v, want 0 in 80ms", one.Facts["lost"], one.Trace.Total)
	}
	slowWrite := checkCounter(t, "racy", setup{4, 10, 1, ms, 20 * ms})
	if slowWrite.Facts["lost"].(int) == 0 {
		t.Errorf("racy on one core with 20ms writes lost nothing; preemption inside a write should lose updates")
	}
	slowRead := checkCounter(t, "racy", setup{4, 10, 1, 20 * ms, ms})
	if slowRead.Facts["lost"].(int) != 0 {
		t.Errorf("racy on one core with 20ms reads lost %v; preempted reads get the value when they end, so none should be lost", slowRead.Facts["lost"])
	}
}

// TestDeadlockGrid: the naive transfers and philosophers deadlock at the
// pause, whatever the cores, with the cycle the rule gives; the ordered
// ones finish in 2 x pause (the second transfer waits for the first) and
// 2 x pause + n x eat (a chain of meals down the table, then the last
// philosopher, who waited for fork 1, takes it, pauses and eats).
func TestDeadlockGrid(t *testing.T) {
	for _, cores := range []int{1, 2, 4} {
		for _, pause := range []time.Duration{0, ms, 7 * ms} {
			sets := map[string]string{"cores": fmt.Sprint(cores), "pause": pause.String()}
			tr := run(t, "transfers", sets)
			if tr.Incomplete != "deadlock: t1 holds A, waits for B; t2 holds B, waits for A" || tr.Trace.Total != pause {
				t.Errorf("transfers(%v) = %q at %v, want the cycle at %v", sets, tr.Incomplete, tr.Trace.Total, pause)
			}
			if d := tr.Deadlock; d == nil || strings.Join(d.Cycle, "; ") != "t1 holds A, waits for B; t2 holds B, waits for A" ||
				fmt.Sprint(d.Asleep) != "[main waits on join t1 waits on lock B t2 waits on lock A]" {
				t.Errorf("transfers(%v).Deadlock = %+v, want the cycle, and main, t1 and t2 asleep", sets, d)
			}
			ord := run(t, "ordered", sets)
			if ord.Deadlock != nil {
				t.Errorf("ordered(%v).Deadlock = %+v, want nil", sets, ord.Deadlock)
			}
			if !ord.Complete() || ord.Trace.Total != 2*pause || fmt.Sprint(ord.Facts["balances"]) != "map[A:90 B:110]" {
				t.Errorf("ordered(%v) = %q in %v, %v; want done in %v with A 90, B 110", sets, ord.Incomplete, ord.Trace.Total, ord.Facts["balances"], 2*pause)
			}
			for _, n := range []int{2, 3, 5, 12} {
				for _, eat := range []time.Duration{0, ms, 4 * ms} {
					sets := map[string]string{"cores": fmt.Sprint(cores), "pause": pause.String(), "philosophers": fmt.Sprint(n), "eat": eat.String()}
					ph := run(t, "philosophers", sets)
					if ph.Deadlock == nil || ph.Deadlock.Text() != ringOf(n) || len(ph.Deadlock.Asleep) != n+1 {
						t.Errorf("philosophers(%v).Deadlock = %+v, want the ring of %d, and main with them asleep", sets, ph.Deadlock, n)
					}
					if ph.Incomplete != "deadlock: "+ringOf(n) || ph.Trace.Total != pause || ph.Facts["ate"] != 0 {
						t.Errorf("philosophers(%v) = %q at %v, ate %v; want the ring of %d at %v", sets, ph.Incomplete, ph.Trace.Total, ph.Facts["ate"], n, pause)
					}
					po := run(t, "philosophers-ordered", sets)
					if want := 2*pause + time.Duration(n)*eat; !po.Complete() || po.Trace.Total != want || po.Facts["ate"] != n {
						t.Errorf("philosophers-ordered(%v) = %q in %v, ate %v; want all %d in %v", sets, po.Incomplete, po.Trace.Total, po.Facts["ate"], n, want)
					}
				}
			}
		}
	}
}

// TestDeadlockIsSaid: a deadlocked run keeps its trace up to the deadlock,
// its tasks' last spans end there, and its output ends with one line per
// task of the cycle, under the name deadlock.
func TestDeadlockIsSaid(t *testing.T) {
	res := run(t, "transfers", nil)
	out := res.Trace.Output
	var tail []string
	for _, l := range out[len(out)-2:] {
		tail = append(tail, fmt.Sprintf("%s %s: %s", trace.Clock(l.At), l.Task, l.Text))
	}
	want := []string{"0:00:00.001 deadlock: t1 holds A, waits for B", "0:00:00.001 deadlock: t2 holds B, waits for A"}
	if strings.Join(tail, "\n") != strings.Join(want, "\n") {
		t.Errorf("transfers output ends %q, want %q", tail, want)
	}
	for _, task := range res.Trace.Tasks {
		if last := task.Spans[len(task.Spans)-1]; last.End != res.Trace.Total {
			t.Errorf("%s's last span %v ends before the deadlock at %v", task.Name, last, res.Trace.Total)
		}
	}
}

func BenchmarkVariants(b *testing.B) { labtest.BenchmarkVariants(b, Lab()) }

// BenchmarkLargest runs each counter variant at the largest size the
// parameters allow (workers x increments = MaxIncrements).
func BenchmarkLargest(b *testing.B) {
	l := Lab()
	v := labtest.Resolve(b, l, map[string]string{"workers": "1000", "increments": fmt.Sprint(MaxIncrements / 1000)})
	for _, variant := range []string{"racy", "mutex", "channel-token", "atomic"} {
		b.Run(variant, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				labtest.RunValues(b, l, variant, v)
			}
		})
	}
}
