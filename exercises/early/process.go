package early

import "time"

// Processor is what your test tests: a function that calls fn for each
// item, each in a goroutine of its own, and returns once every call has
// returned.
type Processor func(items []string, fn func(item string))

// Process is meant to be a Processor. It starts a goroutine per item, then
// sleeps 100 ms — "long enough for the work, surely" — instead of waiting
// for the goroutines. In a quick test it looks right: calls that take less
// than 100 ms are all done when it returns. A call that takes longer is
// still running when it returns, and the caller reads results that are
// not there yet.
func Process(items []string, fn func(item string)) {
	for _, it := range items {
		go fn(it)
	}
	time.Sleep(100 * time.Millisecond)
}
