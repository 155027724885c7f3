//go:build exercises

package coroutines

import (
	"fmt"
	"iter"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// value is a value the consumer got and when.
type value struct {
	v  int
	at time.Duration
}

func (v value) String() string { return fmt.Sprintf("%d at %s", v.v, kit.Seconds(v.at)) }

// lazy is what a consumer that takes `take` values of a lazy countdown from
// `from`, working `work` on each, gets: value k (from 1) once the countdown
// has computed k values and the consumer has worked on k-1 of them.
func lazy(from int, delay time.Duration, take int, work time.Duration) []value {
	var vs []value
	for k := 1; k <= min(take, from); k++ {
		vs = append(vs, value{from - k + 1, time.Duration(k)*delay + time.Duration(k-1)*work})
	}
	return vs
}

func TestLazyModel(t *testing.T) {
	got := fmt.Sprint(lazy(10, time.Second, 3, 500*ms))
	if want := "[10 at 1 s 9 at 2.5 s 8 at 4 s]"; got != want {
		t.Errorf("lazy(10, 1s, 3, 0.5s) = %s, want %s", got, want) // guards the check itself
	}
}

func TestCountdown(t *testing.T) {
	tests := []struct {
		name        string
		from        int
		delay       time.Duration
		take        int
		work        time.Duration
		description string
	}{
		{"take 3 of 10, working 0.5 s on each", 10, time.Second, 3, 500 * ms, "takes 3 values of Countdown(10, 1 s)"},
		{"take all 3, no work", 3, 2 * time.Second, 3, 0, "takes every value of Countdown(3, 2 s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				seq := Countdown(log, "countdown", tt.from, tt.delay)
				if made := log.Elapsed(); made > 0 {
					t.Fatalf("Countdown took %s to return, before anybody asked for a value, want 0 s: it computed "+
						"every value up front — return a func(yield func(int) bool) that computes a value only when "+
						"it is asked for one, right before it yields it", kit.Seconds(made))
				}
				var got []value
				for v := range seq {
					got = append(got, value{v, log.Elapsed()})
					if len(got) == tt.take {
						break
					}
					log.Work("consumer", tt.work)
				}
				checkLazy(t, log, got, lazy(tt.from, tt.delay, tt.take, tt.work), tt.description, tt.work)
			})
		})
	}
}

func checkLazy(t *testing.T, log *kit.Log, got, want []value, consumer string, work time.Duration) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if got[i].v != want[i].v {
			t.Fatalf("value %d was %d, want %d: count down from `from` to 1", i+1, got[i].v, want[i].v)
		}
		if got[i].at == want[i].at {
			continue
		}
		if i > 0 && got[i].at < want[i].at {
			t.Fatalf("a consumer that %s, working %s on each, got %v, want %v: Countdown computed value %d while the "+
				"consumer was still working on the one before — is it running on a goroutine of its own? A coroutine "+
				"runs only when it is asked for its next value", consumer, kit.Seconds(work), got, want, i+1)
		}
		t.Fatalf("a consumer that %s got value %d at %s, want %s (the values at %v): a coroutine computes a value "+
			"only when it is asked for one, and the consumer asks for the next one only when it is done with the last",
			consumer, i+1, kit.Seconds(got[i].at), kit.Seconds(want[i].at), want)
	}
	if len(got) != len(want) {
		t.Fatalf("a consumer that %s got %d values (%v), want %d (%v)", consumer, len(got), got, len(want), want)
	}
	if end, last := log.Elapsed(), want[len(want)-1].at; end != last {
		t.Fatalf("the consumer stopped at %s, yet the countdown went on until %s: once yield returns false, return — "+
			"compute no value that nobody takes", kit.Seconds(last), kit.Seconds(end))
	}
}

// numbers is a lazy sequence 1, 2, ..., n that takes delay per value, and
// prints "NAME ended" when it returns: it ran out, or it was stopped.
func numbers(log *kit.Log, name string, n int, delay time.Duration) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer log.Printf(name, "%s ended", name)
		for i := 1; i <= n; i++ {
			log.Sleep(name, delay)
			if !yield(i) {
				return
			}
		}
	}
}

// pair is a pair Zip yielded and when.
type pair struct {
	a, b int
	at   time.Duration
}

func (p pair) String() string { return fmt.Sprintf("(%d, %d) at %s", p.a, p.b, kit.Seconds(p.at)) }

func TestZip(t *testing.T) {
	tests := []struct {
		name   string
		a, b   int           // how many values each has
		da, db time.Duration // how long each takes per value
		take   int           // the consumer breaks after this many pairs (0: takes them all)
		want   []pair
		ended  time.Duration // when both sequences must have ended
	}{
		{"a runs out first: 3 values of 1 s and 5 of 0.5 s", 3, 5, time.Second, 500 * ms, 0,
			[]pair{{1, 1, 1500 * ms}, {2, 2, 3000 * ms}, {3, 3, 4500 * ms}}, 4500 * ms},
		{"b runs out first: 5 values of 0.5 s and 2 of 1 s", 5, 2, 500 * ms, time.Second, 0,
			[]pair{{1, 1, 1500 * ms}, {2, 2, 3000 * ms}}, 3500 * ms},
		{"the consumer stops after 2 of 4 pairs", 4, 4, time.Second, time.Second, 2,
			[]pair{{1, 1, 2 * time.Second}, {2, 2, 4 * time.Second}}, 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				var got []pair
				for x, y := range Zip(numbers(log, "a", tt.a, tt.da), numbers(log, "b", tt.b, tt.db)) {
					got = append(got, pair{x, y, log.Elapsed()})
					if len(got) == tt.take {
						break
					}
				}
				checkZip(t, log, got, tt.want, tt.ended)
			})
		})
	}
}

func checkZip(t *testing.T, log *kit.Log, got, want []pair, ended time.Duration) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		switch {
		case got[i].a != want[i].a || got[i].b != want[i].b:
			t.Fatalf("pair %d was %v, want %v: pair the i-th value of a with the i-th value of b", i+1, got[i], want[i])
		case got[i].at != want[i].at:
			t.Fatalf("pair %d came at %s, want %s (the pairs at %v): Zip should pull one value from a, then one from "+
				"b, and yield them before it pulls any more — not read both sequences first", i+1,
				kit.Seconds(got[i].at), kit.Seconds(want[i].at), want)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("Zip yielded %d pairs (%v), want %d (%v): stop when either sequence runs out", len(got), got, len(want), want)
	}
	var open []string
	for _, name := range []string{"a", "b"} {
		if !printed(log, name+" ended") {
			open = append(open, name)
		}
	}
	if len(open) > 0 {
		who := open[0] + " was"
		if len(open) == 2 {
			who = "a and b were"
		}
		t.Fatalf("%swhen Zip was over at %s, %s still suspended in the middle of a loop, want every sequence "+
			"ended: call the stop function iter.Pull gives you for each one (defer stop()), or they wait forever",
			kit.LeakPrefix, kit.Seconds(log.Elapsed()), who)
	}
	for _, l := range log.Lines("") {
		if strings.HasSuffix(l.Text, " ended") && l.At != ended {
			t.Fatalf("%q at %s, want both sequences ended at %s, when Zip is over: stop a sequence as soon as you "+
				"need no more of it, and pull no value you will not use", l.Text, kit.Seconds(l.At), kit.Seconds(ended))
		}
	}
}

// printed reports whether a line of the run is exactly text.
func printed(log *kit.Log, text string) bool {
	for _, l := range log.Lines("") {
		if l.Text == text {
			return true
		}
	}
	return false
}
