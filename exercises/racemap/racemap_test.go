//go:build exercises

package racemap

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// every2ms are six visitors of "/", one every 2 ms from 0: the exercise's
// numbers.
var every2ms = []Visit{{"/", 0}, {"/", 2 * ms}, {"/", 4 * ms}, {"/", 6 * ms}, {"/", 8 * ms}, {"/", 10 * ms}}

// twoPages are visitors of two pages, some while another renders the same
// page, some alone.
var twoPages = []Visit{
	{"/", 0}, {"/about", 2 * ms}, {"/", 4 * ms}, {"/", 12 * ms}, {"/about", 14 * ms},
	{"/", 16 * ms}, {"/about", 30 * ms},
}

// unguarded is what Serve comes to with nothing guarding the map: each
// visitor reads the count when they come, and writes it back render later,
// over whatever was written in between. It plays those reads and writes in
// time order (the visits never read and write at the same instant).
func unguarded(visits []Visit, render time.Duration) (hits map[string]int, told []int) {
	type access struct {
		at    time.Duration
		i     int
		write bool
	}
	var accesses []access
	for i, v := range visits {
		accesses = append(accesses, access{v.At, i, false}, access{v.At + render, i, true})
	}
	slices.SortStableFunc(accesses, func(a, b access) int { return cmp.Compare(a.at, b.at) })
	hits, told = map[string]int{}, make([]int, len(visits))
	for _, a := range accesses {
		page := visits[a.i].Page
		if a.write {
			hits[page] = told[a.i]
		} else {
			told[a.i] = hits[page] + 1
		}
	}
	return hits, told
}

// guarded is what Serve should come to: every visit counted, and the
// visitors of each page numbered 1, 2, 3... (in some order).
func guarded(visits []Visit) map[string]int {
	hits := map[string]int{}
	for _, v := range visits {
		hits[v.Page]++
	}
	return hits
}

func TestUnguardedModel(t *testing.T) {
	tests := []struct {
		visits []Visit
		hits   map[string]int
		told   []int
	}{
		// Visitors 1-3 read 0 before visitor 1 writes 1 at 5 ms; visitors
		// 4-6 read 1, written at 5, 7 and 9 ms.
		{every2ms, map[string]int{"/": 2}, []int{1, 1, 1, 2, 2, 2}},
		// "/": visitors 1 and 3 read 0 (1 writes at 5 ms), 4 and 6 read 1
		// (4 writes at 17 ms); "/about": no visitor comes while another
		// renders, so 2, 5 and 7 get 1, 2, 3.
		{twoPages, map[string]int{"/": 2, "/about": 3}, []int{1, 1, 1, 2, 2, 2, 3}},
		{[]Visit{{"/", 0}, {"/", 5 * ms}}, map[string]int{"/": 2}, []int{1, 2}}, // the write at 5 ms comes first
	}
	for _, tt := range tests {
		hits, told := unguarded(tt.visits, 5*ms)
		if !maps.Equal(hits, tt.hits) || !slices.Equal(told, tt.told) {
			t.Errorf("unguarded(%v, 5ms) = %v, %v, want %v, %v", tt.visits, hits, told, tt.hits, tt.told) // guards the check itself
		}
	}
	if got := guarded(twoPages); !maps.Equal(got, map[string]int{"/": 4, "/about": 3}) {
		t.Errorf("guarded(twoPages) = %v, want 4 and 3", got)
	}
}

func TestServe(t *testing.T) {
	tests := []struct {
		name   string
		visits []Visit
	}{
		{"six visitors of /, one every 2 ms", every2ms},
		{"two pages, some visitors alone, some together", twoPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				hits, told := Serve(log, tt.visits, 5*ms)
				checkServe(t, log, tt.visits, hits, told)
			})
		})
	}
}

// overlap finds the first visitor j who comes while visitor i of the same
// page renders: unguarded, j reads the count before i writes it.
func overlap(visits []Visit, render time.Duration) (i, j int) {
	for j, b := range visits {
		for i, a := range visits[:j] {
			if a.Page == b.Page && a.At <= b.At && b.At < a.At+render {
				return i, j
			}
		}
	}
	return 0, 0
}

// numbers lists what the visitors of page were told, in visit order:
// "#1, #1, #2".
func numbers(visits []Visit, told []int, page string) string {
	var s []string
	for i, v := range visits {
		if v.Page == page && i < len(told) {
			s = append(s, fmt.Sprintf("#%d", told[i]))
		}
	}
	return strings.Join(s, ", ")
}

func checkServe(t *testing.T, log *kit.Log, visits []Visit, hits map[string]int, told []int) {
	t.Helper()
	elapsed := log.Elapsed()
	if gs := kittest.Leaks(); len(gs) > 0 {
		t.Fatalf("Serve returned at %s while %d visits were still being handled (%v), want it to return once every "+
			"visit is done: keep the sync.WaitGroup and its Wait", kit.Seconds(elapsed), len(gs), gs[0])
	}
	if len(told) != len(visits) {
		t.Fatalf("Serve returned %d visitor numbers for %d visits, want one per visit, told[i] for visits[i]: keep told as Serve makes it",
			len(told), len(visits))
	}
	want := guarded(visits)
	pages := slices.Sorted(maps.Keys(want))
	if wantHits, wantTold := unguarded(visits, 5*ms); maps.Equal(hits, wantHits) && slices.Equal(told, wantTold) {
		i, j := overlap(visits, 5*ms)
		p := visits[i].Page
		t.Fatalf("the visitors of %s were told %s and hits[%q] ended at %d, want #1 to #%d, each once, and %d: "+
			"visitor %d read the count at %s while visitor %d was between its read at %s and its write at %s, "+
			"rendering — lock a sync.Mutex before the read and unlock it only once the +1 is written, or take your "+
			"number and write it back in one locked step before you render", p, numbers(visits, told, p), p, hits[p],
			want[p], want[p], j+1, kit.Seconds(visits[j].At), i+1, kit.Seconds(visits[i].At), kit.Seconds(visits[i].At+5*ms))
	}
	for _, p := range pages {
		seen := map[int]int{} // number -> visitor
		for i, v := range visits {
			if v.Page != p {
				continue
			}
			n := told[i]
			if n < 1 || n > want[p] {
				t.Fatalf("visitor %d of %s was told #%d, want a number from #1 to #%d (%d visitors): the number is "+
					"the page's count so far plus one", i+1, p, n, want[p], want[p])
			}
			if j, dup := seen[n]; dup {
				t.Fatalf("visitors %d and %d of %s were both told #%d (the visitors of %s got %s), want each number once: "+
					"one of them read the count before the other had written its +1 — the read, the +1 and the write "+
					"must happen under one Lock of the sync.Mutex, with no Unlock in between", j, i+1, p, n, p, numbers(visits, told, p))
			}
			seen[n] = i + 1
		}
		if hits[p] != want[p] {
			t.Fatalf("hits[%q] ended at %d, want %d, one per visit: the visitors were told %s — write the count back "+
				"while you still hold the lock you read it under", p, hits[p], want[p], numbers(visits, told, p))
		}
	}
	if len(hits) != len(want) {
		t.Fatalf("hits has %d pages (%v), want %d (%v): count only the pages that were visited", len(hits), hits, len(want), want)
	}
}
