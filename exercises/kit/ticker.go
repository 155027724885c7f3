package kit

import (
	"container/heap"
	"time"
)

// Ticker delivers ticks at intervals, as a time.Ticker does: the first one
// period after it was made, then one every period. Its channel holds one
// tick; a tick that finds the last one still unread is dropped, so a slow
// reader gets the ticks it missed as one. Make one with Log.Ticker (or
// Clock.NewTicker); Stop it when it is no longer needed.
type Ticker struct {
	// C is the channel on which the ticks are delivered: the time (on the
	// ticker's clock) each was due.
	C    <-chan time.Time
	stop func()
}

// Stop turns the ticker off: no tick is sent after it returns. It does not
// close C (a goroutine reading it would see no tick, not a close). Stopping
// a stopped ticker does nothing.
func (t *Ticker) Stop() { t.stop() }

// Ticker returns a new Ticker that ticks every d on the Log's clock:
// time.NewTicker(d)'s ticker for a Log made with New (and for a nil Log),
// one on the kit Clock for a Log made with NewOn. Like time.NewTicker, it
// panics if d <= 0. It records nothing: say what the task waits for with
// Wait before it reads C.
func (l *Log) Ticker(d time.Duration) *Ticker {
	if l == nil || l.clock == nil {
		t := time.NewTicker(d)
		return &Ticker{C: t.C, stop: t.Stop}
	}
	return l.clock.NewTicker(d)
}

// NewTicker returns a Ticker on the Clock: its ticks are timers of the
// Clock, due at d, 2d, 3d... after now, that Advance fires (see Advance for
// the ticks it drops). It panics if d <= 0, as time.NewTicker does.
func (c *Clock) NewTicker(d time.Duration) *Ticker {
	if d <= 0 {
		panic("kit: non-positive interval for Clock.NewTicker")
	}
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	id := c.seq
	heap.Push(&c.timers, clockTimer{at: c.now + d, seq: c.seq, ch: ch, period: d, id: id})
	return &Ticker{C: ch, stop: func() { c.stopTicker(id) }}
}

// stopTicker takes the ticker with that id off the Clock, if it is still on.
func (c *Clock) stopTicker(id uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, t := range c.timers {
		if t.id == id {
			heap.Remove(&c.timers, i)
			return
		}
	}
}
