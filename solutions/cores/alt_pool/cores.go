//go:build exercises

// Package cores is the exercise of the GIL lab: in Go, CPU-bound work runs
// on all the cores.
//
// Primes counts the primes below n by trying each number, and trying a
// number costs m.PerNumber of CPU: 400 numbers of 10 ms are 4 s of work, as
// in the lab's four jobs of 1 s. Under CPython's GIL, threads would not
// help: only the thread that holds the GIL runs Python code, so four
// threads take 4 s. Go has no GIL: its runtime runs Go code on up to
// GOMAXPROCS threads at once, by default one per core, so on 4 cores the
// same work takes 1 s — if every core gets a quarter of it.
//
// What the check can measure: log.Work (inside Compute) stands for CPU work
// but only takes virtual time. It uses no core, and the virtual clock cannot
// see cores: 400 goroutines inside log.Work at once would all "finish" in
// 10 ms, faster than any 4-core machine. So this exercise holds the code to
// what a real machine does: the check counts the goroutines inside Compute
// at the same instant, and wants at most m.Cores (runtime.GOMAXPROCS(0) in
// real code). The time on the clock is then the time of the busiest core.
// (In real Go, starting more goroutines than cores is not wrong: the
// runtime takes turns among them. They do not finish any sooner, though.)
//
// This is the exercise solved with a pool of m.Cores workers that take
// one number at a time from a channel and add their counts to an
// atomic.Int64, where solutions/cores/cores.go gives each core a chunk.
//
// Goal: Primes returns the number of primes below n in ceil(n / m.Cores) ×
// m.PerNumber: 1 s for 400 numbers of 10 ms on 4 cores. Split the numbers
// evenly among at most m.Cores goroutines computing at once (no core may
// get more than ceil(n / m.Cores) of them), try each number once, and add
// up the counts once every goroutine is done.
//
// Machine and Compute are in machine.go. Change Primes only. Check your work with `conclab check cores`; stuck?
// `conclab hint cores`.
package cores

import (
	"fmt"
	"sync"
	"sync/atomic"

	"conclab/exercises/kit"
)

// Primes returns how many primes there are below n, computed on m's cores.
func Primes(log *kit.Log, m Machine, n int) int {
	// Answer, part 1: a pool of m.Cores workers, as many as the machine
	// runs at once. Each takes the next number from a channel the moment
	// it is free, so the numbers spread evenly by themselves: no core gets
	// more than ceil(n / cores) of them.
	numbers := make(chan int)
	go func() {
		defer close(numbers)
		for x := range n {
			numbers <- x
		}
	}()
	// Answer, part 2: the workers add their counts to one atomic.Int64:
	// an atomic add is safe from many goroutines at once, with no lock.
	var total atomic.Int64
	var wg sync.WaitGroup
	for w := range min(m.Cores, n) {
		wg.Go(func() {
			for x := range numbers {
				total.Add(int64(Compute(log, m, fmt.Sprintf("core %d", w+1), x, x+1)))
			}
		})
	}
	// Answer, part 3: the total is complete once every worker is done.
	wg.Wait()
	return int(total.Load())
}
