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
	// TODO: give the search a deadline — context.WithTimeout(ctx, timeout),
	// and defer its cancel — and pass that context to Query, so that the
	// backends still asking at the deadline give up then.
	results := make(chan Result)
	for _, b := range backends {
		go func() {
			r, err := Query(ctx, log, b)
			if err != nil {
				return // gave up: nothing to send
			}
			results <- r
		}()
	}
	// TODO: wait for each result or for the deadline, whichever comes
	// first (a select), and return what came by then. A backend that
	// answers after Search has returned must not block for ever on its
	// send: give the channel room for every result.
	var got []Result
	for range backends {
		got = append(got, <-results)
	}
	return got
}
