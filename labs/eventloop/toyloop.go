package eventloop

import (
	"container/heap"
	"fmt"
	"iter"
	"time"
)

// Loop is a toy event loop: one thread, a virtual clock, and a min-heap of
// timers saying when each task wants to run next. A task is a coroutine: it
// runs until it yields the time at which it wants to be resumed, and the loop
// always resumes the task that is due first. Make one with NewLoop; like a
// real event loop it runs on one goroutine and is not safe for concurrent use.
type Loop struct {
	now     time.Duration // the virtual clock
	timers  timerHeap     // when each task wants to run next, earliest first
	seq     int           // counts pushes: of two tasks due together, the one pushed first runs first
	current *task         // the task running now; nil while the loop itself runs
	rec     recorder      // writes the trace for the step view (record.go)
}

// task is a coroutine: next resumes it until it yields the time it wants to
// wake up at; ok is false once the task has returned.
type task struct {
	name string
	next func() (wake time.Duration, ok bool)
	stop func()
}

// timer is an entry of the heap: task wants to run at time at.
type timer struct {
	at   time.Duration
	seq  int
	task *task
}

// NewLoop returns a loop at time 0 with no tasks.
func NewLoop() *Loop { return &Loop{} }

// Now is the loop's virtual time.
func (l *Loop) Now() time.Duration { return l.now }

// Go adds a task that is due now. Its body yields the times at which it wants
// to be resumed and returns when it is done.
func (l *Loop) Go(name string, body iter.Seq[time.Duration]) {
	next, stop := iter.Pull(body) // a coroutine: body runs only inside next()
	t := &task{name: name, next: next, stop: stop}
	l.rec.add(l, t)
	l.push(l.now, t)
}

// Printf prints a line as the running task, stamped with the virtual time.
func (l *Loop) Printf(format string, args ...any) {
	l.rec.print(l, fmt.Sprintf(format, args...))
}

// Sleep is a BLOCKING sleep, like time.Sleep called inside an event loop: the
// clock moves on, but the loop is stuck inside this task, so nothing else runs.
func (l *Loop) Sleep(d time.Duration) {
	l.rec.block(l, d)
	l.now += d
	l.rec.resume(l)
}

// Run resumes the tasks, earliest wake-up time first, until none is left,
// and returns the time at which the last one finished.
func (l *Loop) Run() time.Duration {
	defer func() { // if a task panics, unwind the others: no coroutine is left behind
		for _, e := range l.timers {
			e.task.stop()
		}
	}()
	for l.timers.Len() > 0 {
		e := heap.Pop(&l.timers).(timer) // the task that is due first

		// Wait until it is due: the loop's only blocking call. A real loop
		// sleeps here (time.Sleep, epoll_wait); ours moves a virtual clock.
		l.now = max(l.now, e.at)

		l.current = e.task
		l.rec.run(l, e)
		wake, ok := e.task.next() // the task runs until its next yield (or return)
		l.current = nil
		if !ok {
			l.rec.done(l, e.task)
			continue
		}
		l.push(wake, e.task)
		l.rec.sleep(l, e.task, wake)
	}
	return l.now
}

// push puts task t on the heap, due at time at.
func (l *Loop) push(at time.Duration, t *task) {
	l.seq++
	heap.Push(&l.timers, timer{at: at, seq: l.seq, task: t})
}

// timerHeap is a min-heap of timers by time, then push order (for container/heap).
type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
