// Package countdown is the exercise of the countdown lab: a function that
// never yields is synchronous — but in Go, time.Sleep parks only the
// goroutine that calls it.
//
// This is the exercise solved as hint 3 writes it, with wg.Add(1), the go
// keyword and a deferred wg.Done(), where solutions/countdown/countdown.go
// uses wg.Go, which does the same in one call (Go 1.25).
//
// Goal: four countdowns from 3 — A waits 0.7 s before each line, B 2 s,
// C 0.3 s, D 1 s — run at the same time, so that the whole run takes as long
// as the slowest countdown (B: 6 s), not the sum of all four (12 s). Their
// lines then interleave: C = 3 at 0.3 s, C = 2 at 0.6 s, A = 3 at 0.7 s...
//
// Change Run only. Check your work with `conclab check countdown`; stuck?
// `conclab hint countdown`.
package countdown

import (
	"strings"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Counter is one countdown: its name, its place in the list (which sets how
// far its lines are indented) and the delay before each of its lines.
type Counter struct {
	Name  string
	Index int
	Delay time.Duration
}

// Four are the lab's four countdowns.
var Four = []Counter{
	{"A", 0, 700 * time.Millisecond},
	{"B", 1, 2 * time.Second},
	{"C", 2, 300 * time.Millisecond},
	{"D", 3, time.Second},
}

// Count counts down from `from`: it sleeps c.Delay and prints "A = 3", then
// sleeps again and prints "A = 2", and so on down to 1.
func Count(log *kit.Log, c Counter, from int) {
	indent := strings.Repeat("    ", c.Index)
	for n := from; n > 0; n-- {
		log.Sleep(c.Name, c.Delay) // time.Sleep(c.Delay), noted in the trace
		log.Printf(c.Name, "%s%s = %d", indent, c.Name, n)
	}
	log.Done(c.Name)
}

// Run runs every countdown from `from` and returns when all of them are done.
func Run(log *kit.Log, counters []Counter, from int) {
	// Answer: one goroutine per countdown. While one sleeps, the runtime
	// parks only that goroutine and the others go on, so the four sleeps
	// overlap and the run lasts as long as the longest countdown.
	//
	// wg.Add(1) counts a goroutine before it starts (not inside it: Wait
	// could run first and see nothing to wait for); its deferred wg.Done()
	// counts it off when Count returns, whatever happens. Without the Wait,
	// Run would return at 0 s while the countdowns still sleep: goroutines
	// that outlive the function that started them leak.
	var wg sync.WaitGroup
	for _, c := range counters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Count(log, c, from) // c is per iteration since Go 1.22
		}()
	}
	wg.Wait()
}
