// Package eventloop is the exercise of the event-loop lab: build the loop
// yourself.
//
// A toy event loop runs tasks that are coroutines: a task runs until it
// yields the time, on the loop's clock, at which it wants to run again. The
// loop keeps a min-heap of timers (wake-up time, task), pops the earliest,
// sleeps until it is due — its only blocking call — resumes that task until
// its next yield, and pushes the task's next wake-up time. One goroutine runs
// it all; tasks due at the same time run in the order they were pushed.
//
// Goal: three countdowns — A from 5 at once, B from 3 after 2 s, C from 4
// after 1 s, a number a second — lift off together at 5 s, not one after
// another at 5, 10 and 15 s. And when B makes a blocking call between its
// numbers instead of yielding, the whole loop waits with it: B lifts off at
// 5 s, A and C only at 8 s.
//
// The tasks (Count, CountBlocking) and the heap are done: write Go and Run.
// Check your work with `conclab check eventloop`; stuck? `conclab hint
// eventloop`.
package eventloop

import (
	"container/heap"
	"iter"
	"time"

	"conclab/exercises/kit"
)

//lint:file-ignore U1000 the heap (timers, seq, push, pop) and the task's next and stop are for the Go and Run you write; the shipped file does not use them yet

// Loop is a toy event loop: a clock, and a min-heap of timers that say when
// each task wants to run next. Make one with New. Like every event loop it
// runs on one goroutine: it is not safe for concurrent use.
type Loop struct {
	log    *kit.Log
	start  time.Time // the loop's clock reads the time since start, on the log's clock
	timers timerHeap // when each task wants to run next, earliest first
	seq    int       // counts pushes: of two timers due together, the one pushed first runs first
	added  []*task   // the tasks, in the order Go added them
}

// task is one coroutine of the loop. next resumes it until it yields the
// time at which it wants to run again (ok is false once it has returned);
// stop ends it early.
type task struct {
	name string
	body iter.Seq[time.Duration]
	next func() (wake time.Duration, ok bool)
	stop func()
}

// New returns a loop with no tasks whose clock starts now.
func New(log *kit.Log) *Loop { return &Loop{log: log, start: log.Now()} }

// Now reads the loop's clock: the time since New.
func (l *Loop) Now() time.Duration { return l.log.Now().Sub(l.start) }

// Go adds a task named name, due now. Its body yields the times at which it
// wants to be resumed, and returns when the task is done.
func (l *Loop) Go(name string, body iter.Seq[time.Duration]) {
	// TODO: make the task a coroutine — next, stop := iter.Pull(body) — and
	// push it on the heap, due now (l.push).
	l.added = append(l.added, &task{name: name, body: body})
}

// Run resumes the tasks, the one due first first, until none is left, and
// returns the loop's clock when the last one has returned.
func (l *Loop) Run() time.Duration {
	// TODO: while there are timers: pop the one due first (l.pop), sleep
	// until it is due (l.sleepUntil), resume its task (next) and, unless
	// the task has returned, push the wake-up time it yielded.
	//
	// This version runs each task to its end before the next one starts,
	// sleeping through every wait it asks for: nobody else runs meanwhile.
	for _, t := range l.added {
		for wake := range t.body {
			l.sleepUntil(wake)
		}
	}
	return l.Now()
}

// sleepUntil is the loop's only blocking call: it sleeps until the loop's
// clock reads at (and returns at once if that time has passed).
func (l *Loop) sleepUntil(at time.Duration) {
	if d := at - l.Now(); d > 0 {
		l.log.Sleep("loop", d)
	}
}

// push puts task t on the heap, due at time at.
func (l *Loop) push(at time.Duration, t *task) {
	l.seq++
	heap.Push(&l.timers, timer{at: at, seq: l.seq, task: t})
}

// pop takes the timer due first off the heap. The heap must not be empty.
func (l *Loop) pop() timer { return heap.Pop(&l.timers).(timer) }

// timer says that task wants to run at time at, on the loop's clock.
type timer struct {
	at   time.Duration
	seq  int
	task *task
}

// timerHeap is a min-heap of timers by time, then by push order (for
// container/heap; use push and pop).
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
