//go:build exercises

// Package dedup is an exercise in testing concurrent code: write the test
// that catches a planted bug.
//
// Cache (in cache.go) keeps the flags that its Loader downloads, so that
// each flag is downloaded once: a second Get of the same code comes from
// the cache. A mutex guards its map, and the race detector finds nothing
// wrong with it. Yet it has a bug: when two goroutines ask for the same
// flag at the same time, before the first download is done, both miss the
// cache and both download. A cache in front of a slow server is there for
// exactly those moments.
//
// A test that calls Get from one goroutine never sees it; a test with real
// goroutines and real sleeps sees it only sometimes, and slowly. Inside a
// testing/synctest bubble, time.Sleep takes no real time, and the clock
// moves only once every goroutine of the bubble is blocked: two goroutines
// that call Get at the same instant both get there before the clock moves,
// every time. synctest.Wait() waits until every other goroutine of the
// bubble is blocked, so that you can look at what they did meanwhile.
//
// Goal: TestGet fails on Cache, every time, and passes on a correct cache.
// It gets the cache to test from newCache, so that the checks can run it
// three ways: on New (the Cache of cache.go), where it must fail, and on
// two correct caches, where it must pass. Write your test inside
// synctest.Test, and count the Loader's calls with sync/atomic: in the
// buggy Cache two goroutines call it at once.
//
// Change TestGet only. Check your work with `conclab check dedup` (it runs
// your test on each cache); stuck? `conclab hint dedup`.
package dedup

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestGet tests a cache of flags made by newCache.
func TestGet(t *testing.T, newCache func(load Loader) Getter) {
	synctest.Test(t, func(t *testing.T) {
		// Answer, part 1: the Loader counts its calls with an atomic:
		// in a cache with the bug two goroutines call it at once, and a
		// plain int would be a data race of the test's own.
		var loads atomic.Int32
		c := newCache(func(code string) []byte {
			loads.Add(1)
			time.Sleep(time.Second) // the download: in the bubble it takes no real time
			return []byte("flag of " + code)
		})
		// Answer, part 2: two Gets of the same flag at the same instant.
		// In the bubble the clock moves only once both goroutines are
		// blocked: both are inside Get before the first load ends, every
		// run, so a cache that misses twice loads twice, every run.
		start := time.Now()
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				// t.Errorf is safe from any goroutine (t.Fatal is not).
				if got := string(c.Get("CN")); got != "flag of CN" {
					t.Errorf("Get(CN) = %q, want %q", got, "flag of CN")
				}
				// Answer, part 3: the clock of the bubble is exact: the
				// second Get waits for the first one's load, 1 s, no
				// more (a cache that loads again would take 2 s).
				if d := time.Since(start); d != time.Second {
					t.Errorf("a Get of CN returned after %v, want 1s, when the one download is done", d)
				}
			})
		}
		wg.Wait()
		if n := loads.Load(); n != 1 {
			t.Errorf("two Gets of CN at the same time loaded it %d times, want once: the second Get must wait for the first one's load", n)
		}
		// Answer, part 4: and once loaded, the flag comes from the cache,
		// at once.
		if got := string(c.Get("CN")); got != "flag of CN" || loads.Load() != 1 || time.Since(start) != time.Second {
			t.Errorf("a later Get(CN) = %q after %d loads at %v, want %q from the cache, at once", got, loads.Load(), time.Since(start), "flag of CN")
		}
	})
}
