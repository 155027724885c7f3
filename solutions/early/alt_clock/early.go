//go:build exercises

// Package early is an exercise in testing concurrent code: write the test
// that catches a function returning before its goroutines are done.
//
// Process (in process.go) calls fn for each item in a goroutine of its
// own, and should return once every call has returned. It does not wait
// for them: it sleeps 100 ms and returns. Every test that calls it with a
// quick fn passes, as TestProcess does now. The bug shows with a slow fn:
// one that takes 1 s is still running when Process returns.
//
// Inside a testing/synctest bubble, time.Sleep takes no real time, and the
// clock reads exactly what the sleeps add up to: a test there can give fn
// a second, or an hour, and see whether Process returned before or after
// it, at no cost and the same way every run. With real sleeps the same
// test takes seconds, and a check of how long Process took needs a margin
// for a machine under load.
//
// Goal: TestProcess fails on Process, every time, and passes on a correct
// Processor. It gets the Processor to test as process, so that the checks
// can run it four ways: on Process, where it must fail, and on three
// correct Processors (a sync.WaitGroup, an errgroup.Group, a channel that
// each goroutine signals on), where it must pass. Write it inside
// synctest.Test, give fn a sleep longer than Process's 100 ms, and check,
// the moment process returns, that every call has returned. Then let the
// calls that Process left running finish: time stops once the function
// given to synctest.Test returns, and goroutines still asleep then make it
// panic — end that function with a sleep past the slowest call.
//
// This is the exercise solved by reading the bubble's clock, where
// solutions/early/early.go counts the calls done.
//
// Change TestProcess only. Check your work with `conclab check early` (it
// runs your test on each Processor); stuck? `conclab hint early`.
package early

import (
	"testing"
	"testing/synctest"
	"time"
)

// TestProcess tests process.
func TestProcess(t *testing.T, process Processor) {
	synctest.Test(t, func(t *testing.T) {
		// Answer, part 1: calls of 1 s, 2 s and 3 s. In the bubble the
		// clock is exact: process returns when the slowest call does, at
		// 3 s to the nanosecond — sooner, and a call was still running;
		// later, and the calls did not run at once.
		slow := map[string]time.Duration{"a": time.Second, "b": 2 * time.Second, "c": 3 * time.Second}
		start := time.Now()
		process([]string{"a", "b", "c"}, func(item string) {
			time.Sleep(slow[item])
		})
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("process returned after %v, want 3s, when its slowest call (3 s) returned", got)
		}
		// Answer, part 2: let the calls a buggy process left running
		// finish: time stops when this function returns, and goroutines
		// still asleep then would make synctest.Test panic.
		time.Sleep(3 * time.Second)
	})
}
