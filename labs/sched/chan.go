package sched

import (
	"time"

	"conclab/labs/trace"
)

// Chan is a channel between the tasks of one Sim, with Go's semantics: a
// buffered channel holds up to its capacity, an unbuffered one hands each
// value from a sender to a receiver directly; a task that must wait gives its
// worker back. Make one with NewChan; the zero value is not usable.
type Chan[T any] struct {
	name   string
	wait   trace.Wait // name, as the spans of the tasks that wait on it say it
	cap    int
	buf    []T
	closed bool
	recvq  []*chanWaiter[T]
	sendq  []*chanWaiter[T]
}

type chanWaiter[T any] struct {
	t  *Task
	v  T
	ok bool
}

// NewChan returns a channel with the given capacity (0 = unbuffered); name
// shows in traces as what a waiting task waits on.
func NewChan[T any](name string, capacity int) *Chan[T] {
	return &Chan[T]{name: "chan " + name, wait: trace.WaitOn("chan " + name), cap: max(capacity, 0)}
}

// Len is the number of values buffered.
func (c *Chan[T]) Len() int { return len(c.buf) }

// Send sends v, waiting while the channel is full. Sending on a closed channel panics, as in Go.
func (c *Chan[T]) Send(t *Task, v T) {
	if c.closed {
		panic("send on closed channel " + c.name)
	}
	if r := c.nextReceiver(); r != nil {
		r.v, r.ok = v, true
		t.sim.wake(r.t, t, trace.CauseSend)
		return
	}
	if len(c.buf) < c.cap {
		c.buf = append(c.buf, v)
		return
	}
	w := &chanWaiter[T]{t: t, v: v}
	c.sendq = append(c.sendq, w)
	t.waitOn(c.wait)
	if !w.ok {
		panic("send on closed channel " + c.name)
	}
}

// Recv receives a value, waiting while there is none; ok is false once the
// channel is closed and drained.
func (c *Chan[T]) Recv(t *Task) (v T, ok bool) {
	if len(c.buf) > 0 {
		v = c.buf[0]
		var zero T
		c.buf[0] = zero
		c.buf = c.buf[1:]
		if len(c.sendq) > 0 { // a waiting sender's value takes the freed slot
			w := c.sendq[0]
			c.sendq = c.sendq[1:]
			c.buf = append(c.buf, w.v)
			w.ok = true
			t.sim.wake(w.t, t, trace.CauseRecv)
		}
		return v, true
	}
	if len(c.sendq) > 0 { // unbuffered: take the value from the sender
		w := c.sendq[0]
		c.sendq = c.sendq[1:]
		w.ok = true
		t.sim.wake(w.t, t, trace.CauseRecv)
		return w.v, true
	}
	if c.closed {
		return v, false
	}
	w := &chanWaiter[T]{t: t}
	c.recvq = append(c.recvq, w)
	t.waitOn(c.wait)
	return w.v, w.ok
}

// Close closes the channel: waiting receivers get ok == false, waiting
// senders panic, as in Go. Closing twice panics.
func (c *Chan[T]) Close(t *Task) {
	if c.closed {
		panic("close of closed channel " + c.name)
	}
	c.closed = true
	for _, r := range c.recvq {
		if r.waiting() { // not a RecvBefore its deadline woke
			t.sim.wake(r.t, t, trace.CauseClose)
		}
	}
	for _, w := range c.sendq {
		t.sim.wake(w.t, t, trace.CauseClose)
	}
	c.recvq, c.sendq = nil, nil
}

// Signal is a one-shot broadcast between tasks, like closing a done channel
// or cancelling a context. The zero value is an unfired signal.
type Signal struct {
	fired   bool
	waiters []signalWaiter
}

type signalWaiter struct {
	t   *Task
	gen uint64
}

// Fired reports whether Fire was called.
func (g *Signal) Fired() bool { return g.fired }

// Fire fires the signal (once; later calls do nothing) and wakes every task waiting on it.
func (g *Signal) Fire(t *Task) {
	if g.fired {
		return
	}
	g.fired = true
	for _, w := range g.waiters {
		if w.gen == w.t.gen && !w.t.done {
			w.t.signaled = true
			t.sim.wake(w.t, t, trace.CauseFire)
		}
	}
	g.waiters = nil
}

// Await gives the worker back until the signal fires (<-ctx.Done()).
func (t *Task) Await(g *Signal) {
	if g.fired {
		return
	}
	g.waiters = append(g.waiters, signalWaiter{t, t.gen})
	t.waitOn(trace.OnSignal)
	t.signaled = false
}

// SleepUntil sleeps d, or less if g fires first (select on a timer and
// ctx.Done()); it reports whether the signal cut the sleep short.
func (t *Task) SleepUntil(d time.Duration, g *Signal) bool {
	if g.fired {
		return true
	}
	g.waiters = append(g.waiters, signalWaiter{t, t.gen})
	t.via++ // the caller's line is one call further up (see markSite)
	t.Sleep(d)
	t.via--
	fired := t.signaled
	t.signaled = false
	return fired
}

// BlockUntil makes a blocking call that takes d, or less if g fires first (a
// request made with a context); it reports whether the signal cut it short.
// Under Cooperative the call holds the worker and cannot be cut short (no
// other task runs on that loop to cancel it): it is Block(d) and returns false.
func (t *Task) BlockUntil(d time.Duration, g *Signal) bool {
	if g.fired {
		return true
	}
	t.via++ // the caller's line is one call further up (see markSite)
	defer func() { t.via-- }()
	if t.sim.cfg.Model == Cooperative {
		t.Block(d)
		return false
	}
	g.waiters = append(g.waiters, signalWaiter{t, t.gen})
	t.Block(d)
	fired := t.signaled
	t.signaled = false
	return fired
}
