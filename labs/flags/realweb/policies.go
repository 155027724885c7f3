package realweb

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"conclab/labs/flags/fetch"
)

// The policies below are the virtual ones of labs/flags/fetch written in real Go:
// goroutines, channels, a WaitGroup, an errgroup, and a real HTTP client.
// The lines with c.Lane and c.Wait only draw the trace.

// Sequential makes one request after another on the calling goroutine:
// each waits for the previous answer, so the total is the sum of the delays.
func Sequential(ctx context.Context, c *Client, items []fetch.Item) []fetch.Outcome {
	out := make([]fetch.Outcome, len(items))
	for i, it := range items {
		out[i] = c.Get(ctx, "main", it)
	}
	return out
}

// Goroutines starts one goroutine per request and waits for all of them:
// every request is in flight at once, so the total is the slowest delay.
// Each goroutine writes only its own slot of out: nothing is shared.
func Goroutines(ctx context.Context, c *Client, items []fetch.Item) []fetch.Outcome {
	out := make([]fetch.Outcome, len(items))
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Go(func() {
			defer c.Lane(it.Name)()
			out[i] = c.Get(ctx, it.Name, it)
		})
	}
	c.Wait("main", "join", wg.Wait)
	return out
}

// Limited starts one goroutine per request but lets at most limit of them
// talk to the server at once: a buffered channel is the semaphore.
func Limited(ctx context.Context, c *Client, items []fetch.Item, limit int) []fetch.Outcome {
	out := make([]fetch.Outcome, len(items))
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Go(func() {
			defer c.Lane(it.Name)()
			c.Wait(it.Name, "chan semaphore", func() { sem <- struct{}{} }) // take a slot
			out[i] = c.Get(ctx, it.Name, it)
			<-sem // give it back
		})
	}
	c.Wait("main", "join", wg.Wait)
	return out
}

// Pool starts workers goroutines that take the next request from a channel
// until it is closed: whoever is free takes the next one.
func Pool(ctx context.Context, c *Client, items []fetch.Item, workers int) []fetch.Outcome {
	out := make([]fetch.Outcome, len(items))
	jobs := make(chan int, len(items))
	for i := range items {
		jobs <- i
	}
	close(jobs)
	var wg sync.WaitGroup
	for w := range workers {
		name := fmt.Sprintf("worker %d", w+1)
		wg.Go(func() {
			defer c.Lane(name)()
			for i := range jobs {
				out[i] = c.Get(ctx, name, items[i])
			}
		})
	}
	c.Wait("main", "join", wg.Wait)
	return out
}

// Chunks splits the requests into workers fixed chunks, one goroutine each,
// one request after another within a chunk: the total is the slowest chunk.
func Chunks(ctx context.Context, c *Client, items []fetch.Item, workers int) []fetch.Outcome {
	out := make([]fetch.Outcome, len(items))
	var wg sync.WaitGroup
	for w := range workers {
		name := fmt.Sprintf("chunk %d", w+1)
		lo, hi := w*len(items)/workers, (w+1)*len(items)/workers
		wg.Go(func() {
			defer c.Lane(name)()
			for i := lo; i < hi; i++ {
				out[i] = c.Get(ctx, name, items[i])
			}
		})
	}
	c.Wait("main", "join", wg.Wait)
	return out
}

// Errgroup runs at most limit requests at once with golang.org/x/sync/errgroup:
// g.Go waits for a free slot, and the first failure cancels ctx, so the
// requests in flight give up and the ones not yet sent are not sent. Like
// g.Wait it returns the first error.
func Errgroup(ctx context.Context, c *Client, items []fetch.Item, limit int) ([]fetch.Outcome, error) {
	out := make([]fetch.Outcome, len(items))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, it := range items {
		get := func() error {
			defer c.Lane(it.Name)()
			out[i] = c.Get(ctx, it.Name, it)
			if out[i].Failed() {
				return fmt.Errorf("%s: %s", it.Name, out[i].Result) // cancels ctx
			}
			return nil
		}
		c.Wait("main", "chan limit", func() { g.Go(get) }) // g.Go waits while limit goroutines run
	}
	var err error
	c.Wait("main", "join", func() { err = g.Wait() })
	return out, err
}
