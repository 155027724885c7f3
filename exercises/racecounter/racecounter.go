// Package racecounter is an exercise of the locks lab: a data race on a
// counter.
//
// Four goroutines share one counter, and each adds one to it ten times. For
// a core, counter++ is two steps: read the counter, then write back what it
// read plus one. In real Go each step takes about a nanosecond; here each
// takes 1 ms (Increment), as in `conclab run locks`, so that the steps show
// on a timeline. With nothing to stop them, the goroutines run in step: at
// 1 ms all four read 0, at 2 ms all four write back 1, and so on. The
// counter ends at 10, not 40: 30 increments are lost.
//
// In a real program `go test -race` reports such a data race. Here it may
// not: every step calls the kit's log, which takes a lock of its own, and
// the race detector counts that lock as ordering the goroutines' steps. The
// checks count the increments instead.
//
// Goal: Count ends with the counter at 40 (Workers × Increments): no
// goroutine may read or write the counter while another is between its read
// and its write.
//
// Change Count only. Check your work with `conclab check racecounter`;
// stuck? `conclab hint racecounter`.
package racecounter

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Setup is how many goroutines count, how many increments each makes, and
// how long the two steps of an increment take.
type Setup struct {
	Workers, Increments int
	Read, Write         time.Duration
}

// Lab is the locks lab's counter: 4 goroutines, 10 increments each, a read
// and a write of 1 ms.
var Lab = Setup{Workers: 4, Increments: 10, Read: time.Millisecond, Write: time.Millisecond}

// Increment is counter++ written out as the two steps a core takes: it
// reads the counter, then writes back what it read plus one. Nothing stops
// another goroutine from writing the counter in between: that update is
// then lost, overwritten by a value computed from an older one.
func Increment(log *kit.Log, task string, counter *int, s Setup) {
	log.Work(task, s.Read)  // read the counter into a register...
	n := *counter           // ...which holds the value the read got
	log.Work(task, s.Write) // add one and write it back...
	*counter = n + 1        // ...over whatever another goroutine wrote since the read
}

// Count starts s.Workers goroutines, g1 to gN, that each increment one
// shared counter s.Increments times; it waits for all of them and returns
// the counter.
func Count(log *kit.Log, s Setup) int {
	counter := 0
	var wg sync.WaitGroup
	for w := 1; w <= s.Workers; w++ {
		name := fmt.Sprintf("g%d", w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range s.Increments {
				// TODO: only one goroutine at a time may be inside
				// Increment, from its read to its write (a sync.Mutex);
				// or replace Increment with one indivisible add
				// (sync/atomic).
				Increment(log, name, &counter, s)
			}
			log.Done(name)
		}()
	}
	wg.Wait()
	log.Printf("main", "counter = %d after %d increments", counter, s.Workers*s.Increments)
	return counter
}
