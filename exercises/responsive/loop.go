package responsive

import (
	"container/heap"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Loop is a callback event loop, as asyncio's and a browser's are: one
// goroutine runs every callback, one at a time, each to its end. While a
// callback runs, nothing else on the loop does: not a timer that falls
// due, not a callback another goroutine posted. Make one with New.
//
// Each round, the loop runs the timers that are due, earliest first, then
// the callbacks posted before the round began, in the order they were
// posted; when there is nothing to run, it waits for the next timer or
// the next Post. At, Stop and Show are for callbacks on the loop only;
// Post is safe from any goroutine.
type Loop struct {
	log     *kit.Log
	start   time.Time // the loop's clock reads the time since start
	timers  timerHeap // loop only
	seq     int       // loop only: of two timers due together, the one set first runs first
	stopped bool      // loop only

	mu     sync.Mutex
	posted []callback    // guarded by mu
	wake   chan struct{} // room for one: a Post wakes a waiting loop
}

// callback is a function the loop calls, and the task it works for.
type callback struct {
	task string
	fn   func()
}

// New returns a loop whose clock starts now.
func New(log *kit.Log) *Loop {
	return &Loop{log: log, start: log.Now(), wake: make(chan struct{}, 1)}
}

// Log is the loop's Log: what its callbacks do goes through it.
func (l *Loop) Log() *kit.Log { return l.log }

// Now reads the loop's clock: the time since New.
func (l *Loop) Now() time.Duration { return l.log.Now().Sub(l.start) }

// At sets a timer: the loop calls fn, for task, once its clock reads at
// (at once if that time has passed). For callbacks on the loop only.
func (l *Loop) At(at time.Duration, task string, fn func()) {
	l.seq++
	heap.Push(&l.timers, timer{at: at, seq: l.seq, cb: callback{task, fn}})
}

// Post asks the loop to call fn, for task, in its next round. It is safe
// from any goroutine, as asyncio's call_soon_threadsafe is: a goroutine
// hands its result to the loop this way.
func (l *Loop) Post(task string, fn func()) {
	l.mu.Lock()
	l.posted = append(l.posted, callback{task, fn})
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default: // the loop has been woken already
	}
}

// Stop makes Run return once the callback that called it returns. For
// callbacks on the loop only.
func (l *Loop) Stop() { l.stopped = true }

// Run runs the loop until a callback calls Stop, and returns the loop's
// clock then.
func (l *Loop) Run() time.Duration {
	l.log.Run("loop")
	for !l.stopped {
		var ready []callback
		for len(l.timers) > 0 && l.timers[0].at <= l.Now() {
			ready = append(ready, heap.Pop(&l.timers).(timer).cb)
		}
		l.mu.Lock()
		ready = append(ready, l.posted...)
		l.posted = nil
		l.mu.Unlock()
		if len(ready) == 0 {
			l.wait()
			continue
		}
		for _, cb := range ready {
			cb.fn()
			if l.stopped {
				break
			}
		}
	}
	l.log.Done("loop")
	return l.Now()
}

// wait waits for the next timer or the next Post, whichever comes first:
// the loop's only blocking call.
func (l *Loop) wait() {
	var due <-chan time.Time // nil, and never ready, with no timer set
	on := "post"
	if len(l.timers) > 0 {
		due, on = l.log.After(l.timers[0].at-l.Now()), "timer"
	}
	l.log.Wait("loop", on)
	select {
	case <-l.wake:
	case <-due:
	}
	l.log.Run("loop")
}

// timer says that a callback is due at time at, on the loop's clock.
type timer struct {
	at  time.Duration
	seq int
	cb  callback
}

// timerHeap is a min-heap of timers by time, then by the order they were
// set (for container/heap).
type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
