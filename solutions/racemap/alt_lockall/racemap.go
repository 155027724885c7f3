// Package racemap is an exercise of the locks lab: a data race on a map.
//
// A web site counts its visitors per page in a map, hits, and tells each
// visitor their number: "/: you are visitor #3". Each visit has a goroutine
// of its own, as net/http gives each request. The handler reads the page's
// count, renders the page with the next number in it (5 ms of work), then
// writes the new count back. Six visitors come to "/", one every 2 ms: the
// second and the third read the count at 2 and 4 ms, while the first is
// still rendering (it writes 1 at 5 ms), and get the same number. They are
// told #1, #1, #1, #2, #2, #2, and hits["/"] ends at 2, not 6.
//
// Worse, a Go map is not safe for concurrent use at all: two goroutines
// that write it at the same time can corrupt it, and the runtime stops the
// program when it notices ("fatal error: concurrent map writes", which no
// recover can catch). Here the visits never touch the map at the same
// instant, so the program runs to the end and shows the lost counts. (In a
// real program `go test -race` reports the unguarded accesses; here it may
// not, as every step calls the kit's log, whose own lock the race detector
// counts as ordering the steps: the checks count the visits instead.)
//
// Goal: every visitor of a page gets a number of their own, 1 to the
// number of visitors, and hits holds every visit: one goroutine at a time
// may use the map, and the count a visitor reads must not change before
// their +1 is written.
//
// This is the exercise solved with a lock held from the read to the write,
// render included; solutions/racemap/racemap.go takes the number in one
// locked step and renders outside the lock.
//
// Change Serve only. Check your work with `conclab check racemap`; stuck?
// `conclab hint racemap`.
package racemap

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Visit is one visitor: the page they ask for, and when they come.
type Visit struct {
	Page string
	At   time.Duration
}

// Render renders page for visitor number n, which takes d of work, and
// shows the visitor their number.
func Render(log *kit.Log, task, page string, n int, d time.Duration) {
	log.Work(task, d)
	log.Printf(task, "%s: you are visitor #%d", page, n)
}

// Serve handles every visit in a goroutine of its own, each at its time,
// rendering each page in render. It returns the count of visits by page,
// and the number each visitor was told (told[i] for visits[i]).
func Serve(log *kit.Log, visits []Visit, render time.Duration) (hits map[string]int, told []int) {
	hits = map[string]int{}
	told = make([]int, len(visits))
	// Answer, part 1: one sync.Mutex guards the whole map, every page.
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, v := range visits {
		name := fmt.Sprintf("visitor %d", i+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Sleep(name, v.At) // the visitor comes
			// Answer, part 2: lock before the read, unlock after the
			// write. While this visitor renders, the others wait at Lock:
			// no one reads the count until the +1 is written. It is
			// right, but every visit takes its turn, 5 ms each, even the
			// visits of other pages: a lock held while working costs the
			// others that time (solutions/racemap/racemap.go holds it for
			// no time at all). Goroutines waiting in Lock stop
			// testing/synctest's clock, so conclab checks this code on
			// its kit clock.
			log.Wait(name, "lock")
			mu.Lock()
			n := hits[v.Page] + 1                // read: this visitor's number
			Render(log, name, v.Page, n, render) // 5 ms with the number in the page
			hits[v.Page] = n                     // write: count the visit
			mu.Unlock()
			told[i] = n
			log.Done(name)
		}()
	}
	wg.Wait()
	return hits, told
}
