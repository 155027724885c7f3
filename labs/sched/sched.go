// Package sched is conclab's deterministic virtual-time scheduler: the engine
// behind every built-in variant.
//
// A task is an ordinary Go function that receives a *Task and calls it to
// pass time: Sleep gives its worker back until a timer fires, Block makes a
// blocking call that keeps the worker, Compute does CPU work on it. Printf
// prints a line stamped with the virtual time; Go, Wait and Gather spawn and
// join tasks; Chan and Signal let tasks hand values over and cancel each
// other; Mutex is sync.Mutex. A run in which no task can run again ends
// with a DeadlockError that names the cycle of mutexes, if there is one.
//
// Workers model the execution resource: 1 worker is a single-threaded event
// loop, N workers are threads or cores. The same task code run with 1 or N
// workers is the concurrency-vs-parallelism experiment. The Model decides what
// a blocking call and CPU work do to the worker (see Model).
//
// Time is virtual: nothing sleeps, a 12-hour run takes microseconds, and the
// same inputs give the same trace, byte for byte. Ties are broken by a stable
// order: timers that fire at the same instant fire in the order they were set,
// the ready queue is first in, first out, and the lowest free worker runs the
// next task.
//
// The Cooperative model runs in the iterations of CPython's asyncio loop (see
// Cooperative): what a task's step makes ready, and the timers that come due
// meanwhile, wait for the next iteration.
//
// Tasks run as coroutines (iter.Pull): only one runs at a time in the host, so
// task code needs no locks to share data with other tasks of the same Sim. A
// Sim is not safe for concurrent use.
package sched

import (
	"errors"
	"fmt"
	"iter"
	"time"

	"conclab/labs/trace"
)

// Model is how a blocking call and CPU work treat the worker that runs them.
type Model int

const (
	// Cooperative is an event loop (asyncio, a toy loop, run-until-yield): a
	// task keeps its worker until it sleeps or waits; Block and Compute hold it.
	//
	// The loop runs in iterations, as asyncio's does (BaseEventLoop._run_once
	// in CPython's Lib/asyncio/base_events.py, 3.8 to 3.13): when nothing is
	// ready it waits for the earliest timer; then the timers that came due
	// join the end of the ready queue, and exactly the entries ready at that
	// point run; whatever they make ready runs in a later iteration. A task's
	// step is one entry, and so is the callback of a sleep's timer: it only
	// completes the sleep's future (asyncio.sleep in Lib/asyncio/tasks.py
	// sets the result with loop.call_later), and the future queues the task's
	// next step with call_soon (Future.__schedule_callbacks in futures.py),
	// so a task whose sleep ends runs one iteration after its timer's
	// callback, behind what was ready before it. Yield and Sleep(0) are
	// asyncio.sleep(0): a bare yield that queues the task's next step at once
	// (tasks.__sleep0, handled by Task.__step with call_soon). Spawning a
	// task, a channel hand-off, a signal and the end of a joined task queue
	// the woken task the same way (create_task and future callbacks use
	// call_soon). With several workers the loops share one ready queue and
	// its iterations.
	Cooperative Model = iota
	// GIL is threads under CPython's global interpreter lock, the "new GIL"
	// of Python 3.2 and later (take_gil and drop_gil in Python/ceval_gil.c):
	// only one task computes at a time (the model uses a single worker, the
	// lock, whatever Config.Workers says), and a blocking call (Block, Sleep,
	// Wait) releases the lock, as CPython releases it around a blocking
	// system call (Py_BEGIN_ALLOW_THREADS, e.g. in _Py_read).
	//
	// A task that wants the lock while another holds it waits Quantum, the
	// switch interval (sys.getswitchinterval(), 5 ms): a timed wait on the
	// lock's condition variable. If the lock changed hands during that wait
	// it waits another interval; if not, it sets the drop request, and the
	// holder drops the lock at its next eval-breaker check, which the model
	// takes to be at once, in the middle of its CPU work (the rest of it
	// waits for its next turn). So the interval counts from when the waiter
	// began to wait, not from when the holder took the lock: a thread back
	// from 1 ms of I/O beside a CPU-bound thread gets the lock 5 ms later,
	// every time (David Beazley's convoy effect, bpo-7946). The dropped
	// holder starts its own timed wait only once another thread has taken
	// the lock (FORCE_SWITCHING). When the lock is released, the task that
	// has waited longest takes it (CPython signals the condition variable and
	// the system picks one waiter; with two threads there is no choice). A
	// waiter's timed wait that ends without a request records no event.
	GIL
	// GoRuntime is goroutines on GOMAXPROCS = Workers: CPU work is preempted
	// every Quantum when others are ready, and a blocking call parks only its
	// own goroutine.
	GoRuntime
)

