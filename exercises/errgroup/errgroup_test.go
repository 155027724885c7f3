//go:build exercises

package errgroup

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

var (
	// healthy shards: every page comes, the last at 0.45 s.
	healthy = []Shard{{"a", 120 * ms, false}, {"b", 450 * ms, false}, {"c", 300 * ms, false}}
	// five shards, s2 fails at 0.2 s; s3 would take 0.9 s.
	oneFails = []Shard{{"s1", 300 * ms, false}, {"s2", 200 * ms, true}, {"s3", 900 * ms, false},
		{"s4", 500 * ms, false}, {"s5", 150 * ms, false}}
	// two fail: t3 first, at 0.25 s; t1 would fail at 0.4 s, after it.
	twoFail = []Shard{{"t1", 400 * ms, true}, {"t2", 100 * ms, false}, {"t3", 250 * ms, true}, {"t4", 600 * ms, false}}
)

// outcome is the model of the checks: the shards are fetched at once;
// with no failure every page comes, when the slowest shard answers; else
// the first shard to fail ends it all when it fails. It also returns the
// slowest shard's time: when FetchAll returns if nothing is cancelled.
func outcome(shards []Shard) (failed string, at, slowest time.Duration) {
	first := time.Duration(-1)
	for _, s := range shards {
		slowest = max(slowest, s.Latency)
		if s.Fails && (first < 0 || s.Latency < first) {
			failed, first = s.Name, s.Latency
		}
	}
	if first < 0 {
		return "", slowest, slowest
	}
	return failed, first, slowest
}

func TestOutcomeModel(t *testing.T) {
	tests := []struct {
		shards      []Shard
		failed      string
		at, slowest time.Duration
	}{
		{healthy, "", 450 * ms, 450 * ms},
		{oneFails, "s2", 200 * ms, 900 * ms},
		{twoFail, "t3", 250 * ms, 600 * ms},
	}
	for _, tt := range tests {
		failed, at, slowest := outcome(tt.shards)
		if failed != tt.failed || at != tt.at || slowest != tt.slowest {
			t.Errorf("outcome(%v) = %q, %v, %v, want %q, %v, %v", tt.shards, failed, at, slowest, tt.failed, tt.at, tt.slowest) // guards the check itself
		}
	}
}

func TestFetchAll(t *testing.T) {
	tests := []struct {
		name   string
		shards []Shard
	}{
		{"five shards, s2 fails at 0.2 s, s3 takes 0.9 s", oneFails},
		{"four shards, t3 fails at 0.25 s, t1 at 0.4 s", twoFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				// First the healthy shards: every page, in order.
				start := log.Elapsed()
				pages, err := FetchAll(context.Background(), log, healthy)
				checkHealthy(t, pages, err, log.Elapsed()-start)
				start = log.Elapsed()
				pages, err = FetchAll(context.Background(), log, tt.shards)
				checkFailure(t, tt.shards, pages, err, log.Elapsed()-start)
			})
		})
	}
}

func checkHealthy(t *testing.T, pages []Page, err error, took time.Duration) {
	t.Helper()
	_, at, _ := outcome(healthy)
	var want []Page
	for _, s := range healthy {
		want = append(want, Page{s.Name})
	}
	switch {
	case err != nil:
		t.Fatalf("with no shard failing, FetchAll returned the error %v, want every page — return an error only "+
			"when a Fetch fails", err)
	case !slices.Equal(pages, want):
		t.Fatalf("with no shard failing, FetchAll returned %v, want %v: every shard's page, in the order of the "+
			"shards", pages, want)
	case took != at:
		t.Fatalf("with no shard failing, FetchAll took %s, want %s, the slowest shard's time: fetch them all at "+
			"once, and wait for all of them", kit.Seconds(took), kit.Seconds(at))
	}
}

func checkFailure(t *testing.T, shards []Shard, pages []Page, err error, took time.Duration) {
	t.Helper()
	failed, at, slowest := outcome(shards)
	var se *ShardError
	switch {
	case err == nil:
		t.Fatalf("FetchAll returned no error (pages %v), want %s's failure: when a Fetch fails, return its "+
			"error", pages, failed)
	case !errors.As(err, &se) || se.Shard != failed:
		t.Fatalf("FetchAll returned the error %q, want the first failure, %s's at %s: keep the first error a "+
			"goroutine returns (errgroup's Wait does), not the context canceled of the fetches it stopped",
			err, failed, kit.Seconds(at))
	case took == slowest:
		t.Fatalf("FetchAll returned %s's failure at %s, when the slowest shard was done, want %s, when %s failed — "+
			"nothing stopped the other fetches: a zero errgroup.Group does not cancel on error, and the caller's ctx "+
			"is never cancelled. errgroup.WithContext(ctx) gives a context that is cancelled at the first error: "+
			"pass that one to Fetch", failed,
			kit.Seconds(took), kit.Seconds(at), failed)
	case took != at:
		t.Fatalf("FetchAll returned %s's failure at %s, want %s, the moment it failed: cancel the other fetches "+
			"then (the group's context, given to Fetch), and return", failed, kit.Seconds(took), kit.Seconds(at))
	case pages != nil:
		t.Fatalf("FetchAll returned the failure and %d pages, want no pages with an error: a part of the "+
			"answer is not the answer", len(pages))
	}
}
