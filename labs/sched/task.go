package sched

import (
	"errors"
	"fmt"
	"iter"
	"time"

	"conclab/labs/trace"
)

// Task is the handle a task's function receives. Its methods pass virtual time
// and must be called only from that task's own function, never from another
// goroutine.
type Task struct {
	sim    *Sim
	name   string
	ref    trace.Ref // name, interned in the run's events
	parent string
	id     int
	fn     func(*Task)

	next  func() (struct{}, bool)
	stop  func()
	yield func(struct{}) bool

	state  trace.State
	worker int
	on     trace.Wait
	since  time.Duration
	spans  []trace.Span

	heldSince time.Duration // when the task last got a worker (debug mode)
	remaining time.Duration // CPU work left under a preemptive model
	gen       uint64        // bumped at every wake-up; stale timers carry an old one
	last      int           // the index of the task's last event: a wake it causes names it (trace.Cause)
	req       request       // what the task asked for when it last parked
	joiners   []*Task
	pending   int  // tasks a Wait still waits for
	signaled  bool // SleepUntil woke up because its Signal fired
	done      bool
	killed    bool
	panicked  any
	sites     []trace.SiteMark // where the task parked, when the run records sites
	via       int              // API calls between the caller and the one that parks (see markSite)
}

var errKilled = errors.New("sched: task stopped")

// Name is the name the task was given.
func (t *Task) Name() string { return t.name }

// Now is the current virtual time.
func (t *Task) Now() time.Duration { return t.sim.now }

// Done reports whether the task has returned.
func (t *Task) Done() bool { return t.done }

func (t *Task) body() iter.Seq[struct{}] {
	return func(yield func(struct{}) bool) {
		t.yield = yield
		defer func() {
			if r := recover(); r != nil && r != errKilled { //nolint:errorlint // sentinel panic value
				t.panicked = r
			}
		}()
		t.fn(t)
	}
}

// park hands control back to the scheduler until the task is resumed.
func (t *Task) park() {
	t.markSite()
	if !t.yield(struct{}{}) {
		panic(errKilled)
	}
}

// set moves the task to a new state at the current time, closing its span.
func (t *Task) set(state trace.State, worker int, on trace.Wait) {
	if state == t.state && worker == t.worker && on == t.on {
		return
	}
	now := t.sim.now
	if now > t.since {
		n := len(t.spans)
		if n > 0 && t.spans[n-1].End == t.since && t.spans[n-1].State == t.state && t.spans[n-1].Worker == t.worker && t.spans[n-1].On == t.on {
			t.spans[n-1].End = now
		} else {
			t.spans = append(t.spans, trace.Span{State: t.state, Worker: t.worker, On: t.on, Start: t.since, End: now})
		}
	}
	t.state, t.worker, t.on, t.since = state, worker, on, now
}

// Sleep gives the worker back and waits d of virtual time (asyncio.sleep, a
// timer, time.Sleep in a goroutine): other tasks run meanwhile. Under
// Cooperative, Sleep(0) is Yield, as asyncio.sleep(0) is.
func (t *Task) Sleep(d time.Duration) { t.ask(opSleep, max(d, 0)) }

// Yield gives the worker to the next ready task and queues up again behind
// it (under Cooperative: await asyncio.sleep(0), which runs the task again in
// the next loop iteration, after everything already ready).
func (t *Task) Yield() { t.ask(opYield, 0) }

// Block makes a blocking call that takes d (time.sleep or requests.get inside
// an event loop). Under Cooperative it keeps the worker, so nothing else runs
// on it meanwhile; under GIL and GoRuntime it parks only this task.
func (t *Task) Block(d time.Duration) { t.ask(opBlock, max(d, 0)) }

// Compute does d of CPU work on the task's worker. Under Cooperative nothing
// else runs on that worker meanwhile; the preemptive models slice it every
// Quantum when other tasks are ready.
func (t *Task) Compute(d time.Duration) {
	if d > 0 {
		t.ask(opCompute, d)
	}
}

// ask hands a request to the scheduler and parks until it is served. The
// scheduler does the work on its own goroutine, which keeps the task's
// coroutine stack small (100 000 tasks fit in 2 KB stacks each).
func (t *Task) ask(op opKind, d time.Duration) {
	t.req = request{op: op, d: d}
	t.park()
}

