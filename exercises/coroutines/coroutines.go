// Package coroutines is the exercise of the coroutines lab: a coroutine
// runs only when it is asked for its next value, and stops when nobody asks.
//
// In Go a coroutine is an iterator function, func(yield func(V) bool): a
// for-range loop over it (range-over-func) runs its body only until the
// next yield, then the loop's body runs, then the iterator again; when the
// loop breaks, yield returns false and the iterator returns. iter.Pull turns
// the same function into next() and stop(): next runs it to its next yield,
// stop ends it.
//
// Goal, part 1: Countdown computes each value only when its consumer asks
// for it. A consumer that takes 3 values of Countdown(10, 1 s) and works
// 0.5 s on each gets them at 1 s, 2.5 s and 4 s, and no value is computed
// that nobody takes.
//
// Goal, part 2: Zip pairs two sequences lazily — for each pair it takes a
// value from a, then one from b (iter.Pull) — and stops both as soon as
// either runs out or the consumer stops: pairing 3 values of 1 s with 5
// values of 0.5 s gives pairs at 1.5 s, 3 s and 4.5 s, and both sequences
// have ended at 4.5 s.
//
// Check your work with `conclab check coroutines`; stuck? `conclab hint
// coroutines`.
package coroutines

import (
	"iter"
	"slices"
	"time"

	"conclab/exercises/kit"
)

// Countdown yields from, from-1, ..., 1. Computing a value takes delay (the
// sleep stands for the work), recorded as the task name.
func Countdown(log *kit.Log, name string, from int, delay time.Duration) iter.Seq[int] {
	// TODO: this computes every value before it returns, whether anybody
	// wants them or not. Return a func(yield func(int) bool) instead that
	// computes a value, yields it, and returns as soon as yield says false.
	var values []int
	for n := from; n > 0; n-- {
		log.Sleep(name, delay) // compute n
		values = append(values, n)
	}
	return slices.Values(values)
}

// Zip yields pairs of values, the first from a and the second from b, until
// either runs out.
func Zip(a, b iter.Seq[int]) iter.Seq2[int, int] {
	// TODO: this reads a and b to their ends before the first pair. Pull
	// one value from each per pair instead (iter.Pull gives next and stop),
	// and stop both (defer stop()) when Zip is over: either ran out, or the
	// consumer broke out of its loop.
	as, bs := slices.Collect(a), slices.Collect(b)
	return func(yield func(int, int) bool) {
		for i := range min(len(as), len(bs)) {
			if !yield(as[i], bs[i]) {
				return
			}
		}
	}
}
