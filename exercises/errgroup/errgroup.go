// Package errgroup is an exercise of the cancel lab: fetch every shard at
// once, and give up on all of them at the first failure.
//
// A query's results are spread over shards; FetchAll fetches every shard
// at once and needs them all: one failure makes the whole answer useless.
// It uses an errgroup.Group, whose Wait waits for every goroutine started
// with Go and returns the first error one of them returned. But a zero
// Group "does not cancel on error" (its doc says so): when shard s2 fails
// at 0.2 s, s3 goes on fetching until 0.9 s, Wait waits for it, and the
// caller learns of the failure 0.7 s late, after work nobody wanted.
//
// errgroup.WithContext(ctx) returns a Group and a context derived from ctx
// that is cancelled "the first time a function passed to Go returns a
// non-nil error". A Fetch given that context gives up as soon as it is
// cancelled.
//
// Goal: FetchAll returns every page when no shard fails, at the slowest
// shard's time; when one fails, it returns that first failure the moment
// it happens (s2's at 0.2 s), and every other fetch stops there and then.
//
// Change FetchAll only. Check your work with `conclab check errgroup`;
// stuck? `conclab hint errgroup`.
package errgroup

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"conclab/exercises/kit"
)

// Shard is one part of the results: fetching it takes Latency, and then it
// answers with its page, or fails if Fails.
type Shard struct {
	Name    string
	Latency time.Duration
	Fails   bool
}

// Page is what a shard answers.
type Page struct {
	Shard string
}

// ShardError is the error of a shard that failed.
type ShardError struct {
	Shard string
}

func (e *ShardError) Error() string { return e.Shard + ": 503 Service Unavailable" }

// Fetch fetches shard s, as an HTTP request made with a context does: it
// answers after s.Latency, unless ctx is done first — then it gives up at
// once and returns ctx's error.
func Fetch(ctx context.Context, log *kit.Log, s Shard) (Page, error) {
	log.Wait(s.Name, "io")
	defer log.Done(s.Name)
	select {
	case <-log.After(s.Latency): // the answer came (time.After, on the log's clock)
	case <-ctx.Done():
		log.Printf(s.Name, "%s gave up: %v", s.Name, ctx.Err())
		return Page{}, fmt.Errorf("%s: %w", s.Name, ctx.Err())
	}
	if s.Fails {
		err := &ShardError{s.Name}
		log.Printf(s.Name, "%v", err)
		return Page{}, err
	}
	log.Printf(s.Name, "%s: page fetched", s.Name)
	return Page{Shard: s.Name}, nil
}

// FetchAll fetches every shard at once and returns their pages, in the
// order of shards; or, if a shard fails, the first failure and no pages.
func FetchAll(ctx context.Context, log *kit.Log, shards []Shard) ([]Page, error) {
	// TODO: a zero Group cancels nothing. Make the group with
	// errgroup.WithContext(ctx), and give its context to Fetch.
	var g errgroup.Group
	pages := make([]Page, len(shards))
	for i, s := range shards {
		g.Go(func() error {
			p, err := Fetch(ctx, log, s)
			if err != nil {
				return err
			}
			pages[i] = p // each goroutine writes its own element: no race
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return pages, nil
}
