package kit

import (
	"container/heap"
	"sync"
	"time"
)

// Epoch is the time a Clock reads when it is made: midnight UTC on
// 2000-01-01, where a testing/synctest bubble's clock starts too.
var Epoch = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Clock is a virtual clock that moves only when it is told to (Advance):
// the kit clock. A Log made with NewOn sleeps and reads the time on it
// instead of the time package's clock, so code that waits only through the
// Log (Sleep, Work, Block, After, Ticker) runs on it exactly and without real
// waiting, outside any testing/synctest bubble. conclab's checks fall back
// to it when a bubble's clock cannot move (see package kittest); whoever
// drives a Clock calls Advance whenever every goroutine that uses it is
// blocked.
//
// Timers due at the same instant fire one Advance at a time, in the order
// they were set. The zero value is not usable: make one with NewClock.
// Every method is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Duration
	seq    uint64
	timers clockHeap
}

// NewClock returns a Clock that reads 0 (Epoch) and has no timers.
func NewClock() *Clock { return &Clock{} }

// Now is the time since the Clock was made.
func (c *Clock) Now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the Clock's time (Epoch + Now)
// once d has passed on it, as time.After does on the real clock. For d <= 0
// the value is there at once.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if d <= 0 {
		ch <- Epoch.Add(c.now)
		return ch
	}
	c.seq++
	heap.Push(&c.timers, clockTimer{at: c.now + d, seq: c.seq, ch: ch})
	return ch
}

// Sleep returns once d has passed on the Clock (at once for d <= 0).
func (c *Clock) Sleep(d time.Duration) {
	if d > 0 {
		<-c.After(d)
	}
}

// Next reports when the earliest timer is due, and whether there is one. A
// ticker whose last tick is still unread does not count (its next tick
// would be dropped): see Advance.
func (c *Clock) Next() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.due()
}

// Advance moves the Clock to its earliest timer and fires that timer only:
// of several due at the same instant, the one set first. It reports false,
// and changes nothing, when no timer is set.
//
// A ticker (NewTicker) fires as time.Ticker does: a tick that finds the
// last one still unread in the ticker's channel is dropped. Advance skips
// such ticks rather than firing them one by one: it moves only to a timer
// that sends something, and reports false when every timer left is a
// ticker whose last tick nobody has read — nothing could wake a goroutine.
func (c *Clock) Advance() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.due()
	if !ok {
		return false
	}
	// Drop the ticks due by then that would find their channel full.
	for i, t := range c.timers {
		if t.period > 0 && len(t.ch) > 0 && t.at <= at {
			c.timers[i].at += (at-t.at)/t.period*t.period + t.period
		}
	}
	heap.Init(&c.timers)
	t := heap.Pop(&c.timers).(clockTimer)
	c.now = t.at
	t.ch <- Epoch.Add(t.at) // never blocks: it has room (see due)
	if t.period > 0 {
		c.seq++
		t.at, t.seq = t.at+t.period, c.seq
		heap.Push(&c.timers, t)
	}
	return true
}

// due is when the earliest timer that would send something is due: a
// timer, or a ticker whose channel has room. c.mu is held.
func (c *Clock) due() (time.Duration, bool) {
	var at time.Duration
	ok := false
	for _, t := range c.timers {
		if (t.period == 0 || len(t.ch) == 0) && (!ok || t.at < at) {
			at, ok = t.at, true
		}
	}
	return at, ok
}

// clockTimer is a timer of a Clock: at is when it is due; seq orders the
// timers due together by the order they were set. A ticker has a period
// (0 for a timer) and an id, by which Stop finds it.
type clockTimer struct {
	at     time.Duration
	seq    uint64
	ch     chan time.Time
	period time.Duration
	id     uint64
}

// clockHeap is a min-heap of timers by time, then by seq (for container/heap).
type clockHeap []clockTimer

func (h clockHeap) Len() int { return len(h) }
func (h clockHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].seq < h[j].seq
}
func (h clockHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *clockHeap) Push(x any)   { *h = append(*h, x.(clockTimer)) }
func (h *clockHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
