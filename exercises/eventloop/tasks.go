package eventloop

import (
	"iter"
	"time"
)

// Count is a countdown task: it waits delay, counts down from `from` with
// a line per number, `step` apart, then lifts off. Every wait is a yield of
// the time at which it wants to go on: the loop runs the others meanwhile.
func Count(l *Loop, name string, from int, delay, step time.Duration) iter.Seq[time.Duration] {
	return func(yield func(time.Duration) bool) {
		t := runner{l, name, yield}
		defer l.log.Done(name)
		l.log.Run(name)
		if delay > 0 {
			l.log.Printf(name, "starts in %s", delay)
			if !t.wait(delay) {
				return
			}
		}
		for n := from; n > 0; n-- {
			l.log.Printf(name, "T-minus %d", n)
			if !t.wait(step) {
				return
			}
		}
		l.log.Printf(name, "lift-off!")
	}
}

// CountBlocking is Count with one line changed: between two numbers it
// makes a blocking call (a time.Sleep) instead of yielding. The loop's only
// goroutine is stuck in it, so no other task runs until it returns.
func CountBlocking(l *Loop, name string, from int, delay, step time.Duration) iter.Seq[time.Duration] {
	return func(yield func(time.Duration) bool) {
		t := runner{l, name, yield}
		defer l.log.Done(name)
		l.log.Run(name)
		if delay > 0 {
			l.log.Printf(name, "starts in %s", delay)
			if !t.wait(delay) {
				return
			}
		}
		for n := from; n > 0; n-- {
			l.log.Printf(name, "T-minus %d", n)
			l.log.Block(name, "timer", step) // blocking: nothing else runs meanwhile
		}
		l.log.Printf(name, "lift-off!")
	}
}

// runner is a task's handle on its yield.
type runner struct {
	l     *Loop
	name  string
	yield func(time.Duration) bool
}

// wait yields the time d from now and reports whether the task may go on
// (false: the loop stopped it).
func (t runner) wait(d time.Duration) bool {
	t.l.log.Wait(t.name, "timer")
	ok := t.yield(t.l.Now() + d)
	t.l.log.Run(t.name)
	return ok
}
