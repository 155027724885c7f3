// Package ctxdone is an exercise of the cancel lab: a worker that looks at
// ctx.Done() and still does not stop.
//
// Process works through a batch of items, one after another, each a piece
// of CPU work that cannot be cut short. The caller may cancel ctx at any
// time: Process should then stop at the end of the item in hand, and say
// why (ctx.Err()). It looks for that before each item, with a select whose
// default case lets it go on when ctx is not done. And yet a batch of eight
// 100 ms items cancelled at 0.25 s runs to its end, 0.8 s, as if nobody
// had asked.
//
// The catch is the break. In Go, break ends the innermost for, switch or
// select statement (the spec, "Break statements"): inside a select, that
// is the select. Process leaves the select and works on.
//
// Goal: cancelled at 0.25 s, Process stops at 0.3 s, after 3 items, and
// returns 3 and context.Canceled; whatever the items cost, it starts no
// item once ctx is done.
//
// Change Process only. Check your work with `conclab check ctxdone`;
// stuck? `conclab hint ctxdone`.
package ctxdone

import (
	"context"
	"time"

	"conclab/exercises/kit"
)

// Item is a piece of the batch: Cost is the CPU time it takes.
type Item struct {
	ID   int
	Cost time.Duration
}

// Process works through batch in order and returns how many items it
// finished, and ctx.Err() if ctx was done before the batch was.
func Process(ctx context.Context, log *kit.Log, batch []Item) (int, error) {
	defer log.Done("worker")
	done := 0
	for _, it := range batch {
		select {
		case <-ctx.Done():
			log.Printf("worker", "cancelled: %v", ctx.Err())
			// TODO: this break leaves the select, not the loop: the worker
			// goes on with the next item.
			//lint:ignore SA4011 the trap this exercise is about (staticcheck sees it too)
			break
		default: // not cancelled: go on
		}
		log.Work("worker", it.Cost)
		log.Printf("worker", "item %d done", it.ID)
		done++
	}
	return done, ctx.Err()
}
