//go:build exercises

package ctxdone

import (
	"context"
	"errors"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// batch makes items of the costs given in ms, numbered from 1.
func batch(costs ...int) []Item {
	items := make([]Item, len(costs))
	for i, c := range costs {
		items[i] = Item{i + 1, time.Duration(c) * ms}
	}
	return items
}

// A scenario is a batch and when its context is done: cancelled by the
// caller, or past a timeout.
type scenario struct {
	items    []Item
	cancelAt time.Duration
	timeout  bool // context.WithTimeout(cancelAt), not a cancel() at cancelAt
}

var (
	eight = scenario{batch(100, 100, 100, 100, 100, 100, 100, 100), 250 * ms, false}
	mixed = scenario{batch(70, 20, 150, 60, 90, 40), 80 * ms, true}
)

// stop is the model of the checks: items run one after another; before
// each one, a worker that honours ctx stops if ctx is done. It returns how
// many items were done, when the worker stopped, and when the whole batch
// would end. ok is false when ctx is done at the very instant an item ends
// (the worker and the canceller would race: the scenarios avoid it).
func stop(s scenario) (done int, at, all time.Duration, ok bool) {
	ok, stopped := true, false
	for _, it := range s.items {
		ok = ok && at != s.cancelAt
		if at > s.cancelAt {
			stopped = true
		}
		if !stopped {
			done, at = done+1, at+it.Cost
		}
		all += it.Cost
	}
	return done, at, all, ok
}

func TestStopModel(t *testing.T) {
	tests := []struct {
		s       scenario
		done    int
		at, all time.Duration
	}{
		{eight, 3, 300 * ms, 800 * ms}, // cancelled during item 3 (200 to 300 ms)
		{mixed, 2, 90 * ms, 430 * ms},  // done during item 2 (70 to 90 ms)
	}
	for _, tt := range tests {
		done, at, all, ok := stop(tt.s)
		if done != tt.done || at != tt.at || all != tt.all || !ok {
			t.Errorf("stop(%v) = %d, %v, %v, %v, want %d, %v, %v, true", tt.s, done, at, all, ok, tt.done, tt.at, tt.all) // guards the check itself
		}
	}
}

func TestProcess(t *testing.T) {
	tests := []struct {
		name string
		s    scenario
	}{
		{"eight 100 ms items, cancelled at 0.25 s", eight},
		{"six items of 20 to 150 ms, a timeout of 80 ms", mixed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				var ctx context.Context
				var cancel context.CancelFunc
				if tt.s.timeout {
					ctx, cancel = context.WithTimeout(context.Background(), tt.s.cancelAt)
				} else {
					ctx, cancel = context.WithCancel(context.Background())
					go func() {
						log.Sleep("caller", tt.s.cancelAt)
						log.Printf("caller", "cancel()")
						cancel()
						log.Done("caller")
					}()
				}
				defer cancel()
				done, err := Process(ctx, log, tt.s.items)
				checkProcess(t, log, tt.s, done, err, ctx)
			})
		})
	}
}

func checkProcess(t *testing.T, log *kit.Log, s scenario, done int, err error, ctx context.Context) {
	t.Helper()
	elapsed := log.Elapsed()
	wantDone, wantAt, all, _ := stop(s)
	how := "cancelled"
	if s.timeout {
		how = "past its timeout"
	}
	switch {
	case elapsed == all && done == len(s.items):
		t.Fatalf("Process worked through all %d items and returned at %s, though ctx was %s at %s, want it to stop "+
			"at %s, after the item in hand — break inside a select ends only the select, not the for loop around "+
			"it: return there, or break out of the loop with a label", len(s.items), kit.Seconds(elapsed), how,
			kit.Seconds(s.cancelAt), kit.Seconds(wantAt))
	case elapsed < s.cancelAt:
		t.Fatalf("Process returned at %s, before ctx was %s (at %s), want it to go on until then and stop at %s: "+
			"stop only in the case <-ctx.Done(), not in default", kit.Seconds(elapsed), how, kit.Seconds(s.cancelAt),
			kit.Seconds(wantAt))
	case elapsed > wantAt:
		t.Fatalf("Process returned at %s, want %s: ctx was %s at %s, during item %d, and it should start no item "+
			"after that — look at ctx.Done() before each item, and leave the loop when it is closed",
			kit.Seconds(elapsed), kit.Seconds(wantAt), how, kit.Seconds(s.cancelAt), wantDone)
	case elapsed != wantAt:
		t.Fatalf("Process returned at %s, want %s, at the end of item %d, the item in hand when ctx was %s: an "+
			"item once begun is finished", kit.Seconds(elapsed), kit.Seconds(wantAt), wantDone, how)
	case done != wantDone:
		t.Fatalf("Process returned %d items done, want %d: it finished items 1 to %d", done, wantDone, wantDone)
	case !errors.Is(err, ctx.Err()) || err == nil:
		t.Fatalf("Process returned the error %v, want ctx.Err() (%v): the caller must learn that the batch was cut "+
			"short, and why", err, ctx.Err())
	}
}
