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

// Loop is a toy event loop: a clock, and a min-heap of timers that say when
// each task wants to run next. Make one with New. Like every event loop it
// runs on one goroutine: it is not safe for concurrent use.
type Loop struct {
	log    *kit.Log
	start  time.Time // the loop's clock reads the time since start, on the log's clock
	timers timerHeap // when each task wants to run next, earliest first
	seq    int       // counts pushes: of two timers due together, the one pushed first runs first
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
	// Answer, part 1: iter.Pull makes body a coroutine. Nothing of it runs
	// yet: each call of next runs it up to its next yield (or to its end),
	// on the caller's behalf, and hands back the value it yielded.
	next, stop := iter.Pull(body)
	l.push(l.Now(), &task{name: name, body: body, next: next, stop: stop})
}

// Run resumes the tasks, the one due first first, until none is left, and
// returns the loop's clock when the last one has returned.
func (l *Loop) Run() time.Duration {
	// If a task panics, stop the others on the way out: no coroutine is
	// left suspended forever.
	defer func() {
		for _, t := range l.timers {
			t.task.stop()
		}
	}()
	for l.timers.Len() > 0 {
		// Answer, part 2: the timer due first. Ties go to the timer pushed
		// first (timerHeap.Less), so the order is the same every run.
		t := l.pop()

		// Answer, part 3: the loop's only blocking call. It sleeps until
		// the earliest timer is due and not a moment longer; if a blocking
		// task made it late, it does not sleep at all.
		l.sleepUntil(t.at)

		// Answer, part 4: resume the task. It runs on this goroutine until
		// its next yield: while it runs, nothing else does — which is why a
		// blocking call inside a task (CountBlocking) stops the whole loop.
		wake, ok := t.task.next()
		if !ok {
			continue // the task returned: its coroutine is over
		}
		l.push(wake, t.task)
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
