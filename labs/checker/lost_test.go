package checker

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/labs/trace"
)

// replayValues counts what racy-tally's tally comes to from its schedule
// alone, as numbers: each goroutine reads the count at its compute event (at
// its write when there is none) and writes what it read plus one at its
// tally line. It returns the final
// count per key.
func replayValues(tr *trace.Trace) map[string]int {
	count, read := map[string]int{}, map[string]int{}
	hasRead := map[string]bool{}
	key := map[string]string{}
	for _, l := range tr.Output {
		if k, ok := tallyKey(l.Task, l.Text); ok {
			key[l.Task] = k
		}
	}
	for _, ev := range tr.Events.All() {
		k, ok := key[ev.Task]
		switch {
		case !ok:
		case ev.Kind == trace.EventCompute:
			read[ev.Task], hasRead[ev.Task] = count[k], true
		case ev.Kind == trace.EventPrint && strings.HasPrefix(ev.Detail, ev.Task+": tally["):
			if !hasRead[ev.Task] { // update 0s: no compute event, read and written at once
				read[ev.Task] = count[k]
			}
			count[k] = read[ev.Task] + 1
		}
	}
	return count
}

// fromArrivals is the count racy-tally should come to, worked out from the
// sites' latencies alone, when no more than cores goroutines are ever inside
// their update at once (else ok is false): goroutine i reads the count when
// its answer arrives, at its latency a, and writes it plus one at a + update.
// At one instant, reads come before writes (the answers' timers were set at
// the start, the writes' later), reads in site order, writes in the order
// of their reads.
func fromArrivals(ds []time.Duration, update time.Duration, cores int) (count int, ok bool) {
	type step struct {
		at, setAt time.Duration
		site      int
		write     bool
	}
	var steps []step
	for i, a := range ds {
		steps = append(steps, step{a, 0, i, false}, step{a + update, a, i, true})
	}
	slices.SortFunc(steps, func(x, y step) int {
		return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.setAt, y.setAt), cmp.Compare(x.site, y.site))
	})
	read := make([]int, len(ds))
	inside := 0
	for _, s := range steps {
		if s.write {
			count = read[s.site] + 1
			inside--
			continue
		}
		read[s.site] = count
		if inside++; inside > cores {
			return 0, false
		}
	}
	return count, true
}

// TestRacyLostUpdates: the simulated racy tally loses updates when two
// goroutines are inside tally[code]++ at once, and says how many. Its count
// is checked two other ways: replayed from the trace's schedule, and worked
// out from the sites' latencies alone.
func TestRacyLostUpdates(t *testing.T) {
	tests := []struct {
		sets     map[string]string
		wantLost int // -1: any
	}{
		{nil, 2}, // the defaults: site-26 and site-04 write over site-10 and site-16
		{map[string]string{"update": "0s"}, 0},
		{map[string]string{"update": "50ms"}, -1},
		{map[string]string{"update": "5ms", "cores": "4"}, -1},
		{map[string]string{"update": "5ms", "cores": "1"}, 0},   // one core, no preemption inside 5 ms: turns, no race
		{map[string]string{"update": "50ms", "cores": "1"}, -1}, // preempted every 10 ms inside the update
		{map[string]string{"seed": "7", "sites": "200", "update": "2ms"}, -1},
	}
	checkedArrivals := 0
	for _, tt := range tests {
		v := resolve(t, tt.sets)
		r := runVariant(t, "racy-tally", v)
		tally := r.Facts["tally"].(map[string]int)
		lost := v.Int("sites") - tally["200"]
		if tt.wantLost >= 0 && lost != tt.wantLost {
			t.Errorf("%v: lost = %d, want %d", tt.sets, lost, tt.wantLost)
		}
		if len(tally) > 1 {
			t.Errorf("%v: tally %v, want only 200s", tt.sets, tally)
		}
		if got := replayValues(r.Trace); got["200"] != tally["200"] {
			t.Errorf("%v: the schedule replayed comes to %v, the tally is %v", tt.sets, got, tally)
		}
		if names := r.Facts["lost"].([]string); len(names) != lost {
			t.Errorf("%v: lost = %v, want %d sites, the tally's shortfall", tt.sets, names, lost)
		}
		wantIncomplete := ""
		if lost > 0 {
			wantIncomplete = fmt.Sprintf("lost %d of %d updates", lost, v.Int("sites"))
		}
		if r.Incomplete != wantIncomplete {
			t.Errorf("%v: Incomplete = %q, want %q", tt.sets, r.Incomplete, wantIncomplete)
		}
		if v.Int("cores") > 1 {
			if want, ok := fromArrivals(latencies(v), v.Duration("update"), v.Int("cores")); ok {
				checkedArrivals++
				if tally["200"] != want {
					t.Errorf("%v: tally %v, want %d from the latencies", tt.sets, tally, want)
				}
				if want := slices.Max(latencies(v)) + v.Duration("update"); r.Trace.Total != want {
					t.Errorf("%v: total = %v, want the slowest site and its update, %v", tt.sets, r.Trace.Total, want)
				}
			}
		}
	}
	if checkedArrivals < 3 {
		t.Errorf("only %d runs could be worked out from the latencies; want at least 3", checkedArrivals)
	}
}

// TestLostUpdatesAreMarked: each write that drops another goroutine's
// update says whose, in the output and in the step view's print event.
func TestLostUpdatesAreMarked(t *testing.T) {
	r := runVariant(t, "racy-tally", resolve(t, nil))
	var marked []string
	for _, l := range r.Trace.Output {
		if strings.Contains(l.Text, ", over ") {
			marked = append(marked, l.Text)
		}
	}
	want := []string{"site-26: tally[200] = 3, over site-10's update", "site-04: tally[200] = 9, over site-16's update"}
	if !slices.Equal(marked, want) {
		t.Errorf("marked lines = %q, want %q", marked, want)
	}
	for _, w := range want {
		if !slices.ContainsFunc(slices.Collect(func(yield func(trace.Event) bool) {
			for _, ev := range r.Trace.Events.All() {
				if !yield(ev) {
					return
				}
			}
		}), func(ev trace.Event) bool { return ev.Kind == trace.EventPrint && ev.Detail == w }) {
			t.Errorf("no print event says %q", w)
		}
	}
	if got := r.Facts["lost"]; !slices.Equal(got.([]string), []string{"site-10", "site-16"}) {
		t.Errorf("lost = %v, want [site-10 site-16]", got)
	}
}

func TestUpdatesOf(t *testing.T) {
	tests := []struct {
		sites []string
		want  string
	}{
		{[]string{"site-10"}, "site-10's update"},
		{[]string{"site-10", "site-12"}, "the updates of site-10 and site-12"},
		{[]string{"a", "b", "c"}, "the updates of a, b and c"},
		{[]string{"a", "b", "c", "d", "e"}, "the updates of a, b, c, d and e"},
		{[]string{"a", "b", "c", "d", "e", "f"}, "the updates of a, b, c, d and 2 others"},
	}
	for _, tt := range tests {
		if got := updatesOf(tt.sites); got != tt.want {
			t.Errorf("updatesOf(%v) = %q, want %q", tt.sites, got, tt.want)
		}
	}
}
