package cores

import (
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Machine is the computer: its cores, and the CPU time it takes to try one
// number.
type Machine struct {
	Cores     int
	PerNumber time.Duration
}

// Compute counts the primes among the numbers lo to hi-1, on the goroutine
// that calls it: (hi - lo) × m.PerNumber of CPU work. task names that
// goroutine in the trace ("core 1").
func Compute(log *kit.Log, m Machine, task string, lo, hi int) int {
	log.Work(task, time.Duration(max(hi-lo, 0))*m.PerNumber)
	count := 0
	for x := lo; x < hi; x++ {
		tried.add(x)
		if isPrime(x) {
			count++
		}
	}
	log.Done(task)
	return count
}

// isPrime tries the divisors of x up to its square root.
func isPrime(x int) bool {
	if x < 2 {
		return false
	}
	for d := 2; d*d <= x; d++ {
		if x%d == 0 {
			return false
		}
	}
	return true
}

// tried counts how often each number was tried, for the checks. It is safe
// for concurrent use.
var tried tally

type tally struct {
	mu    sync.Mutex
	times map[int]int
}

func (t *tally) add(x int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.times == nil {
		t.times = map[int]int{}
	}
	t.times[x]++
}

// reset forgets every number tried so far.
//
//lint:ignore U1000 the checks (cores_test.go, built with -tags exercises) call it
func (t *tally) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.times = nil
}

// count is how often x was tried.
//
//lint:ignore U1000 the checks (cores_test.go, built with -tags exercises) call it
func (t *tally) count(x int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.times[x]
}
