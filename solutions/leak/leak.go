// Package leak is an exercise of the cancel lab: first answer wins, and the
// losers must not be left behind.
//
// Rob Pike's replicated search ("Go Concurrency Patterns", 2012) asks every
// replica of a server at once and takes the first answer: with replicas A
// (30 ms), B (90 ms) and C (50 ms), the answer is A's, at 30 ms. First
// below does that with an unbuffered channel, as the talk writes it. But a
// send on an unbuffered channel waits until someone receives, and First
// receives once: when C answers at 50 ms and B at 90 ms, their goroutines
// block on their sends for ever. Every call of First leaks a goroutine per
// slower replica, and a leaked goroutine is never freed: its stack and
// everything it points to stay until the program exits.
//
// Goal: First still returns the fastest replica's answer the moment it
// comes (A's at 30 ms), and every goroutine it starts ends — none is left
// blocked once the slower replicas have answered.
//
// This is the exercise solved with a buffered channel;
// solutions/leak/alt_context solves it with a context that First cancels,
// which the losers honour.
//
// Change First only. Check your work with `conclab check leak`; stuck?
// `conclab hint leak`.
package leak

import (
	"context"
	"time"

	"conclab/exercises/kit"
)

// Replica is one server holding a copy of the index: asked a query, it
// answers after Latency.
type Replica struct {
	Name    string
	Latency time.Duration
}

// Result is a replica's answer: which replica gave it.
type Result struct {
	Replica string
}

// Search asks replica r and returns its answer after r.Latency, as an HTTP
// request made with a context does: if ctx is cancelled first, it gives up
// at once and returns ctx.Err().
func Search(ctx context.Context, log *kit.Log, r Replica) (Result, error) {
	log.Wait(r.Name, "io")
	select {
	case <-log.After(r.Latency): // the answer came (time.After, on the log's clock)
	case <-ctx.Done():
		log.Printf(r.Name, "%s gave up: %v", r.Name, ctx.Err())
		return Result{}, ctx.Err()
	}
	log.Run(r.Name)
	log.Printf(r.Name, "%s answered", r.Name)
	return Result{Replica: r.Name}, nil
}

// First asks every replica at once and returns the first answer.
func First(ctx context.Context, log *kit.Log, replicas []Replica) Result {
	// Answer: room in the channel for every answer. A send on a channel
	// with room does not wait for a receiver, so each slower replica puts
	// its answer in the buffer and its goroutine returns: nothing is left
	// blocked. The unread answers go with the channel once nothing refers
	// to it. (The slower replicas still do all their work: a context that
	// First cancels would stop them too — alt_context.)
	results := make(chan Result, len(replicas))
	for _, r := range replicas {
		go func() {
			defer log.Done(r.Name)
			res, err := Search(ctx, log, r)
			if err != nil {
				return // no answer to send
			}
			log.Wait(r.Name, "results") // until First receives it
			results <- res
		}()
	}
	log.Wait("main", "results")
	res := <-results
	log.Run("main")
	log.Printf("main", "first answer: %s", res.Replica)
	return res
}
