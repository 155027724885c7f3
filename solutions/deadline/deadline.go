// Package deadline is an exercise of the cancel lab: a call that must give
// up at a deadline returns what came in time, and stops what did not.
//
// Search asks three backends at once, each in a goroutine of its own — web
// answers after 40 ms, images after 70 ms, video after 120 ms — and must
// answer within 80 ms, with whatever came by then: web and images, at
// 80 ms. The Google Search of Rob Pike's "Go Concurrency Patterns" (2012)
// does it with a select between the results and one timer, made once
// before the loop: `timeout := time.After(80 * time.Millisecond)`. But its
// slow backends go on asking after the search has returned, for nobody. A
// context with a deadline, `context.WithTimeout(ctx, timeout)`, tells them
// too: Query gives up the moment its context is done.
//
// As shipped, Search waits for every backend: 120 ms, and as long as the
// slowest one takes, however long that is.
//
// Goal: Search returns at the deadline the results that came by then, in
// the order they came — or before it, once every backend has answered —
// and no backend is still asking after Search has returned.
//
// Change Search only. Check your work with `conclab check deadline`;
// stuck? `conclab hint deadline`.
package deadline

import (
	"context"
	"time"

	"conclab/exercises/kit"
)

// Backend is a search backend: its name, and how long it takes to answer.
type Backend struct {
	Name  string
	Delay time.Duration
}

// Three are the goal's backends.
var Three = []Backend{
	{"web", 40 * time.Millisecond},
	{"images", 70 * time.Millisecond},
	{"video", 120 * time.Millisecond},
}

// Result is a backend's answer.
type Result struct {
	Backend string
}

// Query asks backend b, as a call with a context does: the answer comes
// after b.Delay, unless ctx is done first; then Query gives up at once,
// prints "video: gave up (context deadline exceeded)", and returns ctx's
// error.
func Query(ctx context.Context, log *kit.Log, b Backend) (Result, error) {
	log.Wait(b.Name, "io")
	defer log.Done(b.Name)
	select {
	case <-log.After(b.Delay): // the answer (time.After, on the Log's clock)
		return Result{b.Name}, nil
	case <-ctx.Done(): // cancelled, or past its deadline
		log.Printf(b.Name, "%s: gave up (%v)", b.Name, ctx.Err())
		return Result{}, ctx.Err()
	}
}

// Search asks every backend at once and returns their results in the order
// they came: those that came within timeout.
func Search(ctx context.Context, log *kit.Log, backends []Backend, timeout time.Duration) []Result {
	// Answer, part 1: one deadline for the whole search, made once. Every
	// Query gets this context, so a backend still asking at the deadline
	// gives up then, on its own. cancel releases the context's timer when
	// Search returns before the deadline, and tells the backends to stop if
	// any were still asking then.
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Answer, part 2: room for every result. A backend that answers after
	// Search has given up (it got its answer at the very instant of the
	// deadline) sends into the buffer and ends, instead of waiting for
	// ever for a receiver that has gone.
	results := make(chan Result, len(backends))
	for _, b := range backends {
		go func() {
			r, err := Query(ctx, log, b)
			if err != nil {
				return // gave up: nothing to send
			}
			results <- r
		}()
	}
	// Answer, part 3: for each result still to come, wait for it or for
	// the deadline, whichever comes first. The loop ends early once every
	// backend has answered. One time.After made before the loop, with a
	// context.WithCancel to stop the backends, does the same
	// (solutions/deadline/alt_timer/deadline.go); a timer made inside the
	// loop would start again at each result.
	var got []Result
	for range backends {
		select {
		case r := <-results:
			got = append(got, r)
		case <-ctx.Done():
			return got
		}
	}
	return got
}
