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

	"conclab/exercises/kit"
)

// Primes returns how many primes there are below n, computed on m's cores.
func Primes(log *kit.Log, m Machine, n int) int {
	// Answer, part 1: one chunk per core, and sizes that differ by one at
	// most: n / cores numbers each, and one more for the first n % cores
	// chunks. (n / cores each with the rest all in the last chunk would
	// make that core the slowest: 1003 numbers on 4 cores give 250, 250,
	// 250 and 253, where 251, 251, 251 and 250 are possible.)
	chunks := min(m.Cores, n)
	counts := make([]int, chunks)
	var wg sync.WaitGroup
	for i := range chunks {
		lo := i*(n/chunks) + min(i, n%chunks) // the chunks before i, and their extra numbers
		hi := lo + n/chunks
		if i < n%chunks {
			hi++
		}
		// Answer, part 2: a goroutine per chunk. Go has no GIL: the
		// runtime runs up to GOMAXPROCS of them at the same instant, one
		// per core, so the chunks compute in parallel. Each writes its own
		// element of counts: no two goroutines write the same memory.
		wg.Go(func() {
			counts[i] = Compute(log, m, fmt.Sprintf("core %d", i+1), lo, hi)
		})
	}
	// Answer, part 3: add up the counts only once every chunk is done.
	// (Another way: m.Cores workers that take one number at a time from
	// a channel — solutions/cores/alt_pool/cores.go.)
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}
