package sched

import (
	"slices"
	"time"

	"conclab/labs/trace"
)

// RecvBefore receives a value, or gives up at the virtual time deadline: a
// select on the channel and a timer,
//
//	timeout := time.After(d) // deadline = t.Now() + d
//	select {
//	case v, ok := <-c:
//	case <-timeout:
//	}
//
// It returns the value and ok as Recv does, and timedOut when the deadline
// came first (v is then the zero value and ok false). A value already
// buffered, a waiting sender or a closed channel is served at once, even
// at or after the deadline; otherwise a deadline already past times out at
// once. A value and the deadline that come at the same instant: the one
// handled first wins (Go's select picks one at random).
func (c *Chan[T]) RecvBefore(t *Task, deadline time.Duration) (v T, ok, timedOut bool) {
	if len(c.buf) > 0 || len(c.sendq) > 0 || c.closed {
		v, ok = c.Recv(t)
		return v, ok, false
	}
	if t.sim.now >= deadline {
		return v, false, true
	}
	w := &chanWaiter[T]{t: t}
	c.recvq = append(c.recvq, w)
	t.sim.push(timer{at: deadline, task: t, kind: wakeTimer, gen: t.gen})
	t.waitOn(c.wait)
	// Woken by a sender (the timer is stale now), by Close, or by the
	// timer: then w may still be queued, or a sender or Close passed over it.
	if i := slices.Index(c.recvq, w); i >= 0 {
		c.recvq = slices.Delete(c.recvq, i, i+1)
	}
	if w.ok {
		return w.v, true, false
	}
	if t.sim.now >= deadline {
		return v, false, true
	}
	return v, false, false // closed before the deadline
}

// waiting reports whether w's task still waits to receive: a RecvBefore
// whose deadline came first is woken but still queued until it runs, and a
// sender or Close must pass over it.
func (w *chanWaiter[T]) waiting() bool { return w.t.state == trace.Waiting }

// nextReceiver pops the first receiver still waiting, or returns nil.
func (c *Chan[T]) nextReceiver() *chanWaiter[T] {
	for len(c.recvq) > 0 {
		r := c.recvq[0]
		c.recvq = c.recvq[1:]
		if r.waiting() {
			return r
		}
	}
	return nil
}
