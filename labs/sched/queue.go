package sched

import (
	"slices"
	"time"
)

// entry is an item of the ready queue: a task's next step, or (under
// Cooperative) the callback of a sleep's timer that came due. That callback
// is what asyncio's timer runs: it completes the sleep's future, and the
// future queues the task's next step behind what is already ready.
type entry struct {
	t     *Task
	timer bool          // a timer's callback, not the task's step
	gen   uint64        // timer: the task's generation when the timer was set (stale if it changed)
	at    time.Duration // timer: when it was due
}

// fifo is the ready queue: first in, first out.
type fifo struct {
	buf  []entry
	head int
}

func (q *fifo) len() int       { return len(q.buf) - q.head }
func (q *fifo) items() []entry { return q.buf[q.head:] }
func (q *fifo) push(e entry)   { q.buf = append(q.buf, e) }

func (q *fifo) pop() entry {
	e := q.buf[q.head]
	q.buf[q.head] = entry{}
	q.head++
	if q.head >= 1024 && q.head*2 >= len(q.buf) {
		n := copy(q.buf, q.buf[q.head:])
		clear(q.buf[n:])
		q.buf, q.head = q.buf[:n], 0
	}
	return e
}

type timerKind uint8

const (
	wakeTimer   timerKind = iota // a sleep or a parked call ends: the task becomes ready
	resumeTimer                  // a blocking call or CPU work ends: the task goes on on its worker
	sliceTimer                   // a time slice of CPU work ends (preemptive models)
	gilTimer                     // GIL: a thread's timed wait for the lock ends (see GIL)
)

func (k timerKind) String() string {
	switch k {
	case wakeTimer:
		return "wake"
	case resumeTimer:
		return "return"
	case gilTimer:
		return "gil"
	default:
		return "slice"
	}
}

// timer is an entry of the timer heap.
type timer struct {
	at    time.Duration
	seq   uint64 // set order: breaks ties between timers due at the same time
	gen   uint64 // the task's generation when set; a mismatch means the timer is stale
	task  *Task
	kind  timerKind
	slice time.Duration
}

func (a timer) before(b timer) bool { return a.at < b.at || (a.at == b.at && a.seq < b.seq) }

// timerHeap is a binary min-heap of timers by (at, seq).
type timerHeap struct{ h []timer }

func (h *timerHeap) len() int { return len(h.h) }

// peek is the earliest timer; the heap must not be empty.
func (h *timerHeap) peek() timer { return h.h[0] }

func (h *timerHeap) push(e timer) {
	h.h = append(h.h, e)
	i := len(h.h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.h[i].before(h.h[p]) {
			break
		}
		h.h[i], h.h[p] = h.h[p], h.h[i]
		i = p
	}
}

func (h *timerHeap) pop() timer {
	top := h.h[0]
	n := len(h.h) - 1
	h.h[0] = h.h[n]
	h.h[n] = timer{}
	h.h = h.h[:n]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && h.h[l].before(h.h[m]) {
			m = l
		}
		if r < n && h.h[r].before(h.h[m]) {
			m = r
		}
		if m == i {
			break
		}
		h.h[i], h.h[m] = h.h[m], h.h[i]
		i = m
	}
	return top
}

// sorted returns the timers in firing order (a copy).
func (h *timerHeap) sorted() []timer {
	out := slices.Clone(h.h)
	slices.SortFunc(out, func(a, b timer) int {
		if a.before(b) {
			return -1
		}
		if b.before(a) {
			return 1
		}
		return 0
	})
	return out
}
