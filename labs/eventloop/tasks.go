package eventloop

import (
	"iter"
	"time"

	"conclab/labs/sched"
)

// Count is a countdown task for the toy loop. It waits delay, counts down
// from `from` with one line per step, then lifts off. Every yield hands the
// loop the time at which to resume this task and gives control back: while
// the countdown waits, the loop runs the others.
func Count(l *Loop, from int, delay, step time.Duration) iter.Seq[time.Duration] {
	return func(yield func(time.Duration) bool) {
		if delay > 0 {
			l.Printf("starts in %s", delay)
			if !yield(l.Now() + delay) {
				return
			}
		}
		for n := from; n > 0; n-- {
			l.Printf("T-minus %d", n)
			if !yield(l.Now() + step) {
				return
			}
		}
		l.Printf("lift-off!")
	}
}

// CountBlocking is Count with one line changed: between two numbers it calls
// a blocking sleep instead of yielding. The loop is stuck inside this task
// until the sleep returns, so every other task misses its time.
func CountBlocking(l *Loop, from int, delay, step time.Duration) iter.Seq[time.Duration] {
	return func(yield func(time.Duration) bool) {
		if delay > 0 {
			l.Printf("starts in %s", delay)
			if !yield(l.Now() + delay) {
				return
			}
		}
		for n := from; n > 0; n-- {
			l.Printf("T-minus %d", n)
			l.Sleep(step) // blocking: nothing else runs meanwhile
		}
		l.Printf("lift-off!")
	}
}

// CountOnEngine is the same countdown written for labs/sched, the engine
// behind every other lab: t.Sleep plays the part of the yield, and the
// engine's cooperative loop plays the part of the toy loop.
func CountOnEngine(t *sched.Task, from int, delay, step time.Duration) {
	if delay > 0 {
		t.Printf("starts in %s", delay)
		t.Sleep(delay)
	}
	for n := from; n > 0; n-- {
		t.Printf("T-minus %d", n)
		t.Sleep(step)
	}
	t.Printf("lift-off!")
}
