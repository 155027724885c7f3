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
	"testing"
	"testing/synctest"
	"time"
)

// TestGet tests a cache of flags made by newCache.
func TestGet(t *testing.T, newCache func(load Loader) Getter) {
	synctest.Test(t, func(t *testing.T) {
		loads := 0
		c := newCache(func(code string) []byte {
			loads++
			time.Sleep(time.Second) // the download: in the bubble it takes no real time
			return []byte("flag of " + code)
		})
		// TODO: ask for the same flag from two goroutines at the same
		// time, wait for both (sync.WaitGroup), and check that the
		// Loader ran once, and that both got the flag. Count the loads
		// with an atomic.Int32: two goroutines may call the Loader at
		// once.
		if got := string(c.Get("CN")); got != "flag of CN" {
			t.Errorf("Get(CN) = %q, want %q", got, "flag of CN")
		}
		if loads != 1 {
			t.Errorf("the Loader ran %d times for one Get, want once", loads)
		}
	})
}
