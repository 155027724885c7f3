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
// Change TestProcess only. Check your work with `conclab check early` (it
// runs your test on each Processor); stuck? `conclab hint early`.
package early

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
)

// TestProcess tests process.
func TestProcess(t *testing.T, process Processor) {
	synctest.Test(t, func(t *testing.T) {
		items := []string{"a", "b", "c"}
		var (
			mu   sync.Mutex
			done []string
		)
		// TODO: make each call slow — time.Sleep longer than 100 ms —
		// and check that when process returns, every call is done; then
		// sleep past the slowest call, for the calls Process left behind.
		process(items, func(item string) {
			mu.Lock()
			done = append(done, item)
			mu.Unlock()
		})
		mu.Lock()
		got := slices.Sorted(slices.Values(done))
		mu.Unlock()
		if !slices.Equal(got, items) {
			t.Errorf("when process returned, the calls done were %q, want %q", got, items)
		}
	})
}
