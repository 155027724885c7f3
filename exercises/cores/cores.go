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

import "conclab/exercises/kit"

// Primes returns how many primes there are below n, computed on m's cores.
func Primes(log *kit.Log, m Machine, n int) int {
	// TODO: split 0..n-1 into m.Cores chunks whose sizes differ by one at
	// most, and Compute each chunk in a goroutine of its own (or start
	// m.Cores workers that take the numbers from a channel).
	// TODO: wait for every goroutine (sync.WaitGroup), then add up their
	// counts: each goroutine writes its own element of a slice, or adds
	// to an atomic.Int64.
	return Compute(log, m, "main", 0, n)
}