// Printf prints a line of output, stamped with the current virtual time.
func (t *Task) Printf(format string, args ...any) {
	s := t.sim
	text := fmt.Sprintf(format, args...)
	s.output = append(s.output, trace.Line{At: s.now, Task: t.name, Text: text})
	s.recordOn(evPrint, t, t.worker, 0, text)
}

// Go starts a new task (a goroutine, asyncio.create_task). It is ready at
// once, behind the tasks already ready; the caller goes on running.
func (t *Task) Go(name string, fn func(*Task)) *Task {
	child := t.sim.spawn(name, t.name, fn)
	t.sim.recordOn(evSpawn, t, t.worker, 0, name)
	return child
}

// Wait gives the worker back until every task in tasks has returned (join,
// gather, WaitGroup.Wait). It returns at once if they all have.
func (t *Task) Wait(tasks ...*Task) {
	for _, u := range tasks {
		if !u.done {
			u.joiners = append(u.joiners, t)
			t.pending++
		}
	}
	if t.pending == 0 {
		return
	}
	t.waitOn(trace.OnJoin)
}

// Gather starts one task per function, named name-1, name-2 ..., and waits
// for all of them (asyncio.gather).
func (t *Task) Gather(name string, fns ...func(*Task)) {
	tasks := make([]*Task, len(fns))
	for i, fn := range fns {
		tasks[i] = t.Go(fmt.Sprintf("%s-%d", name, i+1), fn)
	}
	t.Wait(tasks...)
}

// waitOn gives the worker back until another task wakes this one (a channel, a signal, a join).
func (t *Task) waitOn(on trace.Wait) {
	t.req = request{op: opWait, on: on}
	t.park()
}

type opKind uint8

const (
	opSleep opKind = iota + 1
	opYield
	opBlock
	opCompute
	opWait
)

// request is what a parked task asked the scheduler for.
type request struct {
	op opKind
	d  time.Duration
	on trace.Wait
}

// serve carries out the request t parked with; it runs on the scheduler's goroutine.
func (s *Sim) serve(t *Task) {
	r := t.req
	t.req = request{}
	w := t.worker
	switch r.op {
	case opSleep:
		if r.d == 0 && s.cfg.Model == Cooperative {
			s.yield(t, w) // asyncio.sleep(0) is a bare yield (tasks.__sleep0): no timer
			return
		}
		s.release(t)
		t.set(trace.Waiting, trace.NoWorker, trace.OnTimer)
		s.push(timer{at: s.now + r.d, task: t, kind: wakeTimer, gen: t.gen})
		s.recordOn(evSleep, t, w, r.d, "")
	case opYield:
		s.yield(t, w)
	case opBlock:
		if s.cfg.Model == Cooperative {
			t.set(trace.Blocked, w, trace.OnIO)
			s.push(timer{at: s.now + r.d, task: t, kind: resumeTimer, gen: t.gen})
		} else {
			s.release(t)
			t.set(trace.Waiting, trace.NoWorker, trace.OnIO)
			s.push(timer{at: s.now + r.d, task: t, kind: wakeTimer, gen: t.gen})
		}
		s.recordOn(evBlock, t, w, r.d, "")
	case opCompute:
		if s.cfg.Model == Cooperative {
			s.push(timer{at: s.now + r.d, task: t, kind: resumeTimer, gen: t.gen})
		} else {
			t.remaining = r.d
			s.slice(t)
		}
		s.recordOn(evCompute, t, w, r.d, "")
	case opWait:
		s.release(t)
		t.set(trace.Waiting, trace.NoWorker, r.on)
		s.recordOn(evWait, t, w, 0, r.on.String())
	default:
		panic("sched: a task parked without a request (did it call yield itself?)")
	}
}

// yield gives t's worker w back and queues t's next step at the end of the
// ready queue (asyncio: call_soon(self.__step), a later iteration).
func (s *Sim) yield(t *Task, w int) {
	s.release(t)
	t.set(trace.Ready, trace.NoWorker, 0)
	s.ready.push(entry{t: t})
	s.recordOn(evYield, t, w, 0, "")
}