func (m Model) String() string {
	switch m {
	case Cooperative:
		return "cooperative"
	case GIL:
		return "gil"
	case GoRuntime:
		return "go"
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// Config sets up a Sim. The zero value is a single-threaded cooperative loop.
type Config struct {
	Model Model
	// Workers is the number of workers (event loops, threads, cores); 0 means
	// 1, and more than trace.MaxWorkers+1 (32768) means that many.
	Workers int
	// Quantum is the time slice of GoRuntime (10ms when zero), and under GIL
	// the switch interval: how long a task waits for the lock before it asks
	// the holder to drop it (5ms when zero, CPython's default
	// sys.getswitchinterval()). Cooperative ignores it.
	Quantum time.Duration
	// SlowTask turns the debug mode on: a task that holds a worker for this
	// long or longer without giving it back gets a Warning in the trace, as
	// asyncio's debug mode logs a callback that took at least
	// loop.slow_callback_duration (`if dt >= self.slow_callback_duration` in
	// _run_once; the default is 0.1 s). 0 is off.
	SlowTask time.Duration
	// Snapshots records the run, ready and timer queues with every event
	// (for the step view); it costs memory, so it is off by default.
	Snapshots bool
	// Sites records where each task parks (the line of the call that made
	// it wait, sleep, block or compute: trace.Task.Sites), at a cost of one
	// stack read per call (see BenchmarkEventsSites); SetSites turns it on
	// for every Sim.
	Sites bool
	// MaxEvents stops a run that records more events than this with an error
	// (a guard against runaway lab parameters); 0 means DefaultMaxEvents.
	MaxEvents int
}

// DefaultMaxEvents is the event budget of a run when Config.MaxEvents is 0.
const DefaultMaxEvents = 50_000_000

// ErrDeadlock is wrapped by the error of a run in which tasks remain but none can ever run.
var ErrDeadlock = errors.New("deadlock: all tasks are asleep")

// Sim is one simulation: tasks, workers, a ready queue and a timer heap on a
// virtual clock. Make one with New, add tasks with Go, then Run it or Step it.
type Sim struct {
	cfg     Config
	now     time.Duration
	tasks   []*Task
	live    int
	workers []*Task // the task each worker holds, nil when idle
	ready   fifo
	batch   int     // Cooperative: entries of ready still to run in this loop iteration
	due     []entry // Cooperative: timer callbacks that came due; they join ready when the next iteration starts
	timers  timerHeap
	seq     uint64
	events  trace.Events
	output  []trace.Line
	warns   []trace.Warning
	err     error
	over    bool
	end     time.Duration
	gil     gilState         // GIL: the lock's holder, waiters and switch number
	main    *Task            // the task whose return ends the run (Main); nil: the run ends when every task has
	locks   map[*Task]*Mutex // the mutex each task waiting in Mutex.Lock waits for (see mutex.go)
	sites   *siteTable       // non-nil when the run records sites (Config.Sites)
}

// New returns an empty simulation at time 0.
func New(cfg Config) *Sim {
	if cfg.Workers <= 0 || cfg.Model == GIL {
		cfg.Workers = 1
	}
	cfg.Workers = min(cfg.Workers, trace.MaxWorkers+1)
	if cfg.Quantum <= 0 {
		cfg.Quantum = 10 * time.Millisecond
		if cfg.Model == GIL {
			cfg.Quantum = 5 * time.Millisecond
		}
	}
	if cfg.MaxEvents <= 0 {
		cfg.MaxEvents = DefaultMaxEvents
	}
	cfg.Sites = cfg.Sites || sitesByDefault.Load()
	s := &Sim{cfg: cfg, workers: make([]*Task, cfg.Workers)}
	if cfg.Sites {
		s.sites = &siteTable{ids: map[uintptr]*trace.Site{}}
	}
	return s
}

// Config returns the configuration in force (defaults filled in).
func (s *Sim) Config() Config { return s.cfg }

// Now is the virtual time.
func (s *Sim) Now() time.Duration { return s.now }

// Err is why the run stopped early: a deadlock, a task's panic, the event budget; nil otherwise.
func (s *Sim) Err() error { return s.err }

// Go adds a top-level task, ready to run at the current time. Tasks added
// before Run start in the order they were added.
func (s *Sim) Go(name string, fn func(*Task)) *Task {
	return s.spawn(name, "", fn)
}

// Run runs every task to the end and returns the trace. The error is non-nil
// if the run stopped early (a deadlock, a panic in a task, the event budget);
// the trace then holds what happened until then.
func (s *Sim) Run() (*trace.Trace, error) {
	for s.Step() {
	}
	return s.Trace(), s.err
}

// Step performs one scheduling event: a ready task gets a free worker and runs
// until it next gives way, or the earliest timer fires. Under Cooperative a
// step can also be a timer's callback, which queues its task (see
// Cooperative) and records no event. It reports whether there may be more to
// do; after the last step, Err says whether the run ended well.
func (s *Sim) Step() bool {
	if s.over {
		return false
	}
	if s.events.Len() >= s.cfg.MaxEvents {
		s.fail(fmt.Errorf("stopped after %d events at %s: the run is too large (lower the parameters)", s.events.Len(), trace.Clock(s.now)))
		return false
	}
	switch s.cfg.Model {
	case Cooperative:
		return s.stepLoop()
	case GIL:
		return s.stepGIL()
	}
	if w := s.idleWorker(); w >= 0 && s.ready.len() > 0 {
		s.dispatch(s.ready.pop().t, w)
		return s.check()
	}
	return s.fireNext()
}

// stepLoop is Step under Cooperative, in the order of asyncio's
// BaseEventLoop._run_once: when an iteration ends, the timers due now are
// handled first, then the callbacks of the timers that came due join the end
// of the ready queue (`self._ready.append(handle)`) and the new iteration
// runs exactly the entries ready at that point (`ntodo = len(self._ready)`);
// with nothing ready the loop waits for the earliest timer (the selector's
// timeout). A worker held by a blocking call or CPU work lets time pass: the
// timers that come due meanwhile wait for the next iteration.
func (s *Sim) stepLoop() bool {
	w := s.idleWorker()
	if w >= 0 && s.batch == 0 {
		s.dropStale()
		if s.timers.len() > 0 && s.timers.peek().at <= s.now {
			return s.fireNext()
		}
		for _, e := range s.due {
			s.ready.push(e)
		}
		clear(s.due)
		s.due = s.due[:0]
		s.batch = s.ready.len()
	}
	if w >= 0 && s.batch > 0 {
		s.batch--
		e := s.ready.pop()
		if e.timer {
			s.callback(e)
		} else {
			s.dispatch(e.t, w)
		}
		return s.check()
	}
	return s.fireNext()
}

// fireNext moves the clock to the earliest live timer and fires it; with no
// timer left the run is over, or deadlocked if tasks remain.
func (s *Sim) fireNext() bool {
	for s.timers.len() > 0 {
		e := s.timers.pop()
		if e.gen != e.task.gen {
			continue // a wake-up that lost a race (SleepUntil): nothing happens
		}
		s.now = e.at
		s.fire(e)
		return s.check()
	}
	if s.live > 0 {
		s.fail(s.deadlock())
		return false
	}
	s.over = true
	return false
}

// dropStale pops the timers at the top of the heap that lost a race.
func (s *Sim) dropStale() {
	for s.timers.len() > 0 {
		if e := s.timers.peek(); e.gen == e.task.gen {
			return
		}
		s.timers.pop()
	}
}

func (s *Sim) check() bool {
	if s.err != nil || s.exit() {
		return false
	}
	if s.live == 0 && s.timers.len() == 0 {
		s.over = true
		return false
	}
	return true
}

func (s *Sim) fail(err error) {
	if s.err == nil {
		s.err = err
	}
	s.over = true
	for _, t := range s.tasks {
		if !t.done && t.stop != nil {
			t.killed = true
			t.stop()
		}
	}
}

// deadlock is the error of a run in which no task can ever run again: who
// waits for what, and the cycle of mutexes if there is one (deadlock.go).
func (s *Sim) deadlock() error { return newDeadlock(s) }

func (s *Sim) idleWorker() int {
	for i, t := range s.workers {
		if t == nil {
			return i
		}
	}
	return -1
}

func (s *Sim) spawn(name, parent string, fn func(*Task)) *Task {
	t := &Task{sim: s, name: name, ref: s.events.Ref(name), parent: parent, fn: fn, id: len(s.tasks), worker: trace.NoWorker,
		state: trace.Ready, since: s.now, spans: make([]trace.Span, 0, 4)}
	s.tasks = append(s.tasks, t)
	s.live++
	s.ready.push(entry{t: t})
	return t
}

// dispatch gives worker w to the ready task t and runs it until it gives way.
func (s *Sim) dispatch(t *Task, w int) {
	if s.cfg.Model == GIL {
		s.gilTake(t)
	}
	s.workers[w] = t
	t.heldSince = s.now
	t.set(trace.Running, w, 0)
	s.record(evRun, t)
	if t.remaining > 0 { // preempted CPU work goes on
		s.slice(t)
		return
	}
	s.resume(t)
}

// fire handles a timer that came due.
func (s *Sim) fire(e timer) {
	t := e.task
	switch e.kind {
	case wakeTimer: // a sleep's timer, a deadline, or a parked blocking call that returns
		if s.cfg.Model == Cooperative {
			s.expire(t, e)
		} else if t.on == trace.OnIO {
			s.wake(t, nil, trace.CauseIO)
		} else {
			s.wake(t, nil, trace.CauseTimer)
		}
	case resumeTimer: // a blocking call or CPU work finished; the task still holds its worker
		t.set(trace.Running, t.worker, 0)
		s.record(evResume, t)
		s.resume(t)
	case gilTimer:
		s.gilTimeout(e)
	case sliceTimer:
		t.remaining -= e.slice
		switch {
		case t.remaining == 0:
			s.record(evResume, t)
			s.resume(t)
		case s.ready.len() > 0:
			w := t.worker
			s.release(t)
			t.set(trace.Ready, trace.NoWorker, 0)
			s.ready.push(entry{t: t})
			s.recordOn(evPreempt, t, w, 0, "")
		default:
			s.slice(t)
		}
	}
}

// slice schedules the next time slice of t's CPU work.
func (s *Sim) slice(t *Task) {
	d := min(t.remaining, s.cfg.Quantum)
	if s.cfg.Model == GIL { // all of it: only a drop request cuts it short (see GIL)
		d = t.remaining
		s.gilCompute()
	}
	s.push(timer{at: s.now + d, task: t, kind: sliceTimer, gen: t.gen, slice: d})
}

// resume runs t's code until it gives way (sleeps, blocks, computes, waits or returns).
func (s *Sim) resume(t *Task) {
	if t.next == nil {
		t.next, t.stop = iter.Pull(t.body())
	}
	if _, ok := t.next(); ok {
		s.serve(t)
		return
	}
	// The task returned (or panicked).
	if f, ok := t.panicked.(fatal); ok { // Go's fatal errors (see Mutex.Unlock)
		s.fail(fmt.Errorf("%w (%s, task %s at %s)", f.err, f.about, t.name, trace.Clock(s.now)))
		return
	}
	if t.panicked != nil {
		s.fail(fmt.Errorf("task %s panicked at %s: %v", t.name, trace.Clock(s.now), t.panicked))
		return
	}
	t.done = true
	t.endSites()
	s.live--
	w := t.worker
	s.release(t)
	t.set(trace.Done, trace.NoWorker, 0)
	s.recordOn(evDone, t, w, 0, "")
	if s.now > s.end {
		s.end = s.now
	}
	for _, j := range t.joiners {
		j.pending--
		if j.pending == 0 {
			s.wake(j, t, trace.CauseDone) // t's last event is its "done"
		}
	}
	t.joiners = nil
}

// release gives t's worker back, with a debug warning if t held it too long.
// The caller moves t to a state without a worker right after.
func (s *Sim) release(t *Task) {
	if t.worker < 0 {
		return
	}
	if held := s.now - t.heldSince; s.cfg.SlowTask > 0 && held >= s.cfg.SlowTask {
		s.warns = append(s.warns, trace.Warning{At: t.heldSince, Task: t.name, Held: held,
			Text: fmt.Sprintf("task %s held worker %d for %s without giving way (limit %s)", t.name, t.worker, held, s.cfg.SlowTask)})
	}
	s.workers[t.worker] = nil // t.worker itself changes with the task's next set
}

// wake makes a waiting task ready now: it joins the end of the ready queue
// (under Cooperative, asyncio's call_soon: it runs in the next iteration).
// The wake event says why: task by's operation (during its last event), or
// a timer or I/O when by is nil.
func (s *Sim) wake(t, by *Task, cause trace.CauseKind) {
	t.gen++
	t.set(trace.Ready, trace.NoWorker, 0)
	s.ready.push(entry{t: t})
	s.recordWake(t, by, cause)
}

// expire handles a sleep's timer that came due under Cooperative: its
// callback waits in s.due for the next iteration. The task's sleep is over,
// so the trace shows it ready from now on, waiting for the loop.
func (s *Sim) expire(t *Task, e timer) {
	s.due = append(s.due, entry{t: t, timer: true, gen: e.gen, at: e.at})
	t.set(trace.Ready, trace.NoWorker, 0)
	s.recordWake(t, nil, trace.CauseTimer)
}

// callback runs the callback of a sleep's timer (Cooperative): it completes
// the sleep, and the task's next step joins the end of the ready queue. If
// the task was woken meanwhile (a signal cut the sleep short) it does nothing,
// as futures._set_result_unless_cancelled does for a cancelled future.
func (s *Sim) callback(e entry) {
	if e.gen != e.t.gen {
		return
	}
	e.t.gen++
	s.ready.push(entry{t: e.t})
}

func (s *Sim) push(e timer) {
	s.seq++
	e.seq = s.seq
	s.timers.push(e)
}

func (s *Sim) record(kind eventKind, t *Task) { s.recordOn(kind, t, t.worker, 0, "") }

// recordWake records the wake of t and its cause: task by's last event, or
// none (a timer, I/O) when by is nil.
func (s *Sim) recordWake(t, by *Task, cause trace.CauseKind) {
	var q *trace.Queues
	if s.cfg.Snapshots {
		snap := s.Snapshot()
		q = &snap
	}
	ev := trace.NoEvent
	if by != nil {
		ev = by.last
	}
	t.last = s.events.Len()
	s.events.AddCause(s.now, trace.EventWake, t.ref, t.worker, cause, ev, q)
}

// recordOn records an event of task t on worker w (the worker it just left,
// for a sleep), with a duration or a text as its detail.
func (s *Sim) recordOn(kind eventKind, t *Task, w int, d time.Duration, text string) {
	var q *trace.Queues
	if s.cfg.Snapshots {
		snap := s.Snapshot()
		q = &snap
	}
	s.add(kind, t, w, d, text, q)
}

// Snapshot returns who runs on each worker, the ready queue and the pending
// timers, in the order they will be served. Under Cooperative a timer's
// callback waiting in the ready queue shows as "NAME (timer)", and a timer
// that came due stays among the timers, of kind "due", until the next
// iteration starts.
func (s *Sim) Snapshot() trace.Queues {
	q := trace.Queues{Running: make([]string, len(s.workers)), Ready: make([]string, 0, s.ready.len()), Timers: []trace.Timer{}}
	for i, t := range s.workers {
		if t != nil {
			q.Running[i] = t.name
		}
	}
	for _, e := range s.ready.items() {
		if e.timer {
			q.Ready = append(q.Ready, e.t.name+" (timer)")
		} else {
			q.Ready = append(q.Ready, e.t.name)
		}
	}
	for _, e := range s.due { // due, waiting for the next iteration
		if e.gen == e.t.gen {
			q.Timers = append(q.Timers, trace.Timer{At: e.at, Task: e.t.name, Kind: "due"})
		}
	}
	for _, e := range s.timers.sorted() {
		if e.gen == e.task.gen {
			q.Timers = append(q.Timers, trace.Timer{At: e.at, Task: e.task.name, Kind: e.kind.String()})
		}
	}
	return q
}

// EventCount is the number of events recorded so far.
func (s *Sim) EventCount() int { return s.events.Len() }

// Trace returns the record of the run so far; a task still alive has its
// current span closed at the current time.
func (s *Sim) Trace() *trace.Trace {
	tr := &trace.Trace{Total: s.end, Workers: s.cfg.Workers, Tasks: make([]trace.Task, len(s.tasks)),
		Output: s.output, Events: s.events, Warnings: s.warns}
	if !s.over {
		tr.Events = s.events.Clone() // the run goes on adding to its own
	}
	if !s.over || s.err != nil {
		tr.Total = s.now
	}
	for i, t := range s.tasks {
		if s.over && cap(t.spans)-len(t.spans) > len(t.spans)/8 {
			// The run is over: the room left for more spans (up to half of
			// a doubling slice) goes back, once. A long run has millions.
			spans := make([]trace.Span, len(t.spans)) // not nil when empty: JSON says [] for it
			copy(spans, t.spans)
			t.spans = spans
		}
		spans := t.spans
		if !t.done && s.now > t.since {
			spans = append(spans[:len(spans):len(spans)], trace.Span{State: t.state, Worker: t.worker, On: t.on, Start: t.since, End: s.now})
		}
		tr.Tasks[i] = trace.Task{Name: t.name, Parent: t.parent, Spans: spans, Sites: t.sites[:len(t.sites):len(t.sites)]}
	}
	return tr
}

// Close ends a run that will not be stepped to its end: the coroutines of the
// tasks still alive are unwound (their deferred calls run) so no goroutine is
// left behind. Run does not need it; a stepper that stops early does.
func (s *Sim) Close() {
	if !s.over {
		s.over = true
		for _, t := range s.tasks {
			if !t.done && t.stop != nil {
				t.killed = true
				t.stop()
			}
		}
	}
}
