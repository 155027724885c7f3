//go:build exercises

package philosophers

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// ring is when the philosophers leave if each picks up the left fork at 0 s
// and then waits for the right one: after the pause, they wait GiveUp.
func ring(d Dinner) time.Duration { return d.Pause + GiveUp }

// neighbours reports whether philosophers i and j (from 1) of n sit side
// by side, sharing a fork.
func neighbours(i, j, n int) bool {
	return i != j && ((i%n)+1 == j || (j%n)+1 == i)
}

func TestTableModel(t *testing.T) {
	if got := ring(Lab); got != 1001*ms {
		t.Errorf("ring(%v) = %v, want 1.001s", Lab, got) // guards the check itself
	}
	tests := []struct {
		i, j, n int
		want    bool
	}{
		{1, 2, 5, true}, {5, 1, 5, true}, {1, 5, 5, true}, {1, 3, 5, false}, {2, 4, 5, false},
		{1, 2, 2, true}, {2, 1, 2, true}, {3, 3, 5, false}, {1, 7, 7, true}, {3, 6, 7, false},
	}
	for _, tt := range tests {
		if got := neighbours(tt.i, tt.j, tt.n); got != tt.want {
			t.Errorf("neighbours(%d, %d, %d) = %v, want %v", tt.i, tt.j, tt.n, got, tt.want)
		}
	}
}

func TestDine(t *testing.T) {
	tests := []struct {
		name string
		d    Dinner
	}{
		{"the lab's table: five philosophers, 1 ms pause, 1 ms meal", Lab},
		{"two philosophers, two forks", Dinner{Philosophers: 2, Pause: ms, Eat: ms}},
		{"seven philosophers, a 2 ms pause, a 3 ms meal", Dinner{Philosophers: 7, Pause: 2 * ms, Eat: 3 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				ate := Dine(log, tt.d)
				checkDine(t, log, tt.d, ate)
			})
		})
	}
}

// table is what the philosophers printed: when each began to eat (one
// entry per meal), and, for each that gave up, what they held and what
// they waited for.
type table struct {
	meals  map[int][]time.Duration // by philosopher, from 1
	gaveUp []string                // "p1 held fork 1 and waited for fork 2"
	left   time.Duration           // when the last one gave up
}

func read(log *kit.Log) table {
	tb := table{meals: map[int][]time.Duration{}}
	held := map[string][]string{}
	for _, l := range log.Lines("") {
		var p int
		if _, err := fmt.Sscanf(l.Task, "p%d", &p); err != nil {
			continue
		}
		switch {
		case l.Text == "eats":
			tb.meals[p] = append(tb.meals[p], l.At)
		case strings.HasPrefix(l.Text, "took "):
			held[l.Task] = append(held[l.Task], strings.TrimPrefix(l.Text, "took "))
		case strings.HasPrefix(l.Text, "gave up waiting for "):
			h := "nothing"
			if len(held[l.Task]) > 0 {
				h = strings.Join(held[l.Task], " and ")
			}
			tb.gaveUp = append(tb.gaveUp, fmt.Sprintf("%s held %s and waited for %s", l.Task, h, strings.TrimPrefix(l.Text, "gave up waiting for ")))
			tb.left = l.At
		}
	}
	slices.SortFunc(tb.gaveUp, func(a, b string) int { return strings.Compare(pad(a), pad(b)) })
	return tb
}

// pad makes "p10 ..." sort after "p9 ...".
func pad(s string) string {
	name, rest, _ := strings.Cut(s, " ")
	return fmt.Sprintf("%6s %s", name, rest)
}

func checkDine(t *testing.T, log *kit.Log, d Dinner, ate []bool) {
	t.Helper()
	n, elapsed := d.Philosophers, log.Elapsed()
	tb := read(log)
	if len(tb.gaveUp) > 0 {
		shown := tb.gaveUp
		if len(shown) > 3 {
			shown = append(slices.Clone(shown[:2]), "...", shown[len(shown)-1])
		}
		t.Fatalf("%d of %d philosophers left hungry at %s, want all of them to eat: %s — each held a fork and waited "+
			"for one that a neighbour held: a ring of waits, a deadlock. Break the ring: pick up the lower-numbered "+
			"of the two forks first (Dijkstra), or let a waiter seat at most %d at once (a buffered channel with %d places)",
			len(tb.gaveUp), n, kit.Seconds(tb.left), strings.Join(shown, "; "), n-1, n-1)
	}
	if len(ate) != n {
		t.Fatalf("Dine returned %d answers for %d philosophers, want one each: ate[i] for philosopher i+1", len(ate), n)
	}
	last := time.Duration(0)
	for p := 1; p <= n; p++ {
		meals := tb.meals[p]
		switch {
		case len(meals) == 0 || !ate[p-1]:
			t.Fatalf("p%d did not eat (%d meals, ate[%d] = %v), want every philosopher to eat once and Philosopher to "+
				"report it: pick up both forks, print \"eats\", eat, and return true", p, len(meals), p-1, ate[p-1])
		case len(meals) > 1:
			t.Fatalf("p%d ate %d times, want once: Philosopher eats one meal", p, len(meals))
		}
		last = max(last, meals[0]+d.Eat)
		for q := p + 1; q <= n; q++ {
			if m := tb.meals[q]; len(m) > 0 && neighbours(p, q, n) && m[0] < meals[0]+d.Eat && meals[0] < m[0]+d.Eat {
				t.Fatalf("p%d and p%d ate at the same time (from %s and from %s), want neighbours to take turns: "+
					"they share a fork, and a philosopher eats only with both forks in hand", p, q,
					kit.Seconds(meals[0]), kit.Seconds(m[0]))
			}
		}
	}
	if elapsed != last {
		t.Fatalf("Dine returned at %s, want %s, when the last meal was over: wait for every philosopher "+
			"(the sync.WaitGroup), and let each leave as soon as they have eaten", kit.Seconds(elapsed), kit.Seconds(last))
	}
}
