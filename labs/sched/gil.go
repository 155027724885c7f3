package sched

import (
	"time"

	"conclab/labs/trace"
)

// gilState is the lock's book-keeping under the GIL model, named after the
// fields of CPython's struct _gil_runtime_state (Include/internal/pycore_gil.h)
// where it has one. The zero value is a GIL nobody has taken yet.
type gilState struct {
	// switches is gil->switch_number: how many times the GIL went to a
	// thread other than its last holder.
	switches uint64
	// last is gil->last_holder.
	last *Task
	// since is when the holder's current stretch of CPU work began: a drop
	// request ends the stretch there and keeps the rest for later.
	since time.Duration
	// waits holds the threads whose timed wait for the GIL runs, each with
	// the switch number it saw when that wait began (take_gil's
	// saved_switchnum). A thread leaves it when it takes the GIL.
	waits map[*Task]uint64
	// dropped is the holder that was just asked to drop the GIL: it starts
	// waiting only once another thread took it (FORCE_SWITCHING in drop_gil).
	dropped *Task
	// request is a drop request the holder has not served yet: it came at
	// the instant the holder's CPU work ended (see gilTimeout). due says the
	// holder started new CPU work since: it serves the request now.
	request, due bool
}

// gilTake is take_gil's end: t now holds the GIL. Its timed wait, if one
// was running, is over (its timer goes stale); the switch number counts the
// change of holder; and the thread that was asked to drop the GIL, if any,
// starts its own timed wait now that another thread took it.
func (s *Sim) gilTake(t *Task) {
	g := &s.gil
	delete(g.waits, t)
	g.request, g.due = false, false // take_gil unsets the drop request bit
	t.gen++
	if g.last != t {
		g.last = t
		g.switches++
	}
	if d := g.dropped; d != nil {
		g.dropped = nil
		if d != t {
			s.gilWait(d)
		}
	}
}

// gilWait starts t's timed wait for the GIL: COND_TIMED_WAIT(gil->cond,
// gil->mutex, interval) in take_gil, with the switch number of now saved.
func (s *Sim) gilWait(t *Task) {
	g := &s.gil
	if g.waits == nil {
		g.waits = map[*Task]uint64{}
	}
	g.waits[t] = g.switches
	s.push(timer{at: s.now + s.cfg.Quantum, task: t, kind: gilTimer, gen: t.gen})
}

// stepGIL is Step under GIL: a ready task takes the free lock, or a drop
// request that is due is served, or the earliest timer fires. Then every
// task that became ready while another holds the lock and is not waiting
// yet (new, back from blocking I/O, woken by a channel) starts its timed
// wait, at the instant it began to wait: between steps, every waiter's wait
// is among the timers.
func (s *Sim) stepGIL() bool {
	g := &s.gil
	switch h := s.workers[0]; {
	case h == nil && s.ready.len() > 0:
		s.dispatch(s.ready.pop().t, 0)
	case h != nil && g.due:
		s.gilDrop(h)
	default:
		if !s.fireNext() {
			return false
		}
	}
	s.gilWaiters()
	return s.check()
}

// gilWaiters starts the timed wait of every ready task that is not waiting
// for the lock yet (the dropped holder starts its own in gilTake).
func (s *Sim) gilWaiters() {
	g := &s.gil
	if s.workers[0] == nil {
		return
	}
	n := len(g.waits)
	if g.dropped != nil {
		n++
	}
	if s.ready.len() == n {
		return // every ready task waits already
	}
	for _, e := range s.ready.items() {
		if _, ok := g.waits[e.t]; !ok && e.t != g.dropped {
			s.gilWait(e.t)
		}
	}
}

// gilTimeout handles the end of a thread's timed wait (a gilTimer), as
// take_gil's loop does: if the GIL changed hands during the wait, the thread
// waits another interval; if not, it sets the drop request
// (_PY_GIL_DROP_REQUEST_BIT) and waits again. The holder serves the request
// at its next eval-breaker check, which the model takes to be at once: it
// drops the GIL in the middle of its CPU work and keeps the rest for later.
// When its CPU work ends at this very instant, the work is done first and
// the request waits for the holder's next CPU work (the bit stays set until
// a thread takes the GIL; see stepGIL).
func (s *Sim) gilTimeout(e timer) {
	t, g := e.task, &s.gil
	saved, ok := g.waits[t]
	h := s.workers[0]
	if !ok || h == nil {
		return // not waiting any more (stale timers are dropped before they get here)
	}
	switched := g.switches != saved
	s.gilWait(t) // back to the top of take_gil's loop, switch number read before any drop
	switch {
	case switched || h.remaining == 0:
	case s.now-g.since == h.remaining:
		g.request = true
	default:
		s.gilDrop(h)
	}
}

// gilCompute notes that the holder starts CPU work of its own now: the whole
// of it is due at once, since only a drop request cuts it short.
func (s *Sim) gilCompute() {
	g := &s.gil
	g.since = s.now
	g.due = g.request
}

// gilDrop makes the holder h drop the GIL in the middle of its CPU work: it
// keeps what is left of the work and waits in the ready queue; it starts its
// timed wait once another thread took the GIL (see gilTake).
func (s *Sim) gilDrop(h *Task) {
	g := &s.gil
	g.request, g.due = false, false
	h.remaining -= s.now - g.since
	h.gen++ // the rest of its CPU work is no longer due
	w := h.worker
	s.release(h)
	h.set(trace.Ready, trace.NoWorker, 0)
	s.ready.push(entry{t: h})
	s.recordOn(evPreempt, h, w, 0, "")
	g.dropped = h
}
