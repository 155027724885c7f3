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
	"time"

	"conclab/exercises/kit"
)

// Countdown yields from, from-1, ..., 1. Computing a value takes delay (the
// sleep stands for the work), recorded as the task name.
func Countdown(log *kit.Log, name string, from int, delay time.Duration) iter.Seq[int] {
	// Answer: return the loop itself, as a function that a for-range loop
	// (or iter.Pull) calls. Nothing runs when Countdown is called; each
	// value is computed right before it is yielded, and yield blocks this
	// function until the consumer asks for the next value — it is the
	// consumer's own goroutine that runs it, one piece at a time.
	return func(yield func(int) bool) {
		for n := from; n > 0; n-- {
			log.Sleep(name, delay) // compute n, only now that it is wanted
			if !yield(n) {
				// The consumer broke out of its loop: compute nothing more.
				// (Calling yield again would make the runtime panic.)
				return
			}
		}
	}
}

// Zip yields pairs of values, the first from a and the second from b, until
// either runs out.
func Zip(a, b iter.Seq[int]) iter.Seq2[int, int] {
	// Answer: pull from both. iter.Pull turns a sequence into next(), which
	// runs it up to its next yield, and stop(), which makes that yield
	// return false so that the sequence returns. Deferred stops end both
	// whatever happens: a ran out, b ran out, or the consumer stopped.
	// (Ranging over a and pulling only b works as well: a break ends a —
	// solutions/coroutines/alt_range_pull/coroutines.go.)
	return func(yield func(int, int) bool) {
		nextA, stopA := iter.Pull(a)
		defer stopA()
		nextB, stopB := iter.Pull(b)
		defer stopB()
		for {
			x, ok := nextA()
			if !ok {
				return
			}
			y, ok := nextB()
			if !ok {
				return
			}
			if !yield(x, y) {
				return
			}
		}
	}
}
